import { describe, expect, it } from "vitest";
import { type ReadyBatch, RecipientBatcher } from "../../src/targeting/batcher.js";
import { compileSegment, type SegmentTest } from "../../src/targeting/evaluate.js";
import { compileMessage } from "../../src/targeting/personalize.js";

/** A batcher of "Hi {{name}}", with the segment `test` if given. */
const greeter = (batchSize: number, maxPending: number, test?: SegmentTest) => {
  const { message, templates } = compileMessage({ text: "Hi {{name}}" });
  return new RecipientBatcher({
    message,
    batchSize,
    maxPending,
    now: 0,
    platform: "p",
    ...(templates !== undefined && { templates }),
    ...(test !== undefined && { test }),
  });
};

function drain(batcher: RecipientBatcher, names: Array<string | undefined>) {
  const batches: ReadyBatch[] = [];
  names.forEach((name, i) => {
    const admitted = batcher.add({ id: String(i), attributes: name === undefined ? {} : { name } });
    if (admitted.kind === "queued") batches.push(...admitted.ready);
  });
  return [...batches, ...batcher.flush()];
}

describe("RecipientBatcher", () => {
  it("without variables: batches in stream order", () => {
    const batcher = new RecipientBatcher({
      message: { text: "x" },
      batchSize: 3,
      now: 0,
      platform: "p",
    });
    const batches = drain(batcher, ["a", "b", "c", "d", "e", "f", "g"]);
    expect(batches.map((b) => b.recipients.map((r) => r.id))).toEqual([
      ["0", "1", "2"],
      ["3", "4", "5"],
      ["6"],
    ]);
    expect(batcher.filtered).toBeUndefined();
  });

  it("groups by rendered text, each batch one text", () => {
    const batcher = greeter(2, 10_000);
    const batches = drain(batcher, ["a", "b", "a", "b", "a"]);
    expect(batches.map((b) => [b.message.text, b.recipients.map((r) => r.id)])).toEqual([
      ["Hi a", ["0", "2"]],
      ["Hi b", ["1", "3"]],
      ["Hi a", ["4"]],
    ]);
  });

  it("holds at most maxPending recipients, evicting the least recently used text first", () => {
    const batcher = greeter(8, 10);
    // a common name keeps coming while 20 unique names pass by
    const names = Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? "common" : `u${i}`));
    const batches = drain(batcher, names);
    // the common name stayed recently used: it went out in full batches, the unique ones alone
    const common = batches.filter((b) => b.message.text === "Hi common");
    expect(common.map((b) => b.recipients.length)).toEqual([8, 8, 4]);
    expect(
      batches.filter((b) => b.message.text !== "Hi common").every((b) => b.recipients.length === 1),
    ).toBe(true);
    // every recipient exactly once
    expect(batches.flatMap((b) => b.recipients.map((r) => r.id)).sort()).toEqual(
      names.map((_, i) => String(i)).sort(),
    );
  });

  it("never holds more than maxPending", () => {
    const batcher = greeter(500, 600);
    let pending = 0;
    let most = 0;
    for (let i = 0; i < 5_000; i++) {
      const admitted = batcher.add({ id: String(i), attributes: { name: `n${i % 997}` } });
      pending++;
      if (admitted.kind === "queued")
        for (const b of admitted.ready) pending -= b.recipients.length;
      most = Math.max(most, pending);
    }
    expect(most).toBe(600);
    expect(batcher.flush().reduce((n, b) => n + b.recipients.length, 0)).toBe(pending);
  });

  it("filters before personalizing, and counts what it filtered", () => {
    const batcher = greeter(
      10,
      10_000,
      compileSegment({ attributes: { name: { in: ["a", "b"] } } }),
    );
    expect(batcher.add({ id: "1", attributes: {} })).toEqual({ kind: "filtered" });
    expect(batcher.add({ id: "2", attributes: { name: "z" } })).toEqual({ kind: "filtered" });
    expect(batcher.add({ id: "3", attributes: { name: "a" } })).toEqual({
      kind: "queued",
      ready: [],
    });
    expect(batcher.filtered).toBe(2);
  });
});

describe("RecipientBatcher with a minimum batch (WeChat mass/send: 2 to 10,000)", () => {
  const sizes = (total: number, batchSize: number, minBatch: number, maxPending?: number) => {
    const batcher = new RecipientBatcher({
      message: { text: "x" },
      batchSize,
      minBatch,
      now: 0,
      platform: "p",
      ...(maxPending !== undefined && { maxPending }),
    });
    const batches = drain(
      batcher,
      Array.from({ length: total }, () => "a"),
    );
    const ids = batches.flatMap((b) => b.recipients.map((r) => Number(r.id)));
    expect(ids).toEqual(Array.from({ length: total }, (_, i) => i)); // each once, in order
    return batches.map((b) => b.recipients.length);
  };

  it("never leaves a batch below the minimum when the target has enough recipients", () => {
    expect(sizes(7, 3, 2)).toEqual([3, 2, 2]);
    expect(sizes(6, 3, 2)).toEqual([3, 3]);
    expect(sizes(4, 3, 2)).toEqual([2, 2]);
    expect(sizes(25, 10, 2)).toEqual([10, 10, 5]);
    for (let total = 2; total <= 40; total++) {
      const got = sizes(total, 10, 2);
      expect(Math.min(...got)).toBeGreaterThanOrEqual(2);
      expect(Math.max(...got)).toBeLessThanOrEqual(10);
    }
  });

  it("hands a lone recipient on as it is (the adapter decides)", () => {
    expect(sizes(1, 10, 2)).toEqual([1]);
  });

  it("without a minimum, batches leave as soon as they are full (unchanged)", () => {
    expect(sizes(11, 10, 1)).toEqual([10, 1]);
  });
});
