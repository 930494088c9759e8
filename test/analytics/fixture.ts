// One simulator behind msw and a manual clock shared by the simulator and Herald, so that a
// test advances time and sees the simulated engagement grow.
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll } from "vitest";
import type { PlatformAdapter } from "../../src/adapters/contract.js";
import { RefusedError } from "../../src/analytics/errors.js";
import type { PostMetricsResult } from "../../src/analytics/metrics.js";
import { createHerald, type HeraldOptions } from "../../src/index.js";
import { createSimulator, ManualClock, type SimulatorOptions } from "../../src/testing/index.js";

/** 2026-11-27T09:00:00Z: the start of every analytics test. */
export const START = Date.parse("2026-11-27T09:00:00Z");

/** The simulator and the clock of one test file; the msw server lives for the file. */
export function analyticsFixture(options: SimulatorOptions) {
  const clock = new ManualClock(START);
  const sim = createSimulator({ ...options, clock });
  const server = setupServer(...sim.handlers());
  beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
  afterEach(() => {
    sim.reset();
    clock.advance(START - clock.now());
  });
  afterAll(() => server.close());
  const herald = <const A extends readonly PlatformAdapter[]>(
    adapters: A,
    extra: Partial<HeraldOptions<A>> = {},
  ) => createHerald({ adapters, clock, retry: { retries: 2 }, ...extra });
  return { clock, sim, herald };
}

/** Hours in ms. */
export const HOURS = 3_600_000;

/** The refusal of a post that was not read; fails the test when it was read. */
export function refusalOf(post: PostMetricsResult | undefined): RefusedError {
  if (!post || post.ok) throw new Error(`expected a refusal, got ${JSON.stringify(post)}`);
  if (!(post.error instanceof RefusedError)) throw post.error;
  return post.error;
}

/** A post that was read; fails the test when it was not. */
export function readOf(post: PostMetricsResult | undefined) {
  if (!post?.ok)
    throw new Error(`expected metrics, got ${String(post?.ok === false && post.error)}`);
  return post;
}
