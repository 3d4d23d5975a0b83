import { fileURLToPath } from "node:url";
import tailwindcss from "@tailwindcss/vite";
import { defineConfig, type ProxyOptions } from "vite";
import solid from "vite-plugin-solid";

// The browser talks to one origin; Synapse and the appservice sit behind this proxy, exactly as
// they do behind the production reverse proxy, so the client never needs CORS or absolute URLs.
const synapseUrl = process.env.STAFFROOM_SYNAPSE_URL ?? "http://127.0.0.1:8008";
const apiUrl = process.env.STAFFROOM_API_URL ?? "http://127.0.0.1:9000";

const proxy: Record<string, ProxyOptions> = {
  "/_matrix": { target: synapseUrl, changeOrigin: false },
  "/_synapse/client": { target: synapseUrl, changeOrigin: false },
  "/api": { target: apiUrl, changeOrigin: false },
};

/**
 * Vite config for the web client. Plain data: `scripts/` loads it through Vite's `build()` and
 * `preview()` APIs (`configFile: "client/vite.config.ts"`) and overrides port/proxy there, so
 * `root` is pinned to this folder whatever the caller's working directory is.
 */
export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  plugins: [solid(), tailwindcss()],
  server: { host: "127.0.0.1", port: 8080, strictPort: true, proxy },
  preview: { host: "127.0.0.1", port: 8080, strictPort: true, proxy },
  build: {
    // matrix-js-sdk 43 calls Promise.withResolvers; nothing older than ES2023 browsers has it.
    target: "es2023",
    // matrix-js-sdk is one large chunk by nature; warn only when it grows well past that.
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      output: {
        codeSplitting: {
          // The small building blocks (UI parts, action helpers) that the first screen and the
          // lazily loaded chat pane and dialogs share stay in one chunk: split by who imports
          // them, each piece would cost the first screen one more request and gzip overhead.
          groups: [
            {
              name: "ui",
              test: /[\\/]src[\\/](ui[\\/](Badge|Button|focusRing|Notice|Spinner|TextField)|lib[\\/](createAction|logger|runAction|userFacingError))\.tsx?$/,
            },
          ],
        },
      },
    },
  },
});
