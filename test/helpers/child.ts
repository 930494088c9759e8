// Child processes for multi-process tests: a TypeScript file run with tsx, spoken to by lines.
import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";

/** A running child: read its stdout line by line, write lines to its stdin. */
export interface Child {
  /** The process. */
  readonly process: ChildProcess;
  /** Resolves with the next stdout line for which `match` holds; rejects if the child exits first. */
  waitFor(match: (line: string) => boolean, timeoutMs?: number): Promise<string>;
  /** Writes one line to the child's stdin. */
  write(line: string): void;
  /** Resolves with the exit code. */
  readonly exited: Promise<number | null>;
  /** What the child wrote to stderr (for failure messages). */
  stderr(): string;
}

/** Starts `file` (TypeScript) in a new Node process with tsx; `env` is added to the environment. */
export function startChild(file: string, env: Record<string, string>): Child {
  const child = spawn(process.execPath, ["--import", "tsx", file], {
    env: { ...process.env, ...env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let errors = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    errors += chunk.toString();
  });
  const lines: string[] = [];
  const listeners = new Set<() => void>();
  createInterface({ input: child.stdout! }).on("line", (line) => {
    lines.push(line);
    for (const listener of listeners) listener();
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
  return {
    process: child,
    exited,
    stderr: () => errors,
    write: (line) => {
      child.stdin?.write(`${line}\n`);
    },
    waitFor: (match, timeoutMs = 30_000) =>
      new Promise<string>((resolve, reject) => {
        const check = () => {
          const index = lines.findIndex(match);
          if (index < 0) return false;
          const [line] = lines.splice(index, 1);
          done();
          resolve(line as string);
          return true;
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`child ${child.pid}: no matching line in ${timeoutMs} ms; ${errors}`));
        }, timeoutMs);
        const onExit = (code: number | null) => {
          if (check()) return;
          done();
          reject(new Error(`child ${child.pid} exited (${code}) first: ${errors}`));
        };
        const done = () => {
          clearTimeout(timer);
          listeners.delete(check);
          child.off("exit", onExit);
        };
        if (check()) return;
        listeners.add(check);
        child.on("exit", onExit);
      }),
  };
}
