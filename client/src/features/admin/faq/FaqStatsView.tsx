import { createResource, For, Show, type JSX } from "solid-js";
import type { FaqAdminApi } from "../../../api/faqAdminApi.ts";
import { Button } from "../../../ui/Button.tsx";
import { Notice } from "../../../ui/Notice.tsx";

/** Which FAQs staff share most, and which were never shared (shares seen by the appservice). */
export function FaqStatsView(props: {
  api: Pick<FaqAdminApi, "faqStats">;
  version: number;
}): JSX.Element {
  const [stats, { refetch }] = createResource(
    () => props.version,
    () => props.api.faqStats(),
  );
  return (
    <section aria-labelledby="faq-stats-heading" class="flex flex-col gap-3">
      <div class="flex items-center gap-3">
        <h2 id="faq-stats-heading" class="text-base font-semibold">
          Sharing
        </h2>
        <Button class="px-2 py-1" onClick={() => void refetch()}>
          Refresh
        </Button>
      </div>
      <Show when={stats.error !== undefined}>
        <Notice tone="error">Could not load the sharing figures.</Notice>
      </Show>
      <Show when={stats.latest}>
        {(current) => (
          <>
            <p class="text-sm text-slate-700">
              {current().total_shares.toLocaleString()} shares in chats so far, from Staffroom and
              from the <code>!faq share</code> command.
            </p>
            <Show
              when={current().most_shared.length > 0}
              fallback={<p class="text-sm text-slate-600">No FAQ has been shared yet.</p>}
            >
              <table class="w-full max-w-3xl text-left text-sm">
                <caption class="mb-1 text-left text-sm font-semibold">Most shared</caption>
                <thead class="text-slate-600">
                  <tr>
                    <th scope="col" class="py-1 pr-3 font-medium">
                      Question
                    </th>
                    <th scope="col" class="py-1 pr-3 font-medium">
                      Group
                    </th>
                    <th scope="col" class="py-1 pr-3 text-right font-medium">
                      Shares
                    </th>
                    <th scope="col" class="py-1 font-medium">
                      Last shared
                    </th>
                  </tr>
                </thead>
                <tbody class="divide-y divide-slate-200">
                  <For each={current().most_shared}>
                    {(row) => (
                      <tr>
                        <td class="py-1 pr-3">{row.question}</td>
                        <td class="py-1 pr-3">{row.group}</td>
                        <td class="py-1 pr-3 text-right tabular-nums">{row.shares}</td>
                        <td class="py-1">{new Date(row.last_shared_at).toLocaleString()}</td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </Show>
            <Show when={current().never_shared.length > 0}>
              <h3 class="text-sm font-semibold">
                Never shared ({current().never_shared_total.toLocaleString()})
              </h3>
              <ul class="list-disc pl-5 text-sm text-slate-700" aria-label="Never shared">
                <For each={current().never_shared}>
                  {(row) => (
                    <li>
                      {row.question} <span class="text-slate-600">({row.group})</span>
                    </li>
                  )}
                </For>
              </ul>
              <Show when={current().never_shared_total > current().never_shared.length}>
                <p class="text-sm text-slate-600">
                  …and{" "}
                  {(current().never_shared_total - current().never_shared.length).toLocaleString()}{" "}
                  more.
                </p>
              </Show>
            </Show>
          </>
        )}
      </Show>
    </section>
  );
}
