// Writes package.json "exports", tsconfig.json "paths" and typedoc.json "entryPoints" from
// scripts/subpaths.ts. With --check, writes nothing and exits 1 when a file differs (CI).
import { readFileSync, writeFileSync } from "node:fs";
import { distName, SUBPATHS, type Subpath } from "./subpaths.js";

type Json = Record<string, unknown>;

function conditions(file: string) {
  return {
    import: { types: `./dist/${file}.d.ts`, default: `./dist/${file}.js` },
    require: { types: `./dist/${file}.d.cts`, default: `./dist/${file}.cjs` },
  };
}

function exportsOf(subpath: Subpath): Json {
  const portable = conditions(distName(subpath));
  return subpath.node ? { node: conditions(distName(subpath, "node")), ...portable } : portable;
}

const specifier = (s: Subpath) => (s.name === "" ? "herald" : `herald/${s.name}`);

const edits: Array<{ file: string; apply: (json: Json) => void }> = [
  {
    file: "package.json",
    apply: (json) => {
      const exports: Json = {};
      for (const s of SUBPATHS) exports[s.name === "" ? "." : `./${s.name}`] = exportsOf(s);
      exports["./package.json"] = "./package.json";
      json.exports = exports;
    },
  },
  {
    file: "tsconfig.json",
    apply: (json) => {
      const paths: Json = {};
      for (const s of SUBPATHS) paths[specifier(s)] = [`./${s.dev === "node" ? s.node : s.entry}`];
      (json.compilerOptions as Json).paths = paths;
    },
  },
  {
    file: "typedoc.json",
    apply: (json) => {
      // once each: herald/testing/node is the file herald/testing's node build is
      json.entryPoints = [...new Set(SUBPATHS.map((s) => (s.dev === "node" ? s.node : s.entry)))];
    },
  },
];

const check = process.argv.includes("--check");
let drifted = 0;
for (const { file, apply } of edits) {
  const before = readFileSync(file, "utf8");
  const json = JSON.parse(before) as Json;
  apply(json);
  const after = `${JSON.stringify(json, null, 2)}\n`;
  if (after === before) continue;
  if (check) {
    console.error(
      `${file} does not match scripts/subpaths.ts: run npx tsx scripts/sync-subpaths.ts`,
    );
    drifted++;
  } else {
    writeFileSync(file, after);
    console.log(`wrote ${file}`);
  }
}
process.exit(drifted > 0 ? 1 : 0);
