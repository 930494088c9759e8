// The analytics tests' fixture: the clocked simulator of test/helpers, and helpers for metrics answers.
import { RefusedError } from "../../src/analytics/errors.js";
import type { PostMetricsResult } from "../../src/analytics/metrics.js";

export { clockedSimulator as analyticsFixture, START } from "../helpers/clocked-simulator.js";

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
