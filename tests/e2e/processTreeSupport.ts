/**
 * The processes a test's `npm start` runs, read from /proc: to name each one, kill one, and
 * check that none is left once it stopped.
 */
import type { ChildProcess } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { waitFor } from "../harness/waitFor.ts";

/** Whether `pid` still exists. */
export const alive = (pid: number) => existsSync(`/proc/${pid}`);

/** Every process below `root` (pid → command line). */
export function descendants(root: number): Map<number, string> {
  const parent = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      // "pid (comm) state ppid …": comm may hold spaces and parentheses.
      parent.set(Number(entry), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
    } catch {
      // It ended while the list was read.
    }
  }
  const found = new Map<number, string>();
  const visit = (pid: number) => {
    for (const [child, of] of parent) {
      if (of !== pid || found.has(child)) continue;
      try {
        found.set(child, readFileSync(`/proc/${child}/cmdline`, "utf8").split("\0").join(" "));
      } catch {
        continue;
      }
      visit(child);
    }
  };
  visit(root);
  return found;
}

/**
 * Stops `child` as Ctrl-C would and waits up to `timeoutMs`; then kills it and every process
 * that was below it and is still there (a failed test must not leave a stack running).
 */
export async function stopTree(child: ChildProcess, timeoutMs: number): Promise<void> {
  if (child.pid === undefined) return;
  const tree = [child.pid, ...descendants(child.pid).keys()];
  child.kill("SIGINT");
  await waitFor(
    "npm start to stop",
    () => Promise.resolve(child.exitCode !== null || child.signalCode !== null || undefined),
    { timeoutMs, intervalMs: 250 },
  ).catch(() => undefined);
  for (const pid of tree.filter(alive)) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // Gone meanwhile.
    }
  }
}
