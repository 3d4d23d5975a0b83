import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, it } from "vitest";
import { runCli } from "../../appservice/src/cli/main.ts";
import { useTestEnv } from "../harness/testEnv.ts";

// `staffroom faq import FILE --group NAME` against the running appservice's database: bad
// files change nothing and name each problem; good ones import, re-imports update by id, and
// the entries are searchable through the API at once.

const env = useTestEnv({ users: ["alice"], admins: ["alice"] });

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l), env: {} },
    out,
    err,
  };
}

it("imports CSV and JSON, refusing bad files as a whole, and shows progress for large ones", async () => {
  const dir = env().synapse.dir;
  const config = env().configPath;
  const bad = join(dir, "bad.csv");
  await writeFile(bad, "\uFEFFid,question,answer,url,keywords\r\nok,Q?,A,,\r\n,Q,,ftp://x,\r\n");
  const refused = capture();
  expect(
    await runCli(["faq", "import", bad, "--group", "Desk", "--config", config], refused.io),
  ).toBe(1);
  expect(refused.err.slice(0, 3)).toEqual([
    "line 3, id: is required",
    "line 3, answer: is required",
    "line 3, url: must be an http:// or https:// address",
  ]);
  const groups = async () =>
    (await fetch(new URL("/api/faq/groups", env().appserviceUrl), {
      headers: { authorization: `Bearer ${env().getUser("alice").accessToken}` },
    }).then((r) => r.json())) as { groups: { name: string; entries: number }[] };
  expect((await groups()).groups).toEqual([]);

  const skipping = capture();
  expect(
    await runCli(
      ["faq", "import", bad, "--group", "Desk", "--skip-invalid", "--config", config],
      skipping.io,
    ),
  ).toBe(0);
  expect(skipping.out).toEqual([
    "Imported 1 of 2 row(s) into Desk: 1 created, 0 updated, 1 skipped",
  ]);

  const large = join(dir, "large.json");
  const rows = Array.from({ length: 3000 }, (_, i) => ({
    id: `q${i}`,
    question: `Question ${i} about parking`,
    answer: "See the desk.",
  }));
  await writeFile(
    large,
    JSON.stringify([{ id: "ok", question: "Q updated?", answer: "A" }, ...rows]),
  );
  const big = capture();
  expect(
    await runCli(["faq", "import", large, "--group", "Desk", "--config", config], big.io),
  ).toBe(0);
  expect(big.out).toEqual([
    "Imported 3001 of 3001 row(s) into Desk: 3000 created, 1 updated, 0 skipped",
  ]);
  expect(big.err.at(-1)).toMatch(/^\[#+\] 100% {2}3,001\/3,001 rows$/);
  expect((await groups()).groups).toMatchObject([{ name: "Desk", entries: 3001 }]);

  const usage = capture();
  expect(await runCli(["faq", "import", large, "--config", config], usage.io)).toBe(2);
  expect(usage.err[0]).toMatch(/^Usage: staffroom faq import FILE --group NAME/);
});
