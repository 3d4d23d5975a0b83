// Who holds a run lock and when a holder is gone, pure apart from `processExists` (asks the
// kernel) and `processIdentity` (made once per process). Shared by the membership sync lock and
// the scrub lease (see runLock.ts).
//
// A holder is a process: its machine, its process ID and a random id made when it started. It
// writes a heartbeat into the lock row every few seconds while it holds the lock. Another process
// takes the lock over:
// - at once when the holder ran on this machine and is certainly gone: no process has its ID any
//   more, or the ID is ours but the random id is not (this process is a later one that got the
//   same ID, e.g. PID 1 in a restarted container);
// - otherwise (another machine sharing the database, or a live process we cannot tell apart
//   from a reused ID) once its heartbeat is older than `staleMs`: a live holder never lets it age.
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";

/** A process as a lock holder. `instance` is random, made once per process. */
export type LockHolder = { host: string; pid: number; instance: string };

/** A lock row: who holds it, which hold (`owner`, one per acquisition) and its last heartbeat. */
export type LockRow = LockHolder & { name: string; owner: string; heartbeatAt: number };

/** Why a lock may or may not be taken. */
export type TakeoverReason =
  "free" | "ours" | "holder-gone" | "holder-restarted" | "stale" | "held";

/** What {@link decideTakeover} answers. */
export type TakeoverDecision = { take: boolean; reason: TakeoverReason };

/** What a decision needs besides the row. */
export type TakeoverContext = {
  self: LockHolder;
  /** The owner token of our own current hold, if we hold one. */
  ownOwner: string | undefined;
  now: number;
  /** A heartbeat older than this (ms) is a dead holder's. */
  staleMs: number;
  processExists: (pid: number) => boolean;
};

/**
 * Whether `row`'s lock may be taken by `ctx.self` now, and why. Another hold within this very
 * process (same host, pid and instance, another owner) is respected like any live holder.
 */
export function decideTakeover(row: LockRow | undefined, ctx: TakeoverContext): TakeoverDecision {
  if (row === undefined) return { take: true, reason: "free" };
  if (ctx.ownOwner !== undefined && row.owner === ctx.ownOwner)
    return { take: true, reason: "ours" };
  const { self } = ctx;
  if (row.host === self.host) {
    if (row.pid === self.pid && row.instance !== self.instance) {
      return { take: true, reason: "holder-restarted" };
    }
    if (row.pid !== self.pid && !ctx.processExists(row.pid)) {
      return { take: true, reason: "holder-gone" };
    }
  }
  if (ctx.now - row.heartbeatAt > ctx.staleMs) return { take: true, reason: "stale" };
  return { take: false, reason: "held" };
}

/**
 * Whether a process that recorded itself as `holder` is certainly gone, as seen from `self`: on
 * this machine and dead, or restarted under our process ID. Says nothing about other machines.
 */
export function holderIsGone(
  holder: LockHolder,
  self: LockHolder,
  processExists: (pid: number) => boolean,
): boolean {
  if (holder.host !== self.host) return false;
  if (holder.pid === self.pid) return holder.instance !== self.instance;
  return !processExists(holder.pid);
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

const HOST_MAX = 200;
let identity: LockHolder | undefined;

/** This process as a lock holder (the same object for the life of the process). */
export function processIdentity(): LockHolder {
  identity ??= {
    host: hostname().slice(0, HOST_MAX),
    pid: process.pid,
    instance: randomBytes(6).toString("hex"),
  };
  return identity;
}

const SEP = "|";

/** A holder as one string, `host|pid|instance` (how run rows record who ran them). */
export function formatHolder(holder: LockHolder): string {
  return `${holder.host.replaceAll(SEP, "_")}${SEP}${holder.pid}${SEP}${holder.instance}`;
}

/** Reads {@link formatHolder}'s string back; undefined for anything else. */
export function parseHolder(stored: string): LockHolder | undefined {
  const parts = stored.split(SEP);
  if (parts.length !== 3) return undefined;
  const [host, pid, instance] = parts as [string, string, string];
  if (host === "" || instance === "" || !/^[1-9]\d*$/.test(pid)) return undefined;
  return { host, pid: Number(pid), instance };
}
