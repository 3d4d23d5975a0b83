import { render } from "solid-js/web";
import { App } from "./App.tsx";
import { loadClientConfig } from "./config/clientConfig.ts";
import "./index.css";
import { FullPageMessage } from "./ui/FullPageMessage.tsx";

const root = document.getElementById("root");
if (!root) throw new Error('index.html is missing <div id="root">');

try {
  const config = await loadClientConfig(
    (input, init) => fetch(input, init),
    window.location.origin,
  );
  document.title = config.brand;
  if (/^\/guest\/?$/.test(window.location.pathname)) {
    // An emailed meeting invitation: no sign-in, its own small chunk.
    const { GuestPage } = await import("./features/guest/GuestPage.tsx");
    render(() => <GuestPage brand={config.brand} homeserverUrl={config.homeserverUrl} />, root);
  } else {
    render(() => <App config={config} />, root);
  }
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  render(
    () => (
      <FullPageMessage tone="error" title="Staffroom could not start">
        {message} Ask your admin to check the client's config.json.
      </FullPageMessage>
    ),
    root,
  );
}
