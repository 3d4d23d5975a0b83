/**
 * The demo organisation seeded by `npm start` on first run (embedded profile only: a
 * docker-compose deployment never creates demo accounts). Synapse accounts with random
 * passwords, plus a staff directory file for provisioning.
 */
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { stringify } from "yaml";
import { runCli } from "../../appservice/src/cli/main.ts";
import {
  HomeserverError,
  randomToken,
  registerWithSharedSecret,
} from "@staffroom/appservice/setup";

/** One line of `.data/demo-logins.json` (a fixed contract: scripts and docs read it). */
export type DemoLogin = { user_id: string; password: string; admin: boolean };

type DemoPerson = {
  localpart: string;
  name: string;
  /** Org admin (admin routes; power 100 in every managed room). */
  admin: boolean;
  departments: string[];
  /** Departments this person administers (power 50 there). */
  leads?: string[];
};

const DEPARTMENTS = [
  { id: "circulation", name: "Circulation", topic: "Loans, returns, holds and the front desk" },
  { id: "reference", name: "Reference", topic: "Questions from patrons and research help" },
  {
    id: "technical-services",
    name: "Technical Services",
    topic: "Cataloguing, acquisitions and systems",
  },
];

const PEOPLE: DemoPerson[] = [
  {
    localpart: "alice",
    name: "Alice Archer",
    admin: false,
    departments: ["circulation", "reference"],
  },
  { localpart: "bob", name: "Bob Baker", admin: false, departments: ["circulation"] },
  {
    localpart: "carol",
    name: "Carol Chen",
    admin: false,
    departments: ["reference", "technical-services"],
    leads: ["reference"],
  },
  { localpart: "dana", name: "Dana Diaz", admin: true, departments: ["technical-services"] },
];

/** The demo directory as written to `.data/directory.yaml`. */
export function demoDirectory(serverName: string): string {
  const id = (localpart: string) => `@${localpart}:${serverName}`;
  const directory = {
    operators: PEOPLE.map((p) => ({ user_id: id(p.localpart), display_name: p.name })),
    departments: DEPARTMENTS.map((d) => {
      const leads = PEOPLE.filter((p) => p.leads?.includes(d.id)).map((p) => id(p.localpart));
      return {
        ...d,
        members: PEOPLE.filter((p) => p.departments.includes(d.id)).map((p) => id(p.localpart)),
        ...(leads.length > 0 ? { admins: leads } : {}),
      };
    }),
    admins: PEOPLE.filter((p) => p.admin).map((p) => id(p.localpart)),
  };
  return (
    "# Demo staff directory, written by `npm start` on first run. Edit it freely: the appservice\n" +
    "# applies each saved change within a second (and on SIGHUP); a file with mistakes is logged\n" +
    "# and ignored. Format: appservice/README.md (Staff directory), appservice/directory.sample.yaml.\n" +
    stringify(directory)
  );
}

/**
 * Seeds the demo org once: registers each person and writes the directory and demo logins.
 * If `loginsPath` exists the org is already seeded and its logins are returned unchanged.
 */
export async function seedDemoOrg(opts: {
  homeserverUrl: string;
  serverName: string;
  sharedSecret: string;
  directoryPath: string;
  loginsPath: string;
}): Promise<{ logins: DemoLogin[]; created: boolean }> {
  if (existsSync(opts.loginsPath)) {
    return {
      logins: JSON.parse(await readFile(opts.loginsPath, "utf8")) as DemoLogin[],
      created: false,
    };
  }
  const logins: DemoLogin[] = [];
  for (const person of PEOPLE) {
    const password = randomToken().slice(0, 16);
    try {
      const user = await registerWithSharedSecret({
        homeserverUrl: opts.homeserverUrl,
        sharedSecret: opts.sharedSecret,
        username: person.localpart,
        password,
        displayName: person.name,
      });
      logins.push({ user_id: user.user_id, password, admin: person.admin });
    } catch (error) {
      if (error instanceof HomeserverError && error.errcode === "M_USER_IN_USE") {
        throw new Error(
          `@${person.localpart}:${opts.serverName} already exists but ${opts.loginsPath} is missing, ` +
            "so its password is unknown. Delete .data/ to start over with a fresh demo org.",
          { cause: error },
        );
      }
      throw error;
    }
  }
  if (!existsSync(opts.directoryPath)) {
    await writeFile(opts.directoryPath, demoDirectory(opts.serverName));
  }
  await writeFile(opts.loginsPath, JSON.stringify(logins, null, 2) + "\n", { mode: 0o600 });
  return { logins, created: true };
}

/** The demo FAQ (also the integration tests' sample). */
export const DEMO_FAQ_FILE = fileURLToPath(
  new URL("../../tests/fixtures/faq-sample.csv", import.meta.url),
);

/**
 * Imports the sample FAQ into the group "Library help" with `staffroom faq import` (first run
 * only, like the rest of the demo org). A failure is reported, not fatal: the demo still runs.
 */
export async function importDemoFaq(
  configPath: string,
  say: (line: string) => void,
): Promise<void> {
  const lines: string[] = [];
  const io = {
    out: (l: string) => lines.push(l),
    err: (l: string) => lines.push(l),
    env: process.env,
  };
  const args = ["faq", "import", DEMO_FAQ_FILE, "--group", "Library help", "--config", configPath];
  const code = await runCli(args, io);
  say(
    code === 0
      ? `demo FAQ: ${lines.at(-1) ?? "imported"}`
      : `demo FAQ not imported:\n${lines.join("\n")}`,
  );
}
