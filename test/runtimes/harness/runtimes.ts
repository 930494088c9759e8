// The runtimes under test, found in test/runtimes/node_modules (`npm ci --prefix test/runtimes`)
// whether or not npm ran their packages' install scripts; Node 20 is the machine's own node.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";

/** Which server entry (test/runtimes/servers/<entry>.ts) a runtime runs. */
export type Entry = "node" | "bun" | "deno" | "worker";

/** A runtime to test: its binary when found, or why it is missing. */
export interface Runtime {
  /** Name in test titles, with the version found: "node v22.23.3", "workerd 2026-11-17". */
  name: string;
  entry: Entry;
  binary?: string;
  /** Why the runtime cannot run here (no binary, or the binary does not start). */
  missing?: string;
}

/** test/runtimes/node_modules */
export const RUNTIMES_DIR = join(import.meta.dirname, "..", "node_modules");

const os = process.platform; // "linux" | "darwin" | ...
const arch = process.arch; // "x64" | "arm64" | ...

/**
 * Where each package puts its binary, first match wins. With install scripts, `bun` and `deno`
 * link the platform binary into their own folder; without, it stays in the platform package
 * (@oven/bun-linux-x64, @deno/linux-x64-glibc, @cloudflare/workerd-linux-64).
 */
const CANDIDATES: Record<Exclude<Entry, "node"> | "node22" | "node24", string[]> = {
  node22: ["node22/bin/node"],
  node24: ["node24/bin/node"],
  bun: [
    `@oven/bun-${os}-${arch}/bin/bun`,
    `@oven/bun-${os}-${arch}-baseline/bin/bun`,
    `bun/bin/bun.exe`,
  ],
  deno: [`@deno/${os}-${arch}-glibc/deno`, `@deno/${os}-${arch}/deno`, `deno/deno`],
  worker: [
    `@cloudflare/workerd-${os}-${arch === "x64" ? "64" : arch}/bin/workerd`,
    `workerd/bin/workerd`,
  ],
};

/** The first candidate that exists and answers `--version` (a placeholder script does not). */
function locate(name: string, entry: Entry, candidates: string[]): Runtime {
  const tried: string[] = [];
  for (const relative of candidates) {
    const binary = join(RUNTIMES_DIR, relative);
    if (!existsSync(binary)) continue;
    const run = spawnSync(binary, ["--version"], { encoding: "utf8", timeout: 20_000 });
    const version = run.status === 0 ? /v?\d[\w.-]*/.exec(run.stdout)?.[0] : undefined;
    if (version) return { name: `${name} ${version}`, entry, binary };
    tried.push(`${relative} (${run.error?.message ?? `exit ${run.status}`})`);
  }
  const where = tried.length ? `found but not runnable: ${tried.join(", ")}` : "not installed";
  return {
    name,
    entry,
    missing: `${name} ${where} in test/runtimes/node_modules (npm ci --prefix test/runtimes)`,
  };
}

/** Every runtime of the cross-runtime test, found or not. */
export function locateRuntimes(): Runtime[] {
  return [
    { name: `node ${process.version}`, entry: "node", binary: process.execPath },
    locate("node", "node", CANDIDATES.node22),
    locate("node", "node", CANDIDATES.node24),
    locate("bun", "bun", CANDIDATES.bun),
    locate("deno", "deno", CANDIDATES.deno),
    locate("workerd", "worker", CANDIDATES.worker),
  ];
}
