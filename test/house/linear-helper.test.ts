// The linearity helper the parser tests lean on: it passes a linear reader and fails a quadratic one.
import { describe, expect, it } from "vitest";
import { expectLinear, TIMER_SLACK_MS } from "../helpers/linear.js";

/** Counts, for every character, the characters before it equal to it: quadratic by design. */
function quadratic(text: string): number {
  let same = 0;
  for (let i = 0; i < text.length; i++) {
    for (let j = 0; j < i; j++) if (text.charCodeAt(j) === text.charCodeAt(i)) same++;
  }
  return same;
}

/** Counts the characters equal to the first: linear. */
function linear(text: string): number {
  let same = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === text.charCodeAt(0)) same++;
  return same;
}

describe("expectLinear", () => {
  const make = (n: number) => "ab".repeat(n / 2);

  it("passes a linear reader", () => {
    expectLinear(make, linear, 125_000);
  });

  it("fails a quadratic reader", () => {
    // 1,000 and 8,000 characters: half a million and 32 million comparisons
    expect(() => expectLinear(make, quadratic, 1_000, TIMER_SLACK_MS, 0)).toThrow();
  });
});
