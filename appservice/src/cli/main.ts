import { parseArgs } from "node:util";
import type { CliIo, CommandEntry } from "./command.ts";
import { COMMANDS } from "./commands/index.ts";

// `npx staffroom <command>`: bin/staffroom.mjs checks the Node version and loads this module
// (through tsx, or from dist/ in the production image), then calls runCli().

const stdio: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  env: process.env,
};

/**
 * Runs one command line. Exit codes: 0 success, 1 the command failed (e.g. invalid config),
 * 2 usage error (unknown command or option).
 * @param argv arguments after `staffroom`
 * @param io output and environment (stdio by default)
 */
export async function runCli(argv: readonly string[], io: CliIo = stdio): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    io.out(usage(COMMANDS));
    return name === undefined ? 2 : 0;
  }
  const entry = COMMANDS.find((c) => c.name === name);
  if (entry === undefined) {
    io.err(`Unknown command: ${name}\n`);
    io.err(usage(COMMANDS));
    return 2;
  }
  const command = await entry.load();
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      options: { ...command.options, help: { type: "boolean", short: "h" } },
      allowPositionals: command.allowPositionals ?? false,
      strict: true,
    });
  } catch (error) {
    io.err(`${error instanceof Error ? error.message : String(error)}`);
    io.err(`Usage: staffroom ${command.usage}`);
    return 2;
  }
  if (parsed.values.help === true) {
    io.out(`Usage: staffroom ${command.usage}\n\n${entry.summary}`);
    return 0;
  }
  return command.run({ values: parsed.values, positionals: parsed.positionals }, io);
}

/** The usage text listing every command. */
export function usage(commands: readonly CommandEntry[]): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  const lines = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return [
    "Usage: staffroom <command> [options]",
    "",
    "Commands:",
    ...lines,
    "",
    "Run `staffroom <command> --help` for a command's options.",
  ].join("\n");
}
