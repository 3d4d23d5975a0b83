/**
 * Sizes as people read them: whole numbers of MB for big files, one decimal when it matters.
 * Decimal-free binary units (1 MB = 1,048,576 bytes) match what Synapse's `max_upload_size: 50M`
 * means, so "the limit is 50 MB" reads the same as the server config.
 * @param bytes - a size in bytes
 * @returns e.g. `"80 MB"`, `"1.5 MB"`, `"320 KB"`, `"12 bytes"`
 */
export function formatFileSize(bytes: number): string {
  const units = [
    ["GB", 1024 ** 3],
    ["MB", 1024 ** 2],
    ["KB", 1024],
  ] as const;
  for (const [unit, size] of units) {
    if (bytes >= size) {
      const value = bytes / size;
      const shown = value >= 10 ? Math.floor(value) : Math.floor(value * 10) / 10;
      return `${shown} ${unit}`;
    }
  }
  return `${bytes} byte${bytes === 1 ? "" : "s"}`;
}

/**
 * Checks a file against the server's upload limit before anything is sent.
 * @param file - its name and size
 * @param limit - the server's `m.upload.size` in bytes, or null when it sets none
 * @returns a readable refusal, or null when the file may be uploaded
 * @example
 * tooLargeMessage({ name: "report.pdf", size: 80 * 1024 ** 2 }, 50 * 1024 ** 2)
 * // "report.pdf is 80 MB; the limit is 50 MB."
 */
export function tooLargeMessage(
  file: { name: string; size: number },
  limit: number | null,
): string | null {
  if (limit === null || file.size <= limit) return null;
  // Just over the limit must not read as "50 MB; the limit is 50 MB": show bytes precision then.
  let size = formatFileSize(file.size);
  const max = formatFileSize(limit);
  if (size === max) size = `${file.size.toLocaleString("en")} bytes`;
  return `${file.name} is ${size}; the limit is ${max}.`;
}
