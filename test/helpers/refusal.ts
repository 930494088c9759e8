import { expect } from "vitest";
import { ValidationError } from "../../src/index.js";

/** Runs `fn` and returns the ValidationError it throws; fails the test if it throws nothing else. */
export function refusal(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return error as ValidationError;
  }
  throw new Error("expected a ValidationError");
}
