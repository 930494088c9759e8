// Package weight: what `npm pack` would publish (packed and unpacked), by kind of file, and what
// an import of each subpath loads from dist/ by static imports (its ESM file and the chunks it
// imports, not minified: the bytes a Node or serverless cold start reads). Needs a build
// (`npm run build`). `--check` (run by CI) fails when the packed size passes the budget, a
// subpath other than herald/testing's loads the simulator's packages, or one of those loads msw
// without being herald/testing/msw.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { distName, SUBPATHS } from "../scripts/subpaths.js";

/**
 * Our budget for the packed tarball, in bytes: 635 KB on 2026-12-07 with nine adapters and four
 * platform schemas in the simulator; a spec or an adapter that takes it past this must make room
 * (share, compress or load on demand) rather than grow it unseen.
 */
export const PACKED_BUDGET_BYTES = 900 * 1024;

/** One file of `npm pack --dry-run --json`. */
interface PackedFile {
  path: string;
  size: number;
}

/** The tarball `npm pack` would write, and its files by kind. */
export interface PackageWeight {
  packedBytes: number;
  unpackedBytes: number;
  /** Unpacked bytes by kind: JavaScript (ESM and CJS), type declarations, source maps, the rest. */
  byKind: Record<"javascript" | "types" | "maps" | "other", number>;
}

/** Reads what `npm pack` would publish from the current dist/. */
export function packageWeight(): PackageWeight {
  const out = execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "ignore"],
  });
  const [pack] = JSON.parse(out) as Array<{
    size: number;
    unpackedSize: number;
    files: PackedFile[];
  }>;
  const byKind = { javascript: 0, types: 0, maps: 0, other: 0 };
  for (const file of pack!.files) {
    const kind = /\.d\.c?ts$/.test(file.path)
      ? "types"
      : file.path.endsWith(".map")
        ? "maps"
        : /\.c?js$/.test(file.path)
          ? "javascript"
          : "other";
    byKind[kind] += file.size;
  }
  return { packedBytes: pack!.size, unpackedBytes: pack!.unpackedSize, byKind };
}

/**
 * Static imports of an ESM file in dist/ (`import { x } from './chunk-X.js';`, `import 'msw';`):
 * the statements at the start of a line, as tsup writes them, not the words in a string.
 */
function importsOf(code: string): string[] {
  const statement = /^(?:import|export)\b[^;'"]*?(?:from\s*)?['"]([^'"]+)['"];?$/gm;
  return [...code.matchAll(statement)].map((m) => m[1]!);
}

/** What a dist/ ESM file loads by static imports, transitively. */
export interface Load {
  /** Bytes of the file and every chunk it imports. */
  bytes: number;
  /** The same, gzipped together. */
  gzipBytes: number;
  /** The packages it imports (`msw`, `zod/mini`). */
  packages: string[];
}

/** What a dist/ ESM file and every chunk it imports weigh, and which packages they import. */
export function loadOf(file: string, dist = "dist"): Load {
  const seen = new Set<string>();
  const packages = new Set<string>();
  const queue = [file];
  const parts: Buffer[] = [];
  while (queue.length > 0) {
    const next = queue.pop()!;
    if (seen.has(next)) continue;
    seen.add(next);
    const code = readFileSync(join(dist, next));
    parts.push(code);
    for (const specifier of importsOf(code.toString("utf8"))) {
      if (specifier.startsWith("./")) queue.push(specifier.slice(2));
      else packages.add(specifier);
    }
  }
  const all = Buffer.concat(parts);
  return { bytes: all.byteLength, gzipBytes: gzipSync(all).byteLength, packages: [...packages] };
}

/** Packages only the simulator may load: `herald` itself must not (issue 20, item 4). */
const SIMULATOR_PACKAGES = ["msw", "ajv"];

/**
 * Which of {@link SIMULATOR_PACKAGES} each simulator subpath may load: msw only by
 * herald/testing/msw, so that `import("herald/testing")` works without msw (issue 20, item 6).
 */
const SIMULATOR_SUBPATHS: Readonly<Record<string, readonly string[]>> = {
  "herald/testing": ["ajv"],
  "herald/testing/node": ["ajv"],
  "herald/testing/msw": ["msw"],
};

/** What an import of each subpath loads, from its ESM build for every runtime. */
export function subpathRows(): Array<Load & { subpath: string }> {
  return SUBPATHS.map((subpath) => ({
    subpath: subpath.name === "" ? "herald" : `herald/${subpath.name}`,
    ...loadOf(`${distName(subpath)}.js`),
  }));
}

/** Prints the package's weight and each subpath's load. */
export function printPackageWeight(weight: PackageWeight = packageWeight()): void {
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;
  console.log("\nPackage weight (npm pack --dry-run, from dist/)\n");
  console.log(
    `packed ${kb(weight.packedBytes)} (budget ${kb(PACKED_BUDGET_BYTES)}), unpacked ${kb(weight.unpackedBytes)}: ` +
      Object.entries(weight.byKind)
        .map(([kind, bytes]) => `${kind} ${kb(bytes)}`)
        .join(", "),
  );
  console.log("\n| import | ESM bytes it loads | gzipped |\n| --- | ---: | ---: |");
  for (const row of subpathRows()) {
    console.log(`| ${row.subpath} | ${kb(row.bytes)} | ${kb(row.gzipBytes)} |`);
  }
}

/** What is wrong with the package's weight: past the budget, or a simulator package loaded where it must not be. */
export function weightProblems(weight: PackageWeight, rows = subpathRows()): string[] {
  const problems: string[] = [];
  if (weight.packedBytes > PACKED_BUDGET_BYTES) {
    problems.push(`packed ${weight.packedBytes} bytes, past the budget of ${PACKED_BUDGET_BYTES}`);
  }
  for (const row of rows) {
    const allowed = SIMULATOR_SUBPATHS[row.subpath] ?? [];
    const loaded = row.packages.filter(
      (p) => SIMULATOR_PACKAGES.includes(p) && !allowed.includes(p),
    );
    if (loaded.length > 0) problems.push(`${row.subpath} loads ${loaded.join(", ")}`);
  }
  return problems;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const weight = packageWeight();
  printPackageWeight(weight);
  const problems = process.argv.includes("--check") ? weightProblems(weight) : [];
  for (const problem of problems) console.error(`package weight: ${problem}`);
  if (problems.length > 0) process.exit(1);
}
