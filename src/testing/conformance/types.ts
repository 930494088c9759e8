import type { Destination } from "../../contract/render.js";
import type { Message } from "../../message/schema.js";

/** Options of {@link checkAdapter}. */
export interface AdapterCheckOptions {
  /** A message the adapter can send (default: a short text). */
  message?: Message;
  /**
   * Where to render it (default: from the adapter's first destination kind, with placeholder
   * ids: `{ kind: "feed" }`, a chat named `herald-conformance`, a sample batch of recipients).
   * Give one when the platform's ids have a fixed form.
   */
  destination?: Destination;
  /**
   * A message the platform must refuse before sending (default: 100,000 characters of text), or
   * `false` for a platform that takes any length.
   */
  tooLong?: Message | false;
  /** The time `render` is given (default: `Date.now()`). */
  now?: number;
}

/** One problem {@link checkAdapter} found. */
export interface AdapterProblem {
  /** The check that found it (`identity`, `limits`, `secrets`, `render`, `refusal`, `responses`). */
  readonly check: string;
  /** What is wrong, and where. */
  readonly problem: string;
}

/** What {@link checkAdapter} found. */
export interface AdapterCheck {
  /** True when no check found a problem. */
  readonly ok: boolean;
  /** The checks run, in order. */
  readonly checks: readonly string[];
  /** Every problem found (empty when `ok`). */
  readonly problems: readonly AdapterProblem[];
  /** The optional facets the adapter states it has (`facetsOf`), for the record. */
  readonly facets: readonly string[];
}

/** Adds a problem of one check. */
export type Report = (problem: string) => void;
