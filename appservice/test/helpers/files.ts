import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

/** A temporary folder with helpers to write files into it; remove() deletes it. */
export function tempDir(): {
  dir: string;
  write(name: string, text: string): string;
  remove(): void;
} {
  const dir = mkdtempSync(path.join(tmpdir(), "staffroom-as-test-"));
  return {
    dir,
    write(name, text) {
      const file = path.join(dir, name);
      writeFileSync(file, text);
      return file;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** A minimal valid directory file. */
export const DIRECTORY_YAML = `operators:
  - user_id: "@alice:staffroom.local"
    display_name: "Alice Archer"
  - user_id: "@dana:staffroom.local"
    display_name: "Dana Dean"
departments:
  - id: circulation
    name: Circulation
    members: ["@alice:staffroom.local"]
admins: ["@dana:staffroom.local"]
`;

/** A registration file like the one `render-config` writes. */
export function registrationYaml(url: string): string {
  return `id: staffroom
url: "${url}"
as_token: "as-token"
hs_token: "hs-token"
sender_localpart: "staffbot"
rate_limited: false
receive_ephemeral: true
de.sorunome.msc2409.push_ephemeral: true
namespaces:
  users:
    - exclusive: true
      regex: "@staffbot:staffroom\\\\.local"
  aliases: []
  rooms: []
`;
}
