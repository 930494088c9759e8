// A redis-server of a test's own, on a free port, for fault tests that kill and restart it (the
// shared one on 6379 is never touched). Locally a missing redis-server skips those tests with a
// message; in CI (process.env.CI set) they run and fail.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { createServer } from "node:net";

/** Whether `redis-server` can be started here. */
export function redisServerInstalled(): boolean {
  return spawnSync("redis-server", ["--version"], { stdio: "ignore" }).status === 0;
}

/** Whether to run tests that start their own redis-server: yes when installed; on CI always. */
export function shouldRunRedisServerTests(what: string): boolean {
  if (process.env.CI || redisServerInstalled()) return true;
  console.warn(`redis-server is not installed: skipping ${what} (set CI to make it fail)`);
  return false;
}

/** A TCP port nobody listens on now (bound by the system, then released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address
          ? resolve(address.port)
          : reject(new Error("no port")),
      );
    });
  });
}

/** A running redis-server of the test. */
export interface RedisServer {
  /** Its port on 127.0.0.1. */
  readonly port: number;
  /** Kills it at once (SIGKILL: no shutdown, nothing saved) and waits until it is gone. */
  kill(): Promise<void>;
  /** Freezes it (SIGSTOP): connections stay open, nothing is answered; `thaw` undoes it. */
  freeze(): void;
  /** Lets a frozen server run again (SIGCONT). */
  thaw(): void;
}

/** Every redis-server started here and not killed yet, so a failed test leaves none behind. */
const running = new Set<ChildProcess>();

/** Kills (SIGKILL) every redis-server this process started that is still running: for `afterAll`. */
export async function killAllRedisServers(): Promise<void> {
  await Promise.all(
    [...running].map(
      (child) =>
        new Promise<void>((resolve) => {
          child.once("exit", () => resolve());
          child.kill("SIGKILL");
        }),
    ),
  );
}

/** Longest wait for a started redis-server to accept connections: our bound for a test. */
const START_TIMEOUT_MS = 5_000;

/**
 * Starts a redis-server on `port` and waits until it accepts connections: empty (no RDB, no
 * AOF), or with `dir` an append-only file there, synced on every write, so that a restart after
 * a SIGKILL finds everything it had acknowledged.
 */
export function startRedisServer(
  port: number,
  options: { dir?: string } = {},
): Promise<RedisServer> {
  const persistence = options.dir
    ? ["--appendonly", "yes", "--appendfsync", "always", "--dir", options.dir]
    : ["--appendonly", "no"];
  const child: ChildProcess = spawn(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", ...persistence],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  running.add(child);
  const exited = new Promise<void>((resolve) =>
    child.once("exit", () => {
      running.delete(child);
      resolve();
    }),
  );
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`redis-server did not start on ${port}: ${output}`));
    }, START_TIMEOUT_MS);
    child.once("error", (error) => {
      running.delete(child); // not started: no exit event will come
      clearTimeout(timer);
      reject(error);
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited (${code}) on ${port}: ${output}`));
    });
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (!output.includes("Ready to accept connections")) return;
      clearTimeout(timer);
      child.stdout?.removeAllListeners("data");
      child.stdout?.resume();
      resolve({
        port,
        async kill() {
          child.kill("SIGKILL");
          await exited;
        },
        freeze: () => child.kill("SIGSTOP"),
        thaw: () => child.kill("SIGCONT"),
      });
    });
  });
}
