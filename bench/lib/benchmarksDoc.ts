/**
 * docs/benchmarks.md holds one `## <title>` section per benchmark. Each benchmark rewrites only
 * its own section (or appends it), so running one never drops another's recorded results.
 */
import { readFile, writeFile } from "node:fs/promises";

const DOC = new URL("../../docs/benchmarks.md", import.meta.url);

/** Replaces the section whose text starts with `## <title>` by `text`, or appends it. */
export function replaceSection(current: string, title: string, text: string): string {
  const body = `${text.trimEnd()}\n`;
  const heading = `## ${title}\n`;
  const start = current.startsWith(heading) ? 0 : current.indexOf(`\n${heading}`) + 1;
  if (start === 0 && !current.startsWith(heading)) {
    return `${current.trimEnd()}\n\n${body}`;
  }
  const next = current.indexOf("\n## ", start + heading.length - 1);
  const rest = next === -1 ? "" : `\n${current.slice(next + 1)}`;
  return `${current.slice(0, start)}${body}${rest}`;
}

/** Writes `text` (which must start with `## <title>`) as that section of docs/benchmarks.md. */
export async function writeBenchmarkSection(title: string, text: string): Promise<void> {
  if (!text.startsWith(`## ${title}\n`)) {
    throw new Error(`benchmark section text must start with "## ${title}"`);
  }
  let current = "# Benchmarks\n";
  try {
    current = await readFile(DOC, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  await writeFile(DOC, replaceSection(current, title, text));
}
