// Who holds the scrub lease, and when a holder is certainly gone. Pure apart from
// `processExists`, which asks the kernel.
//
// The lease is short and renewed often (see scrubService.ts), so a holder that died on another
// machine blocks a resume for at most one lease. A holder on this machine whose process no longer
// exists (killed, crashed) is taken over at once: a restarted appservice resumes straight away.
// A live process is never taken over: two runs never overlap.

/** A lease holder: the machine, the process and a random token for this process's service. */
export type LeaseHolder = { host: string; pid: number; instance: string };

/** Longest holder string the `scrub_lock.holder` column takes. */
const HOLDER_MAX = 64;
const SEP = "|";

/** The holder as stored: `host|pid|instance`, the host shortened so it fits the column. */
export function formatHolder(holder: LeaseHolder): string {
  const tail = `${SEP}${holder.pid}${SEP}${holder.instance}`;
  const host = holder.host.replaceAll(SEP, "_").slice(0, HOLDER_MAX - tail.length);
  return `${host}${tail}`;
}

/** Reads a stored holder back; undefined for anything else (an older format, a typo). */
export function parseHolder(stored: string): LeaseHolder | undefined {
  const parts = stored.split(SEP);
  if (parts.length !== 3) return undefined;
  const [host, pid, instance] = parts as [string, string, string];
  if (host === "" || instance === "" || !/^[1-9]\d*$/.test(pid)) return undefined;
  return { host, pid: Number(pid), instance };
}

/**
 * Whether the process behind `stored` is certainly gone: it ran on this machine (`self.host`,
 * compared as stored), under another process ID than ours, and no process has that ID now.
 * Anything uncertain (another machine, our own process ID — a container restarted with the
 * same hostname and PID 1 —, an unreadable holder) is not gone: that lease simply expires.
 */
export function holderIsGone(
  stored: string,
  self: LeaseHolder,
  processExists: (pid: number) => boolean,
): boolean {
  const other = parseHolder(stored);
  const ours = parseHolder(formatHolder(self));
  if (other === undefined || ours === undefined) return false;
  if (other.host !== ours.host || other.pid === ours.pid) return false;
  return !processExists(other.pid);
}

/** Whether a process with `pid` exists on this machine (one we may not signal counts too). */
export function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== "ESRCH";
  }
}
