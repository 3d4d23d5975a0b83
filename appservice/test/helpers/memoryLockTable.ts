import type { LockRow } from "../../src/locks/lockDecision.ts";
import type { LockTable } from "../../src/locks/runLock.ts";

/** Lock rows in a map: the same compare-and-swap contract as db/lockTable.ts. */
export class MemoryLockTable implements LockTable {
  rows = new Map<string, LockRow>();

  read(name: string) {
    const row = this.rows.get(name);
    return Promise.resolve(row === undefined ? undefined : { ...row });
  }
  insert(row: LockRow) {
    if (this.rows.has(row.name)) return Promise.resolve(false);
    this.rows.set(row.name, { ...row });
    return Promise.resolve(true);
  }
  replace(expected: LockRow, next: LockRow) {
    const row = this.rows.get(expected.name);
    if (row?.owner !== expected.owner || row.heartbeatAt !== expected.heartbeatAt) {
      return Promise.resolve(false);
    }
    this.rows.set(next.name, { ...next });
    return Promise.resolve(true);
  }
  beat(name: string, owner: string, at: number) {
    const row = this.rows.get(name);
    if (row?.owner !== owner) return Promise.resolve(false);
    row.heartbeatAt = at;
    return Promise.resolve(true);
  }
  release(name: string, owner: string) {
    if (this.rows.get(name)?.owner === owner) this.rows.delete(name);
    return Promise.resolve();
  }
}
