// No silent failure: `report.ok` and `delivery.orThrow()` for each outcome against the
// simulator: sent, failed (a blocked chat, a bad token), unknown (a 5xx after Telegram processed
// the message: perhaps delivered, never resent), skipped (cancelled) and mixed, while a plain
// `await` still resolves with the report, so mass sends read their counts as before.
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { mastodon } from "../../src/adapters/mastodon/index.js";
import { telegram } from "../../src/adapters/telegram/index.js";
import {
  AuthError,
  createHerald,
  DeliveryError,
  DeliveryUnknownError,
  HeraldError,
  PlatformError,
  ValidationError,
} from "../../src/index.js";
import { instantWaits, simulator, TOKENS } from "../integration/helpers.js";

const sim = simulator(); // Telegram chat 1666 blocked the bot
const server = setupServer(...sim.handlers());
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => {
  sim.reset();
  sim.faults.clear();
});
afterAll(() => server.close());

/** A new client each time: its own limiters, so no test waits for Telegram's per-chat pace. */
const herald = () =>
  createHerald({
    adapters: [
      telegram({ botToken: TOKENS.telegram }),
      mastodon({ accessToken: TOKENS.mastodon, instanceUrl: "https://mastodon.example" }),
      mastodon({
        accessToken: "revoked-token",
        account: "old",
        instanceUrl: "https://mastodon.example",
      }),
    ],
    clock: instantWaits,
    retry: { retries: 1, minDelayMs: 1, maxDelayMs: 2 },
  });

/** The error `orThrow()` rejected with (fails the test when it resolved). */
async function rejection(
  delivery: ReturnType<ReturnType<typeof herald>["send"]>,
): Promise<DeliveryError> {
  const error = await delivery.orThrow().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DeliveryError);
  return error as DeliveryError;
}

describe("report.ok and delivery.orThrow()", () => {
  it("sent: ok, and orThrow resolves with the report", async () => {
    const report = await herald()
      .send({ text: "Hi" }, { to: ["telegram:1001", "mastodon"] })
      .orThrow();
    expect(report.ok).toBe(true);
    expect(report.counts.sent).toBe(2);
  });

  it("failed: await resolves with ok false; orThrow rejects with the report and the cause", async () => {
    const report = await herald().send({ text: "Hi" }, { to: "telegram:1666" });
    expect(report.ok).toBe(false);
    expect(report.targets[0]!.status).toBe("failed");
    const error = await rejection(herald().send({ text: "Hi" }, { to: "telegram:1666" }));
    expect(error).toBeInstanceOf(HeraldError);
    expect(error.code).toBe("not_delivered");
    expect(error.outcome).toBe("failed");
    expect(error.counts).toEqual({ sent: 0, failed: 1, unknown: 0, skipped: 0 });
    expect(error.report.targets[0]!.target).toBe("telegram:1666");
    expect(error.cause).toBeInstanceOf(PlatformError);
    expect(error.message).toMatch(/: 1 failed: telegram:1666: telegram: .*blocked/);
    expect(error.message).not.toContain(TOKENS.telegram);
  });

  it("unknown: told apart from failed (perhaps delivered, not resent)", async () => {
    sim.faults.set({ rate: 1, kinds: ["5xx"], when: "after", platforms: ["telegram"] });
    const error = await rejection(herald().send({ text: "Hi" }, { to: "telegram:1001" }));
    expect(error.outcome).toBe("unknown");
    expect(error.counts).toMatchObject({ failed: 0, unknown: 1 });
    expect(error.cause).toBeInstanceOf(DeliveryUnknownError);
    expect(error.message).toMatch(/1 unknown \(may have been delivered: not resent\)/);
    expect(sim.telegram.messages).toHaveLength(1); // it was delivered, once
  });

  it("skipped: a cancelled delivery is not ok", async () => {
    const delivery = herald().send({ text: "Hi" }, { to: "telegram:1001" });
    delivery.cancel();
    const error = await rejection(delivery);
    expect(error.outcome).toBe("skipped");
    expect(sim.requests).toHaveLength(0);
  });

  it("mixed: sent, failed and unknown targets in one delivery, each in the report", async () => {
    sim.faults.set({ rate: 1, kinds: ["5xx"], when: "after", platforms: ["telegram"] });
    const error = await rejection(
      herald().send({ text: "Hi" }, { to: ["mastodon", "mastodon@old", "telegram:1001"] }),
    );
    expect(error.outcome).toBe("mixed");
    expect(error.counts).toEqual({ sent: 1, failed: 1, unknown: 1, skipped: 0 });
    expect(error.report.targets.map((t) => t.status)).toEqual(["sent", "failed", "unknown"]);
    expect(error.report.targets[1]!.error).toBeInstanceOf(AuthError);
    expect(error.message).toMatch(/1 failed, 1 unknown .*mastodon@old: .*; telegram:1001: /);
  });

  it("a mass send still resolves; ok is false when a recipient failed, the counts exact", async () => {
    const recipients = ["1001", "1666", "1002"];
    const report = await herald().send(
      { text: "Sale" },
      { to: { platform: "telegram", recipients } },
    );
    expect(report.ok).toBe(false);
    expect(report.counts).toEqual({ sent: 2, failed: 1, unknown: 0, skipped: 0 });
    const error = await rejection(
      herald().send({ text: "Sale" }, { to: { platform: "telegram", recipients } }),
    );
    // a mass send names the first refused recipient's error
    expect(error.message).toMatch(/telegram:recipients: telegram: .*blocked/);
    // an empty audience sent nothing and refused nothing: ok
    const empty = await herald().send(
      { text: "Sale" },
      { to: { platform: "telegram", recipients: [] } },
    );
    expect(empty.ok).toBe(true);
  });

  it("a recipients stream that throws makes it not ok, though nothing was counted failed", async () => {
    function* broken(): Generator<string> {
      yield* []; // a database cursor that fails before its first row
      throw new Error("cursor closed");
    }
    const report = await herald().send(
      { text: "Sale" },
      { to: { platform: "telegram", recipients: broken() } },
    );
    expect(report.counts.failed).toBe(0);
    expect(report.ok).toBe(false);
    const error = await rejection(
      herald().send({ text: "Sale" }, { to: { platform: "telegram", recipients: broken() } }),
    );
    expect(error.outcome).toBe("failed");
    expect(error.cause).toBeInstanceOf(ValidationError);
  });

  it("a scheduled send is ok while Herald's scheduler holds it; invalid input still rejects", async () => {
    const h = herald();
    const at = new Date(Date.now() + 3_600_000);
    const report = await h.send({ text: "Later" }, { to: "telegram:1001", at }).orThrow();
    expect(report).toMatchObject({ ok: true, targets: [{ status: "scheduled" }] });
    await h.schedules.cancel(report.schedule!.id);
    await h.close();
    await expect(h.send({ text: "" }, { to: "telegram:1001" }).orThrow()).rejects.toThrow(
      ValidationError,
    );
  });
});
