// Issue 20, item 4: the simulator is laid out by platform. Each platform is one folder under
// src/testing/platforms/ with its own rules, listed in the registry; it never runs the adapter's
// code (so that the simulator can catch the adapter's bugs) nor another platform's; and herald
// itself never loads the simulator or its generated schemas. Checked on the sources.
import { readdirSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { describe, expect, it } from "vitest";
import { SIMULATED_PLATFORMS } from "../../src/testing/platforms/index.js";
import { sources, specifiers } from "../helpers/sources.js";

const ROOT = resolve(import.meta.dirname, "../..");
const SRC = join(ROOT, "src");
const PLATFORMS = join(SRC, "testing/platforms");

/**
 * Imports of the simulator's code that reach into an adapter, each with the reason it is allowed.
 * X's weighted length is twitter-text's algorithm: the simulator counts with it, and the tests hold
 * it to twitter-text's own conformance suite and the twitter-text package
 * (test/adapters/x-conformance.test.ts), so that a miscount is caught there.
 */
const ADAPTER_IMPORTS_ALLOWED = new Set(["src/testing/platforms/x/simulator.ts -> src/adapters/x"]);

/** The top folder of src/ (or `<top>/<second>` for platforms and generated code) an import lands in. */
function landing(file: string, specifier: string): string | undefined {
  if (!specifier.startsWith(".")) return undefined;
  const parts = relative(SRC, resolve(dirname(file), specifier)).split(sep);
  if (parts[0] === "..") return undefined;
  return parts.length > 2 ? `${parts[0]}/${parts[1]}` : parts[0];
}

/** The breaches of the layout among `files` (absolute path → source). */
function breaches(files: ReadonlyMap<string, string>): string[] {
  const out: string[] = [];
  for (const [file, source] of files) {
    const from = relative(ROOT, file);
    const inSrc = relative(SRC, file).split(sep);
    const inTesting = inSrc[0] === "testing";
    const ownPlatform = inTesting && inSrc[1] === "platforms" && inSrc.length > 3 ? inSrc[2] : "";
    for (const specifier of specifiers(source)) {
      const target = landing(file, specifier);
      if (target === undefined) continue;
      const [top, second] = target.split("/");
      if (!inTesting && top === "testing") out.push(`${from} loads the simulator (${specifier})`);
      if (!inTesting && target === "generated/schemas") {
        out.push(`${from} loads the simulator's schemas (${specifier})`);
      }
      if (inTesting && (top === "adapters" || top === "families")) {
        const key = `${from} -> src/${target}`;
        if (!ADAPTER_IMPORTS_ALLOWED.has(key))
          out.push(`${from} runs platform code (${specifier})`);
      }
      const parts = relative(PLATFORMS, resolve(dirname(file), specifier)).split(sep);
      const otherPlatform = parts.length > 1 && parts[0] !== ".." ? parts[0] : "";
      if (ownPlatform && otherPlatform && otherPlatform !== ownPlatform && second !== undefined) {
        out.push(`${from} imports the ${otherPlatform} simulator (${specifier})`);
      }
    }
  }
  return out;
}

const folders = readdirSync(PLATFORMS, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

describe("the simulator, by platform", () => {
  it("lists every platform folder in the registry, and nothing else", () => {
    expect(folders.length).toBeGreaterThanOrEqual(9);
    expect(Object.keys(SIMULATED_PLATFORMS).sort()).toEqual(folders);
  });

  it("gives each platform its own base URL", () => {
    const urls = Object.values(SIMULATED_PLATFORMS).map((platform) => platform.baseUrl);
    expect(new Set(urls).size).toBe(urls.length);
    for (const url of urls) expect(url).toMatch(/^https:\/\//);
  });

  it("keeps platforms apart, off the adapters' code, and out of what herald loads", () => {
    expect(breaches(sources(SRC))).toEqual([]);
  });

  it("catches every kind of breach", () => {
    const files = new Map([
      [join(PLATFORMS, "line/a.ts"), 'import { x } from "../x/posts.js";'],
      [join(PLATFORMS, "line/b.ts"), 'import { y } from "../../../adapters/line/read.js";'],
      [join(PLATFORMS, "line/c.ts"), 'import { z } from "../../../families/meta/graph.js";'],
      [join(SRC, "delivery/d.ts"), 'import { s } from "../testing/simulator.js";'],
      [join(SRC, "adapters/line/e.ts"), 'import { t } from "../../generated/schemas/line.js";'],
      // allowed: the shared machinery, the platform's own files, core utilities, generated types
      [
        join(PLATFORMS, "line/ok.ts"),
        [
          'import { json } from "../context.js";',
          'import { w } from "./records.js";',
          'import { r } from "../../../util/random.js";',
        ].join("\n"),
      ],
      [
        join(SRC, "adapters/line/ok.ts"),
        'import type { E } from "../../generated/line/webhook-types.js";',
      ],
    ]);
    expect(breaches(files)).toEqual([
      "src/testing/platforms/line/a.ts imports the x simulator (../x/posts.js)",
      "src/testing/platforms/line/b.ts runs platform code (../../../adapters/line/read.js)",
      "src/testing/platforms/line/c.ts runs platform code (../../../families/meta/graph.js)",
      "src/delivery/d.ts loads the simulator (../testing/simulator.js)",
      "src/adapters/line/e.ts loads the simulator's schemas (../../generated/schemas/line.js)",
    ]);
  });
});
