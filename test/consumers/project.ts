// Consumer projects built from the packed package: `npm pack` of dist/, the tarball unpacked into
// node_modules/herald of a throwaway install, and the package's dependencies (and the optional
// peers an install has) linked from this repository's node_modules. Nothing is fetched: `npm
// install --offline` can not resolve ranges from the npm cache here (it holds the abbreviated
// packuments that `npm ci` fetched, npm 11 asks for full ones), and linking keeps it fast.
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { promisify } from "node:util";
import type { Install, Shape } from "./shapes.js";

const run = promisify(execFile);

/** The repository: its dist/ is packed, its node_modules lend the dependencies. */
export const ROOT = resolve(import.meta.dirname, "../..");
const MODULES = join(ROOT, "node_modules");

/** The optional peers each install has, besides the package's own dependencies. */
const PEERS: Readonly<Record<Install, readonly string[]>> = {
  full: ["ajv", "msw"],
  "without-msw": ["ajv"],
};

/** What a TypeScript project needs to be checked: the compiler is run from its own place. */
const TYPES = ["@types/node"];

/** A TypeScript compiler: its version and its `tsc`. */
export interface Compiler {
  version: string;
  tsc: string;
}

function compilerIn(dir: string): Compiler {
  const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as {
    version: string;
  };
  return { version: manifest.version, tsc: join(dir, "bin/tsc") };
}

/** The project's TypeScript (package.json devDependencies). */
export function currentTypescript(): Compiler {
  return compilerIn(join(MODULES, "typescript"));
}

/**
 * The oldest TypeScript on this machine without a network: the one `@arethetypeswrong/core` (a
 * dev dependency, run by CI's attw step) pins for itself.
 */
export function oldestTypescript(): Compiler {
  const from = createRequire(join(MODULES, "@arethetypeswrong/core/package.json"));
  return compilerIn(dirname(from.resolve("typescript/package.json")));
}

/** Packs dist/ as `npm publish` would; returns the tarball's path. */
export async function pack(into: string): Promise<string> {
  const { stdout } = await run(
    "npm",
    ["pack", "--json", "--ignore-scripts", "--pack-destination", into],
    { cwd: ROOT },
  );
  const [tarball] = JSON.parse(stdout) as Array<{ filename: string }>;
  return join(into, tarball!.filename);
}

function link(modules: string, name: string): void {
  const target = join(MODULES, name);
  const path = join(modules, name);
  mkdirSync(dirname(path), { recursive: true });
  symlinkSync(target, path, "dir");
}

/**
 * An install: node_modules/herald unpacked from the tarball, its `dependencies` and the install's
 * peers linked. Returns its folder, in which the shapes' projects go.
 */
export async function install(base: string, tarball: string, kind: Install): Promise<string> {
  const dir = join(base, kind);
  const modules = join(dir, "node_modules");
  mkdirSync(join(modules, "herald"), { recursive: true });
  await run("tar", ["-xzf", tarball, "-C", join(modules, "herald"), "--strip-components=1"]);
  const manifest = JSON.parse(readFileSync(join(modules, "herald/package.json"), "utf8")) as {
    dependencies?: Record<string, string>;
  };
  // once each: a package can be both a dependency and a peer the install wants
  const names = new Set([...Object.keys(manifest.dependencies ?? {}), ...PEERS[kind], ...TYPES]);
  for (const name of names) link(modules, name);
  return dir;
}

/** A fresh folder for the installs; `remove()` deletes it. */
export function workspace(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), "herald-consumers-"));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** What building and running a shape printed. */
export interface Outcome {
  /** tsc's output (empty when it passed), or `undefined` for a plain JavaScript project. */
  typecheck: string | undefined;
  /** The program's last line of output, parsed. */
  result: { ok: boolean; delivered: string[]; handlersError?: string };
}

/** Both streams of a command that failed, for the test's message. */
function failure(error: unknown): string {
  const {
    stdout = "",
    stderr = "",
    message,
  } = error as {
    stdout?: string;
    stderr?: string;
    message: string;
  };
  return `${stdout}${stderr}`.trim() || message;
}

/**
 * Writes the shape's project into `installDir`, typechecks (and compiles) it with `compiler`,
 * bundles it with esbuild when the shape says so, and runs it with Node.
 * @throws Error with tsc's or the program's output when one of them fails.
 */
export async function build(
  shape: Shape,
  installDir: string,
  compiler: Compiler,
): Promise<Outcome> {
  const dir = join(installDir, shape.name);
  mkdirSync(dirname(join(dir, shape.file)), { recursive: true });
  writeFileSync(
    join(dir, "package.json"),
    JSON.stringify({ name: `consumer-${shape.name}`, private: true, type: shape.type }),
  );
  writeFileSync(join(dir, shape.file), shape.source);
  let typecheck: string | undefined;
  if (shape.compilerOptions) {
    writeFileSync(
      join(dir, "tsconfig.json"),
      JSON.stringify({ compilerOptions: shape.compilerOptions, include: ["src"] }),
    );
    try {
      await run(process.execPath, [compiler.tsc, "-p", dir], { cwd: dir });
      typecheck = "";
    } catch (error) {
      throw new Error(`tsc ${compiler.version} failed in ${shape.name}:\n${failure(error)}`);
    }
  }
  if (shape.bundle) await bundle(dir, shape);
  try {
    const { stdout } = await run(process.execPath, [shape.run], { cwd: dir });
    const last = stdout.trim().split("\n").at(-1) ?? "";
    return { typecheck, result: JSON.parse(last) as Outcome["result"] };
  } catch (error) {
    throw new Error(`node ${shape.run} failed in ${shape.name}:\n${failure(error)}`);
  }
}

/** esbuild, as a bundler project ships for Node: one ESM file, node_modules inside it. */
async function bundle(dir: string, shape: Shape): Promise<void> {
  const { build: esbuild } = await import("esbuild");
  await esbuild({
    absWorkingDir: dir,
    entryPoints: [shape.file],
    outfile: shape.run,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    logLevel: "silent",
    // the usual shim of an ESM bundle for Node, for the CommonJS packages inside it
    banner: {
      js: 'import { createRequire } from "node:module"; const require = createRequire(import.meta.url);',
    },
  });
}
