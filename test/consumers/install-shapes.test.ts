// The packed package installed into the projects users have (test/consumers/shapes.ts), each
// typechecked with skipLibCheck false and run: one message through Herald to the simulator over a
// real socket. Needs a build (`npm run build`); run by `npm run test:consumers` (CI, after build).
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  build,
  type Compiler,
  currentTypescript,
  install,
  oldestTypescript,
  pack,
  ROOT,
  workspace,
} from "./project.js";
import { type Install, SHAPES } from "./shapes.js";

const space = workspace();
const installs = new Map<Install, string>();
const compilers: Record<"current" | "oldest", Compiler> = {
  current: currentTypescript(),
  oldest: oldestTypescript(),
};

beforeAll(async () => {
  if (!existsSync(join(ROOT, "dist/index.js"))) {
    throw new Error("dist/ is missing: run `npm run build` before `npm run test:consumers`");
  }
  const tarball = await pack(space.dir);
  for (const kind of ["full", "without-msw"] as const) {
    installs.set(kind, await install(space.dir, tarball, kind));
  }
}, 60_000);

afterAll(() => space.remove());

describe("the packed package in consumer projects", () => {
  it("states the oldest TypeScript it is tested with as the minimum in docs/install.md", () => {
    const [major, minor] = compilers.oldest.version.split(".");
    const docs = readFileSync(join(ROOT, "docs/install.md"), "utf8");
    expect(docs).toContain(`TypeScript ${major}.${minor} or later`);
    expect(compilers.oldest.version).not.toBe(compilers.current.version);
  });

  for (const shape of SHAPES) {
    it.concurrent(`${shape.name}: ${shape.about}`, async () => {
      const compiler = compilers[shape.typescript ?? "current"];
      const outcome = await build(shape, installs.get(shape.install)!, compiler);
      if (shape.compilerOptions) expect(outcome.typecheck).toBe("");
      expect(outcome.result.ok).toBe(true);
      expect(outcome.result.delivered).toEqual(shape.delivered);
      if (shape.install === "without-msw") {
        expect(outcome.result.handlersError).toContain("npm install --save-dev msw");
      }
    });
  }
});
