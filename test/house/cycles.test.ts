// No import cycles between the files of src/ (issue 20, item 1): a file that two others need the
// types of sits below both. Every static import counts, `import type` too (a cycle of types is
// still two files that cannot be read, changed or moved apart); a dynamic `import()` loads on
// demand and does not count.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "../..");
const SRC = join(ROOT, "src");

/** Every specifier of `import ... from`, `import type ... from`, `export ... from` and `import "x"`. */
function staticSpecifiers(source: string): string[] {
  const out: string[] = [];
  // `from "x"` closes every import and re-export with bindings; a bare `import "x"` has none.
  for (const match of source.matchAll(/(?:\bfrom|^\s*import)\s+["']([^"'\n]+)["']/gm)) {
    out.push(match[1] as string);
  }
  return out;
}

/** The file a relative specifier names (`./a.js` → `a.ts`), or undefined outside `files`. */
function resolveTo(from: string, specifier: string, files: ReadonlyMap<string, string>) {
  if (!specifier.startsWith(".")) return undefined;
  const base = resolve(dirname(from), specifier).replace(/\.js$/, "");
  for (const candidate of [`${base}.ts`, join(base, "index.ts")]) {
    if (files.has(candidate)) return candidate;
  }
  return undefined;
}

/** The import graph of `files` (path → source): path → the paths it imports. */
function graphOf(files: ReadonlyMap<string, string>): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const [file, source] of files) {
    const targets = staticSpecifiers(source)
      .map((specifier) => resolveTo(file, specifier, files))
      .filter((target): target is string => target !== undefined);
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}

/**
 * One cycle per strongly connected component of the graph (Tarjan), each written as the path
 * `a.ts → b.ts → a.ts` relative to src/, starting at the component's first file by name.
 */
function cycles(files: ReadonlyMap<string, string>): string[] {
  const graph = graphOf(files);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, index.size);
    low.set(node, index.get(node) as number);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node) as number, low.get(next) as number));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node) as number, index.get(next) as number));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string | undefined;
      do {
        member = stack.pop() as string;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      const selfLoop = (graph.get(node) ?? []).includes(node);
      if (component.length > 1 || selfLoop) components.push(component);
    }
  };
  for (const node of [...graph.keys()].sort()) if (!index.has(node)) visit(node);
  return components.map((component) => pathThrough(graph, new Set(component))).sort();
}

/** The shortest cycle through the component's first file (breadth first), as a readable path. */
function pathThrough(graph: ReadonlyMap<string, string[]>, component: ReadonlySet<string>) {
  const start = [...component].sort()[0] as string;
  const previous = new Map<string, string>();
  const queue = [start];
  let end: string | undefined;
  while (queue.length > 0 && end === undefined) {
    const node = queue.shift() as string;
    for (const next of graph.get(node) ?? []) {
      if (!component.has(next)) continue;
      if (next === start) {
        end = node;
        break;
      }
      if (!previous.has(next)) {
        previous.set(next, node);
        queue.push(next);
      }
    }
  }
  const path = [start];
  for (let node = end; node !== undefined && node !== start; node = previous.get(node)) {
    path.splice(1, 0, node);
  }
  const others = component.size > path.length ? ` (and ${component.size - path.length} more)` : "";
  return [...path, start].map((file) => relative(SRC, file)).join(" → ") + others;
}

/** Every .ts file under `dir`, with its source. */
function sources(dir: string, out = new Map<string, string>()): Map<string, string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) sources(path, out);
    else if (entry.name.endsWith(".ts")) out.set(path, readFileSync(path, "utf8"));
  }
  return out;
}

describe("import cycles", () => {
  it("src/ has none", () => {
    expect(existsSync(SRC)).toBe(true);
    const files = sources(SRC);
    expect(files.size).toBeGreaterThan(100);
    expect(cycles(files)).toEqual([]);
  });

  it("finds a cycle of two, of three and of types, and names it; ignores dynamic imports", () => {
    const file = (name: string) => join(SRC, name);
    const files = new Map([
      [file("a/one.ts"), 'import { two } from "./two.js";'],
      [file("a/two.ts"), 'export { one } from "./one.js";'],
      [file("b/x.ts"), 'import type { Y } from "../b/y.js";'],
      [file("b/y.ts"), "import type { Z } from './z.js';"],
      [file("b/z.ts"), 'import "./x.js";\nimport { low } from "../low.js";'],
      [file("c/index.ts"), 'import { d } from "./d.js";'],
      [file("c/d.ts"), 'import { c } from "./index.js";'],
      [file("lazy/a.ts"), 'import { b } from "./b.js";'],
      [file("lazy/b.ts"), 'const a = await import("./a.js");'],
      [file("low.ts"), 'import { z } from "zod/mini";'],
    ]);
    expect(cycles(files)).toEqual([
      "a/one.ts → a/two.ts → a/one.ts",
      "b/x.ts → b/y.ts → b/z.ts → b/x.ts",
      "c/d.ts → c/index.ts → c/d.ts",
    ]);
  });
});
