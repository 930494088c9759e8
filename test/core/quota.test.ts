import { describe, expect, it } from "vitest";
import { QuotaLedger } from "../../src/limits/quota.js";

const PT = "America/Los_Angeles";
const rules = [{ bucket: "units", units: 100, timeZone: PT, source: "test" }];

function ledgerAt(start: number) {
  let now = start;
  const ledger = new QuotaLedger(rules, { now: () => now });
  return { ledger, set: (t: number) => (now = t) };
}

describe("QuotaLedger", () => {
  it("charges all or nothing and names the bucket that cannot hold a cost", () => {
    const { ledger } = ledgerAt(Date.UTC(2026, 10, 25, 18));
    expect(ledger.reserve([{ units: 60 }])).toBeUndefined();
    const refusal = ledger.reserve([{ units: 30 }, { units: 20 }]);
    expect(refusal).toMatchObject({ bucket: "units", needed: 50, left: 40 });
    expect(ledger.remaining("units")).toBe(40);
    expect(ledger.reserve([{ other: 5 }])).toBeUndefined(); // a bucket without a rule is free
  });

  it("resets at midnight Pacific Time, standard time (UTC-8) in November", () => {
    const { ledger, set } = ledgerAt(Date.UTC(2026, 10, 25, 18)); // 10:00 PST
    ledger.exhaust("units");
    expect(ledger.resetAt("units")).toBe(Date.UTC(2026, 10, 26, 8));
    set(Date.UTC(2026, 10, 26, 7, 59, 59));
    expect(ledger.remaining("units")).toBe(0);
    set(Date.UTC(2026, 10, 26, 8));
    expect(ledger.remaining("units")).toBe(100);
  });

  it("resets at midnight PDT (UTC-7) in summer, and across the spring-forward day", () => {
    const { ledger, set } = ledgerAt(Date.UTC(2026, 6, 1, 12)); // 05:00 PDT
    expect(ledger.resetAt("units")).toBe(Date.UTC(2026, 6, 2, 7));
    set(Date.UTC(2026, 2, 8, 12)); // 8 March 2026, clocks jump at 02:00 PST
    expect(ledger.resetAt("units")).toBe(Date.UTC(2026, 2, 9, 7)); // next midnight is PDT
  });
});
