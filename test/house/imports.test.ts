// The house rule of DESIGN.md: no adapter imports another adapter, and what platforms share lives
// in a family module (src/families/<family>/) that imports no adapter. Checked on the sources.
import { readdirSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { describe, expect, it } from "vitest";
import { sources, specifiers } from "../helpers/sources.js";

const ROOT = resolve(import.meta.dirname, "../..");
const ADAPTERS = join(ROOT, "src/adapters");
const FAMILIES = join(ROOT, "src/families");

/**
 * The adapter folder an import lands in (`x` for `../x/oauth.js` or `herald/x`), or `undefined`
 * when it lands elsewhere (the core, a family, the adapter contract in src/adapters/*.ts).
 */
function adapterOf(file: string, specifier: string, adapters: ReadonlySet<string>) {
  if (specifier.startsWith("herald/")) {
    const name = specifier.slice("herald/".length);
    return adapters.has(name) ? name : undefined;
  }
  if (!specifier.startsWith(".")) return undefined;
  const target = relative(ADAPTERS, resolve(dirname(file), specifier));
  const [first, ...rest] = target.split(sep);
  return first !== undefined && first !== ".." && rest.length > 0 && adapters.has(first)
    ? first
    : undefined;
}

/** The rule's breaches among `files` (path → source): "<file> imports <adapter>". */
function breaches(files: ReadonlyMap<string, string>, adapters: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (const [file, source] of files) {
    const inAdapter = relative(ADAPTERS, file).split(sep);
    const own = inAdapter.length > 1 && inAdapter[0] !== ".." ? inAdapter[0] : undefined;
    const inFamily = !relative(FAMILIES, file).startsWith("..");
    if (own === undefined && !inFamily) continue;
    for (const specifier of specifiers(source)) {
      const target = adapterOf(file, specifier, adapters);
      if (target !== undefined && target !== own) {
        out.push(`${relative(ROOT, file)} imports ${target} (${specifier})`);
      }
    }
  }
  return out;
}

const adapterNames = new Set(
  readdirSync(ADAPTERS, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name),
);

describe("house rule: adapters and families", () => {
  it("finds the adapter folders and the two families", () => {
    expect(adapterNames).toContain("facebook");
    expect(adapterNames).toContain("youtube");
    expect(readdirSync(FAMILIES).sort()).toEqual(["google", "meta"]);
  });

  it("no adapter folder imports another adapter folder", () => {
    expect(breaches(sources(ADAPTERS), adapterNames)).toEqual([]);
  });

  it("no family imports an adapter folder (the adapter contract is allowed)", () => {
    expect(breaches(sources(FAMILIES), adapterNames)).toEqual([]);
  });

  it("catches every way an import can name another adapter", () => {
    const files = new Map([
      [join(ADAPTERS, "facebook/a.ts"), 'import { x } from "../x/oauth.js";'],
      [join(ADAPTERS, "facebook/b.ts"), "export * from '../youtube/index.js';"],
      [join(ADAPTERS, "facebook/c.ts"), 'const m = await import("../line/read.js");'],
      [join(ADAPTERS, "facebook/d.ts"), 'import { x } from "herald/x";'],
      [join(FAMILIES, "meta/e.ts"), 'import { facebook } from "../../adapters/facebook/index.js";'],
      // allowed: the adapter's own files, the contract, a family, the core
      [
        join(ADAPTERS, "facebook/ok.ts"),
        [
          'import { a } from "./read.js";',
          'import type { B } from "../contract.js";',
          'import { c } from "../../families/meta/graph.js";',
          'import { d } from "../../auth/tokens.js";',
        ].join("\n"),
      ],
      [join(FAMILIES, "google/ok.ts"), 'import { failed } from "../../adapters/failure.js";'],
    ]);
    expect(breaches(files, adapterNames)).toEqual([
      "src/adapters/facebook/a.ts imports x (../x/oauth.js)",
      "src/adapters/facebook/b.ts imports youtube (../youtube/index.js)",
      "src/adapters/facebook/c.ts imports line (../line/read.js)",
      "src/adapters/facebook/d.ts imports x (herald/x)",
      "src/families/meta/e.ts imports facebook (../../adapters/facebook/index.js)",
    ]);
  });
});
