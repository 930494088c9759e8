import { buildSimulatorHandlers, type MswApi, type SimulatorBackend } from "./msw-handlers.js";
import type { SimPlatform } from "./types.js";

/**
 * What msw's handlers are typed as where `herald/testing` hands them out (`sim.handlers()`):
 * `never`, assignable to the handler types of `setupServer(...)` and `server.use(...)`, so that
 * `herald/testing`'s own types need no msw installed. `simulatorHandlers` of
 * `herald/testing/msw` returns msw's own `RequestHandler[]`.
 */
export type UntypedMswHandler = never;

/** Node's `module.createRequire`, the only part of `node:module` used here. */
interface NodeModule {
  createRequire(from: string): (id: string) => unknown;
}

/** `process.getBuiltinModule`, on Node 20.16+, 22.3+, Bun and Deno: no `node:` import needed. */
type GetBuiltinModule = (id: "node:module") => NodeModule | undefined;

const ELSEWHERE = 'or import { simulatorHandlers } from "herald/testing/msw"';

/**
 * Loads msw when `sim.handlers()` is called, not when `herald/testing` is imported, so that the
 * Node server path (`startSimulatorServer`) works without msw installed. A synchronous load, so
 * that `sim.handlers()` stays synchronous: `require("msw")` from this file's place (on Node
 * 20.19+ and 22.12+ that is msw's ESM build, the instance `msw/node` uses).
 * @throws Error naming what to install or to import when msw can not be loaded.
 */
export function loadMsw(): MswApi<UntypedMswHandler> {
  const get = (globalThis as { process?: { getBuiltinModule?: GetBuiltinModule } }).process
    ?.getBuiltinModule;
  const nodeModule = get?.("node:module");
  if (!nodeModule) {
    throw new Error(
      `sim.handlers() loads msw on demand, which needs process.getBuiltinModule (Node 20.16+); ${ELSEWHERE}`,
    );
  }
  try {
    return nodeModule.createRequire(import.meta.url)("msw") as MswApi<UntypedMswHandler>;
  } catch (error) {
    const missing = (error as { code?: unknown }).code === "MODULE_NOT_FOUND";
    throw new Error(
      missing
        ? `sim.handlers() needs msw: npm install --save-dev msw (${ELSEWHERE})`
        : `sim.handlers() could not load msw (${ELSEWHERE})`,
      { cause: error },
    );
  }
}

/**
 * msw handlers serving the platforms on `baseUrls` with `sim`, msw loaded on demand (see
 * {@link loadMsw}): what `sim.handlers()` returns.
 * @deprecated Import `simulatorHandlers` from `herald/testing/msw` (msw's own types).
 * @throws Error when msw is not installed or can not be loaded here.
 */
export function simulatorHandlers(
  sim: SimulatorBackend,
  baseUrls: Partial<Record<SimPlatform, string>> = {},
): UntypedMswHandler[] {
  return buildSimulatorHandlers(sim, baseUrls, loadMsw());
}
