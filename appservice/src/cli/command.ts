import type { ParseArgsOptionsConfig } from "node:util";

/** How a command talks to the outside world; tests capture it, the CLI binds it to stdio. */
export type CliIo = {
  out(line: string): void;
  err(line: string): void;
  env: NodeJS.ProcessEnv;
};

/** Parsed arguments handed to a command. */
export type CommandArgs = {
  values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  positionals: string[];
};

/** One `staffroom <name>` command. */
export type CliCommand = {
  /** Options in node:util parseArgs form (`--help` is added for every command). */
  options: ParseArgsOptionsConfig;
  /** Whether bare arguments (e.g. a file name) are accepted. */
  allowPositionals?: boolean;
  /** Usage line(s) after `staffroom `, e.g. `validate-config [--config PATH]`. */
  usage: string;
  /** Runs the command; resolves with the exit code. */
  run(args: CommandArgs, io: CliIo): Promise<number>;
};

/**
 * An entry in the command table. The command module is loaded only when that command runs,
 * so `staffroom validate-config` never loads the Matrix bridge or setup code.
 */
export type CommandEntry = {
  name: string;
  /** One line for the usage list. */
  summary: string;
  load(): Promise<CliCommand>;
};

/** A string option's value, or undefined (parseArgs types every value loosely). */
export function stringOption(args: CommandArgs, name: string): string | undefined {
  const value = args.values[name];
  return typeof value === "string" ? value : undefined;
}
