import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  DirectoryError,
  parseDirectory,
  parseDirectoryText,
} from "../../src/directory/parseDirectory.ts";
import { findOperator, isAdmin } from "../../src/directory/org.ts";
import { DIRECTORY_YAML } from "../helpers/files.ts";

function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof DirectoryError)
      return error.problems.map((p) => `${p.path}: ${p.message}`);
    throw error;
  }
  throw new Error("expected a DirectoryError");
}

describe("parseDirectory", () => {
  it("builds the Org model", () => {
    const org = parseDirectoryText(DIRECTORY_YAML, { serverName: "staffroom.local" });
    expect(org).toEqual({
      operators: [
        { userId: "@alice:staffroom.local", displayName: "Alice Archer" },
        { userId: "@dana:staffroom.local", displayName: "Dana Dean" },
      ],
      departments: [
        { id: "circulation", name: "Circulation", members: ["@alice:staffroom.local"] },
      ],
      admins: ["@dana:staffroom.local"],
    });
    expect(isAdmin(org, "@dana:staffroom.local")).toBe(true);
    expect(isAdmin(org, "@alice:staffroom.local")).toBe(false);
    expect(findOperator(org, "@alice:staffroom.local")?.displayName).toBe("Alice Archer");
  });

  it("accepts the committed sample", () => {
    const sample = readFileSync(
      path.resolve(import.meta.dirname, "../../directory.sample.yaml"),
      "utf8",
    );
    const org = parseDirectoryText(sample, { serverName: "staffroom.local" });
    expect(org.departments.map((d) => d.id)).toEqual(["circulation", "reference"]);
    expect(org.operators[0]?.email).toBe("alice@staffroom.local");
  });

  it("defaults departments and admins to empty lists", () => {
    const org = parseDirectory({ operators: [{ user_id: "@a:hs", display_name: "A" }] });
    expect(org.departments).toEqual([]);
    expect(org.admins).toEqual([]);
  });

  it("names members who are not listed operators", () => {
    const raw = {
      operators: [{ user_id: "@alice:staffroom.local", display_name: "Alice" }],
      departments: [
        { id: "a", name: "A", members: ["@alice:staffroom.local"] },
        { id: "b", name: "B", members: ["@zed:staffroom.local"] },
      ],
    };
    expect(problemsOf(() => parseDirectory(raw))).toEqual([
      "departments[1].members[0]: @zed:staffroom.local is not a listed operator",
    ]);
  });

  it("reports duplicates, bad ids, foreign users and field errors with their paths", () => {
    const raw = {
      operators: [
        { user_id: "@alice:staffroom.local", display_name: "Alice" },
        { user_id: "@alice:staffroom.local", display_name: "Alice again" },
        { user_id: "@eve:elsewhere.org", display_name: "Eve" },
      ],
      departments: [
        { id: "desk", name: "Desk", members: ["@alice:staffroom.local", "@alice:staffroom.local"] },
        { id: "desk", name: "Desk 2" },
      ],
      admins: ["@root:elsewhere.org"],
    };
    expect(problemsOf(() => parseDirectory(raw, { serverName: "staffroom.local" }))).toEqual([
      "operators[1].user_id: @alice:staffroom.local is listed twice (first at operators[0])",
      "operators[2].user_id: @eve:elsewhere.org is not a user of this homeserver (staffroom.local)",
      "departments[0].members[1]: @alice:staffroom.local is listed twice in this department",
      'departments[1].id: "desk" is used twice (first at departments[0])',
      "admins[0]: @root:elsewhere.org is not a user of this homeserver (staffroom.local)",
    ]);
  });

  it("reports schema errors (all of them) before cross-checks", () => {
    const raw = {
      operators: [{ user_id: "alice", display_name: "", email: "not-an-email" }],
      departments: [{ id: "Front Desk", name: "Front", members: [], colour: "red" }],
    };
    expect(problemsOf(() => parseDirectory(raw))).toEqual([
      "operators[0].user_id: must be a Matrix user ID such as @alice:staffroom.local",
      "operators[0].display_name: must not be empty",
      "operators[0].email: must be an email address",
      "departments[0].id: must use only lowercase letters, digits and dashes",
      "departments[0].colour: unknown key",
    ]);
  });
});
