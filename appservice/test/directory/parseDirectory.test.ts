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

const HS = "staffroom.local";

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

const op = (userId: string, displayName = userId) => ({
  user_id: userId,
  display_name: displayName,
});

describe("parseDirectory", () => {
  it("builds the Org model from a v1 file (full user IDs, no topics or department admins)", () => {
    const org = parseDirectoryText(DIRECTORY_YAML, { serverName: HS });
    expect(org).toEqual({
      operators: [
        { userId: "@alice:staffroom.local", displayName: "Alice Archer" },
        { userId: "@dana:staffroom.local", displayName: "Dana Dean" },
      ],
      departments: [
        {
          id: "circulation",
          name: "Circulation",
          members: ["@alice:staffroom.local"],
          admins: [],
        },
      ],
      admins: ["@dana:staffroom.local"],
    });
    expect(isAdmin(org, "@dana:staffroom.local")).toBe(true);
    expect(isAdmin(org, "@alice:staffroom.local")).toBe(false);
    expect(findOperator(org, "@alice:staffroom.local")?.displayName).toBe("Alice Archer");
  });

  it("accepts the committed sample (v2: localparts, topics, department admins)", () => {
    const sample = readFileSync(
      path.resolve(import.meta.dirname, "../../directory.sample.yaml"),
      "utf8",
    );
    const org = parseDirectoryText(sample, { serverName: HS });
    expect(org.departments.map((d) => d.id)).toEqual(["circulation", "reference"]);
    expect(org.operators[0]?.email).toBe("alice@staffroom.local");
    expect(org.operators.map((o) => o.userId)).toContain("@bob:staffroom.local");
    expect(org.departments[0]?.topic).toBeTruthy();
    expect(org.departments.some((d) => d.admins.length > 0)).toBe(true);
  });

  it("defaults departments and admins to empty lists", () => {
    const org = parseDirectory({ operators: [op("@a:hs", "A")] });
    expect(org.departments).toEqual([]);
    expect(org.admins).toEqual([]);
  });

  it("completes bare localparts with the homeserver domain everywhere", () => {
    const org = parseDirectory(
      {
        operators: [op("alice", "Alice"), op("@bob:staffroom.local", "Bob")],
        departments: [{ id: "desk", name: "Desk", members: ["alice", "@bob:staffroom.local"] }],
        admins: ["bob", "@alice:staffroom.local"],
      },
      { serverName: HS },
    );
    expect(org.operators.map((o) => o.userId)).toEqual([
      "@alice:staffroom.local",
      "@bob:staffroom.local",
    ]);
    expect(org.departments[0]?.members).toEqual(["@alice:staffroom.local", "@bob:staffroom.local"]);
    expect(org.admins).toEqual(["@bob:staffroom.local", "@alice:staffroom.local"]);
  });

  it("keeps topics, and makes department admins members (members first, then admins)", () => {
    const org = parseDirectory(
      {
        operators: [op("alice"), op("bob"), op("carol")],
        departments: [
          {
            id: "a",
            name: "A",
            topic: "  Front desk  ",
            members: ["bob"],
            admins: ["carol", "bob"],
          },
          { id: "b", name: "B", admins: ["alice"] },
          { id: "c", name: "C" },
        ],
      },
      { serverName: HS },
    );
    expect(org.departments).toEqual([
      {
        id: "a",
        name: "A",
        topic: "Front desk",
        members: ["@bob:staffroom.local", "@carol:staffroom.local"],
        admins: ["@carol:staffroom.local", "@bob:staffroom.local"],
      },
      {
        id: "b",
        name: "B",
        members: ["@alice:staffroom.local"],
        admins: ["@alice:staffroom.local"],
      },
      { id: "c", name: "C", members: [], admins: [] },
    ]);
    expect(org.departments[2]).not.toHaveProperty("topic");
  });

  it("de-duplicates org admins silently (a repeat is harmless)", () => {
    const org = parseDirectory(
      { operators: [op("alice")], admins: ["alice", "@alice:staffroom.local"] },
      { serverName: HS },
    );
    expect(org.admins).toEqual(["@alice:staffroom.local"]);
  });

  // Each case: a file with mistakes → every problem, in file order, with its path.
  const invalid: { name: string; raw: unknown; serverName?: string; problems: string[] }[] = [
    {
      name: "members who are not listed operators",
      raw: {
        operators: [op("@alice:staffroom.local")],
        departments: [
          { id: "a", name: "A", members: ["@alice:staffroom.local"] },
          { id: "b", name: "B", members: ["@zed:staffroom.local"] },
        ],
      },
      problems: ["departments[1].members[0]: @zed:staffroom.local is not a listed operator"],
    },
    {
      name: "duplicates, foreign users (full IDs)",
      serverName: HS,
      raw: {
        operators: [
          op("@alice:staffroom.local", "Alice"),
          op("@alice:staffroom.local", "Alice again"),
          op("@eve:elsewhere.org", "Eve"),
        ],
        departments: [
          {
            id: "desk",
            name: "Desk",
            members: ["@alice:staffroom.local", "@alice:staffroom.local"],
          },
          { id: "desk", name: "Desk 2" },
        ],
        admins: ["@root:elsewhere.org"],
      },
      problems: [
        "operators[1].user_id: @alice:staffroom.local is listed twice (first at operators[0])",
        "operators[2].user_id: @eve:elsewhere.org is not a user of this homeserver (staffroom.local)",
        "departments[0].members[1]: @alice:staffroom.local is listed twice in this department",
        'departments[1].id: "desk" is used twice (first at departments[0])',
        "admins[0]: @root:elsewhere.org is not a user of this homeserver (staffroom.local)",
      ],
    },
    {
      name: "a localpart and its full ID are the same person",
      serverName: HS,
      raw: {
        operators: [op("alice"), op("@alice:staffroom.local")],
        departments: [{ id: "d", name: "D", members: ["alice", "@alice:staffroom.local"] }],
      },
      problems: [
        "operators[1].user_id: @alice:staffroom.local is listed twice (first at operators[0])",
        "departments[0].members[1]: @alice:staffroom.local is listed twice in this department",
      ],
    },
    {
      name: "department admins who are not operators, or repeated",
      serverName: HS,
      raw: {
        operators: [op("alice"), op("bob")],
        departments: [{ id: "d", name: "D", members: ["alice"], admins: ["zed", "bob", "bob"] }],
      },
      problems: [
        "departments[0].admins[0]: @zed:staffroom.local is not a listed operator",
        "departments[0].admins[2]: @bob:staffroom.local is listed twice in this department's admins",
      ],
    },
    {
      name: "malformed user IDs together with the cross-checks",
      serverName: HS,
      raw: {
        operators: [op("Alice"), op("bob"), op("@carol"), op("dave:staffroom.local")],
        departments: [{ id: "d", name: "D", members: ["bob", "zed", "@@x:hs"], admins: ["a b"] }],
        admins: ["@Root:staffroom.local"],
      },
      problems: [
        'operators[0].user_id: "Alice" must be a Matrix user ID such as @alice:staffroom.local or a bare localpart such as alice (lowercase letters, digits and . _ = / + -)',
        'operators[2].user_id: "@carol" must be a Matrix user ID such as @alice:staffroom.local or a bare localpart such as alice (lowercase letters, digits and . _ = / + -)',
        'operators[3].user_id: "dave:staffroom.local" must be a Matrix user ID such as @alice:staffroom.local or a bare localpart such as alice (lowercase letters, digits and . _ = / + -)',
        "departments[0].members[1]: @zed:staffroom.local is not a listed operator",
        'departments[0].members[2]: "@@x:hs" must be a Matrix user ID such as @alice:staffroom.local or a bare localpart such as alice (lowercase letters, digits and . _ = / + -)',
        'departments[0].admins[0]: "a b" must be a Matrix user ID such as @alice:staffroom.local or a bare localpart such as alice (lowercase letters, digits and . _ = / + -)',
        'admins[0]: "@Root:staffroom.local" must be a Matrix user ID such as @alice:staffroom.local or a bare localpart such as alice (lowercase letters, digits and . _ = / + -)',
      ],
    },
    {
      name: "bare localparts when the homeserver domain is unknown",
      raw: { operators: [op("alice")] },
      problems: [
        "operators[0].user_id: alice is a bare localpart but the homeserver domain is unknown here; write @alice:<domain>",
      ],
    },
    {
      name: "structural errors (all of them) before cross-checks",
      raw: {
        operators: [{ user_id: "", display_name: "", email: "not-an-email" }],
        departments: [
          { id: "Front Desk", name: "Front", topic: " ", members: [], admins: "x", colour: "red" },
        ],
      },
      problems: [
        "operators[0].user_id: must not be empty",
        "operators[0].display_name: must not be empty",
        "operators[0].email: must be an email address",
        "departments[0].id: must use only lowercase letters, digits and dashes",
        "departments[0].topic: must not be empty (leave the key out for no topic)",
        "departments[0].admins: expected array, got string",
        "departments[0].colour: unknown key",
      ],
    },
    {
      name: "structural and cross-check problems together, each once",
      serverName: HS,
      raw: {
        operators: [
          { user_id: "alice" },
          { user_id: "bob", display_name: "Bob", extra: 1 },
          { user_id: 7, display_name: "Seven" },
        ],
        departments: [
          { id: "desk", name: "Desk", members: ["alice", "zed", "Bad"] },
          { id: "desk", members: ["bob", "bob"] },
          "not a department",
        ],
        admins: ["@root:elsewhere.org"],
      },
      problems: [
        "operators[0].display_name: is required (string)",
        "operators[1].extra: unknown key",
        "operators[2].user_id: expected string, got number",
        "departments[1].name: is required (string)",
        "departments[2]: expected object, got string",
        "departments[0].members[1]: @zed:staffroom.local is not a listed operator",
        'departments[0].members[2]: "Bad" must be a Matrix user ID such as @alice:staffroom.local or a bare localpart such as alice (lowercase letters, digits and . _ = / + -)',
        'departments[1].id: "desk" is used twice (first at departments[0])',
        "departments[1].members[1]: @bob:staffroom.local is listed twice in this department",
        "admins[0]: @root:elsewhere.org is not a user of this homeserver (staffroom.local)",
      ],
    },
  ];

  it.each(invalid)("reports $name", ({ raw, serverName, problems }) => {
    const options = serverName === undefined ? {} : { serverName };
    expect(problemsOf(() => parseDirectory(raw, options))).toEqual(problems);
  });

  it("names the source file in the error header", () => {
    expect(() => parseDirectoryText("operators: 3\n", { source: "/srv/dir.yaml" })).toThrow(
      /^\/srv\/dir\.yaml: 1 problem/,
    );
  });
});
