// Builds the servers against the BUILT package and starts them. Each runtime imports `herald`
// like a user's app does: through node_modules/herald (a link to this repository), so its
// package.json exports pick the dist/ file for the runtime's conditions. The worker is bundled
// by esbuild with the Workers conditions (no `node`), as wrangler does.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { build } from "esbuild";
import { COUNT_PATH } from "./fixtures.js";
import type { Runtime } from "./runtimes.js";

/** The repository root, linked as node_modules/herald. */
export const ROOT = resolve(import.meta.dirname, "../../..");
const SERVERS = join(ROOT, "test/runtimes/servers");

/**
 * workerd's compatibility date: recent, and not past the installed workerd's own date
 * (`workerd --version` prints it; workerd refuses later dates).
 */
const COMPATIBILITY_DATE = "2026-11-01";

/** How long a runtime may take to start and answer its first request. */
const START_TIMEOUT_MS = 15_000;

/** A folder holding the bundled servers, the worker's config and node_modules/herald. */
export interface Workdir {
  path: string;
  remove(): Promise<void>;
}

function workerdConfig(): string {
  return `using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "main", worker = .worker),
    # the worker's fetch() reaches this machine only (the test's simulator), never the internet
    (name = "internet", network = (allow = ["local"])),
  ],
  sockets = [ (name = "http", address = "127.0.0.1:0", http = (), service = "main") ],
);

const worker :Workerd.Worker = (
  modules = [ (name = "worker", esModule = embed "worker.mjs") ],
  compatibilityDate = "${COMPATIBILITY_DATE}",
);
`;
}

/** What the servers are built with. */
export interface BuildOptions {
  /** Base URL of the LINE simulator the servers reply through. */
  lineSimulatorUrl: string;
}

/** Creates the workdir: links the package, bundles the four server entries, writes the config. */
export async function prepareWorkdir(options: BuildOptions): Promise<Workdir> {
  const path = await mkdtemp(join(tmpdir(), "herald-runtimes-"));
  await mkdir(join(path, "node_modules"));
  await symlink(ROOT, join(path, "node_modules", "herald"), "dir");
  const manifest = { private: true, type: "module", dependencies: { herald: "*" } };
  await writeFile(join(path, "package.json"), JSON.stringify(manifest));
  // No tsconfig lookup: the repo's `paths` map `herald` to src/, the servers must get dist/.
  // logLevel: tsup's chunks are imported bare by the entries and dropped as side-effect free,
  // which esbuild warns about; they are pure (no side effects to lose).
  const common = {
    bundle: true,
    format: "esm",
    outdir: path,
    tsconfigRaw: "{}",
    logLevel: "error",
    define: { LINE_SIMULATOR_URL: JSON.stringify(options.lineSimulatorUrl) },
  } as const;
  await build({
    ...common,
    entryPoints: ["node", "bun", "deno"].map((e) => join(SERVERS, `${e}.ts`)),
    outExtension: { ".js": ".mjs" },
    platform: "node",
    packages: "external",
  });
  const worker = await build({
    ...common,
    entryPoints: [join(SERVERS, "worker.ts")],
    outExtension: { ".js": ".mjs" },
    platform: "browser",
    conditions: ["workerd", "worker", "browser"],
    nodePaths: [join(path, "node_modules")],
    metafile: true,
  });
  const fromSource = Object.keys(worker.metafile.inputs).filter((input) =>
    resolve(input).startsWith(join(ROOT, "src")),
  );
  if (fromSource.length) throw new Error(`worker bundle took sources, not dist/: ${fromSource}`);
  await writeFile(join(path, "config.capnp"), workerdConfig());
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

/** A running server. */
export interface Server {
  url: string;
  /** What the runtime wrote to stderr so far (for failure messages). */
  stderr(): string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once("error", fail);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => (typeof address === "object" && address ? done(address.port) : fail()));
    });
  });
}

function command(runtime: Runtime, dir: string, port: number): string[] {
  const file = join(dir, `${runtime.entry}.mjs`);
  switch (runtime.entry) {
    case "node":
      return [file];
    case "bun":
      return ["run", file];
    case "deno":
      return ["run", "-A", "--quiet", file];
    case "worker":
      return ["serve", join(dir, "config.capnp"), "--socket-addr", `http=127.0.0.1:${port}`];
  }
}

async function answers(url: string): Promise<boolean> {
  try {
    return (await fetch(url + COUNT_PATH)).ok;
  } catch {
    return false;
  }
}

/**
 * Starts `runtime` on the workdir's bundle and resolves once it answers `GET /count`. Node, Bun
 * and Deno listen on port 0 and print `listening <port>`; workerd gets a port picked here.
 */
export async function startServer(runtime: Runtime, workdir: Workdir): Promise<Server> {
  if (!runtime.binary) throw new Error(runtime.missing);
  const picked = runtime.entry === "worker" ? await freePort() : 0;
  const child: ChildProcess = spawn(runtime.binary, command(runtime, workdir.path, picked), {
    cwd: workdir.path,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, NO_COLOR: "1", DENO_NO_UPDATE_CHECK: "1" },
  });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk) => (stdout += chunk));
  child.stderr?.on("data", (chunk) => (stderr += chunk));
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    const hung = setTimeout(() => child.kill("SIGKILL"), 2_000);
    await exited;
    clearTimeout(hung);
  };
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    const port = picked || Number(/listening (\d+)/.exec(stdout)?.[1] ?? 0);
    if (port && (await answers(`http://127.0.0.1:${port}`))) {
      return { url: `http://127.0.0.1:${port}`, stderr: () => stderr, stop };
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  await stop();
  throw new Error(
    `${runtime.name} did not answer (${workdir.path}): exit ${child.exitCode}\n${stderr}`,
  );
}
