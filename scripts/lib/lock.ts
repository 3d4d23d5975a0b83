/** One running stack per checkout: a pid file in .data/ guards against a second `npm start`. */
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { StartupError } from "./errors.ts";

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Takes the lock or throws naming the running instance. Returns a release function. */
export function takeLock(file: string): () => void {
  if (existsSync(file)) {
    const pid = Number(readFileSync(file, "utf8").trim());
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) {
      throw new StartupError(
        `Staffroom is already running from this folder (pid ${pid}).`,
        `Use that instance, or stop it first (Ctrl-C in its terminal, or kill ${pid}).`,
      );
    }
  }
  writeFileSync(file, `${process.pid}\n`);
  return () => {
    if (existsSync(file) && readFileSync(file, "utf8").trim() === String(process.pid)) rmSync(file);
  };
}
