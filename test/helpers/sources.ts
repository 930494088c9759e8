// Reading the repository's sources for the house tests: every .ts file below a folder, and the
// modules each one imports.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** Every specifier of `import ... from`, `export ... from`, `import "x"` and `import("x")`. */
export function specifiers(source: string): string[] {
  const out: string[] = [];
  for (const match of source.matchAll(/\b(?:from|import)\s*\(?\s*["']([^"'\n]+)["']/g)) {
    out.push(match[1] as string);
  }
  return out;
}

/** Every .ts file below `dir` (absolute path), with its source. */
export function sources(dir: string, into = new Map<string, string>()): Map<string, string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) sources(path, into);
    else if (entry.name.endsWith(".ts")) into.set(path, readFileSync(path, "utf8"));
  }
  return into;
}
