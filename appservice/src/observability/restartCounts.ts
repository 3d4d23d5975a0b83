/**
 * Reads the restart counts `npm start`'s supervisor writes (scripts/lib/restartsFile.ts) for the
 * `restarts` part of `/health`. The supervisor names the file in STAFFROOM_RESTARTS_FILE; run any
 * other way (compose, systemd, tests) there is no file and `/health` has no `restarts`.
 */
import { readFile } from "node:fs/promises";
import { z } from "zod";

const countsSchema = z.object({
  appservice: z.number().int().nonnegative(),
  synapse: z.number().int().nonnegative(),
  livekit: z.number().int().nonnegative(),
});

/** Restarts per child since `npm start` began. */
export type RestartCounts = z.infer<typeof countsSchema>;

/** The environment variable naming the counts file. */
export const RESTARTS_FILE_ENV = "STAFFROOM_RESTARTS_FILE";

/**
 * A reader of the counts in the file `env` names, or undefined when it names none. A missing or
 * unreadable file reads as undefined: the supervisor rewrites it atomically, so that only happens
 * when it is gone, and `/health` must still answer.
 */
export function restartCountsFromEnv(
  env: NodeJS.ProcessEnv,
): (() => Promise<RestartCounts | undefined>) | undefined {
  const file = env[RESTARTS_FILE_ENV];
  if (!file) return undefined;
  return async () => {
    try {
      const parsed = countsSchema.safeParse(JSON.parse(await readFile(file, "utf8")));
      return parsed.success ? parsed.data : undefined;
    } catch {
      return undefined;
    }
  };
}
