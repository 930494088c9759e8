// Herald's in-memory scheduler end to end: a manual clock drives Herald and the simulator, and
// every check reads the simulator's recorded request times, i.e. when the platform got it.
import { setupServer } from "msw/node";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  audience,
  type FiredEvent,
  type FireJob,
  type FireResult,
  type Herald,
  MemoryScheduler,
  type Recipient,
  systemClock,
  ValidationError,
} from "../../src/index.js";
import { ManualClock, type Simulator } from "../../src/testing/index.js";
import { heraldFor, simulator } from "../integration/helpers.js";
import { localDate, localTime, runUntil } from "./helpers.js";

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterAll(() => server.close());

let clock: ManualClock;
let sim: Simulator;
let herald: Herald;

function start(at: string, options: Parameters<typeof heraldFor>[1] = {}) {
  clock = new ManualClock(at);
  sim = simulator({ clock });
  server.resetHandlers(...sim.handlers());
  herald = heraldFor({}, { clock, ...options });
}

beforeEach(() => start("2026-11-26T00:00:00Z"));

const dm = (recipients: Iterable<Recipient> | AsyncIterable<Recipient>) => ({
  platform: "telegram",
  recipients,
});
/** Delivery times at the simulator, by chat. */
function received(): Map<string, number[]> {
  const byChat = new Map<string, number[]>();
  for (const m of sim.telegram.messages)
    byChat.set(m.chatId, [...(byChat.get(m.chatId) ?? []), m.time]);
  return byChat;
}

describe("recipient-local time", () => {
  it("recipients in 13 zones each get it at 09:00 of their own zone", async () => {
    const zones = [
      "Pacific/Kiritimati", // +14
      "Pacific/Auckland", // +13 (NZDT)
      "Australia/Adelaide", // +10:30 (ACDT)
      "Asia/Tokyo", // +9
      "Asia/Kathmandu", // +5:45
      "Asia/Kolkata", // +5:30
      "Europe/Berlin", // +1
      "Europe/London", // 0
      "America/St_Johns", // -3:30
      "America/New_York", // -5
      "America/Los_Angeles", // -8
      "Pacific/Honolulu", // -10
      "Pacific/Pago_Pago", // -11
    ];
    const recipients: Recipient[] = zones.flatMap((timezone, i) => [
      { id: String(2000 + 2 * i), attributes: { timezone } },
      { id: String(2001 + 2 * i), attributes: { timezone, firstName: "x" } },
    ]);
    recipients.push("3000", { id: "3001", attributes: { timezone: "Mars/Olympus" } }); // fallback zone
    const report = await herald.send(
      { text: "Good morning" },
      {
        to: dm(recipients),
        at: "2026-11-27T09:00",
        timezone: "recipient",
        fallbackTimezone: "America/Sao_Paulo",
      },
    );
    expect(report.targets[0]).toMatchObject({ status: "scheduled", target: "telegram:recipients" });
    expect(report.schedule?.fires).toHaveLength(14); // 13 offsets and São Paulo's -3
    expect(sim.telegram.messages).toHaveLength(0);

    await runUntil(herald, clock, "2026-11-28T12:00:00Z");
    const times = received();
    expect(times.size).toBe(recipients.length);
    recipients.forEach((r) => {
      const id = typeof r === "string" ? r : r.id;
      const zone =
        typeof r === "string" || id === "3001"
          ? "America/Sao_Paulo"
          : (r.attributes?.timezone as string);
      expect(times.get(id), id).toHaveLength(1);
      expect(
        [localDate(times.get(id)![0]!, zone), localTime(times.get(id)![0]!, zone)],
        `${id} in ${zone}`,
      ).toEqual(["2026-11-27", "09:00"]);
    });
    // the earliest (Kiritimati) and the latest (Pago Pago) are 25 hours apart
    const all = [...times.values()].flat();
    expect(Math.max(...all) - Math.min(...all)).toBe(25 * 3_600_000);
    expect(await herald.schedules.get(report.id)).toMatchObject({
      status: "done",
      counts: { sent: recipients.length, failed: 0 },
    });
  });

  it("reads a named audience at fire time, one pass per local-time fire", async () => {
    let reads = 0;
    const members: Recipient[] = [{ id: "4001", attributes: { timezone: "Asia/Tokyo" } }];
    start("2026-11-26T00:00:00Z", {
      audiences: {
        vip: async function* () {
          reads++;
          yield* members;
        },
      },
    });
    const report = await herald.send(
      { text: "VIP" },
      { to: dm(audience("vip")), at: "2026-11-27T09:00", timezone: "recipient" },
    );
    expect(reads).toBe(0);
    members.push({ id: "4002", attributes: { timezone: "Europe/Paris" } }); // joins after scheduling
    await runUntil(herald, clock, "2026-11-28T12:00:00Z");
    expect(localTime(received().get("4001")![0]!, "Asia/Tokyo")).toBe("09:00");
    expect(localTime(received().get("4002")![0]!, "Europe/Paris")).toBe("09:00");
    const fires = (await herald.schedules.get(report.id))!.fires;
    expect(reads).toBe(fires.length); // every distinct offset of the runtime's zones
    expect(fires.length).toBeGreaterThan(30);
  });
});

describe("DST", () => {
  it.each([
    ["America/New_York", "2026-03-06T09:00", ["14:00", "14:00", "13:00", "13:00"]], // 03-08 EST→EDT
    ["America/New_York", "2026-10-30T09:00", ["13:00", "13:00", "14:00", "14:00"]], // 11-01 EDT→EST
    ["Europe/Berlin", "2026-03-27T09:00", ["08:00", "08:00", "07:00", "07:00"]], // 03-29 CET→CEST
    ["Europe/Berlin", "2026-10-23T09:00", ["07:00", "07:00", "08:00", "08:00"]], // 10-25 CEST→CET
  ])("daily 09:00 in %s from %s stays 09:00 local across the change", async (zone, at, utc) => {
    start(`${at.slice(0, 10)}T00:00:00Z`);
    await herald.send(
      { text: "Daily" },
      { to: "telegram:@shopnews", at, timezone: zone, repeat: "FREQ=DAILY;COUNT=4" },
    );
    await runUntil(herald, clock, "2027-01-01T00:00:00Z");
    const times = sim.telegram.messages.map((m) => m.time);
    expect(times.map((t) => localTime(t, zone))).toEqual(["09:00", "09:00", "09:00", "09:00"]);
    expect(times.map((t) => localTime(t, "UTC"))).toEqual(utc);
    expect(new Set(times.map((t) => localDate(t, zone))).size).toBe(4);
  });

  it("a wall time the clocks skip is sent right after the jump; one they repeat, at its first", async () => {
    start("2026-03-06T00:00:00Z");
    await herald.send(
      { text: "gap" },
      {
        to: "telegram:@newyork",
        at: "2026-03-07T02:30",
        timezone: "America/New_York",
        repeat: "FREQ=DAILY;COUNT=3",
      },
    );
    await herald.send(
      { text: "overlap" },
      {
        to: "telegram:@berlin",
        at: "2026-10-24T02:30",
        timezone: "Europe/Berlin",
        repeat: "FREQ=DAILY;COUNT=3",
      },
    );
    await runUntil(herald, clock, "2026-12-01T00:00:00Z");
    const at = (chat: string) =>
      sim.telegram.messages
        .filter((m) => m.chatId === chat)
        .map((m) => new Date(m.time).toISOString());
    // 03-08 02:30 does not exist in New York: 03:30 EDT, the same instant as 02:30 EST would be
    expect(at("@newyork")).toEqual([
      "2026-03-07T07:30:00.000Z",
      "2026-03-08T07:30:00.000Z",
      "2026-03-09T06:30:00.000Z",
    ]);
    // 10-25 02:30 happens twice in Berlin: the first, in CEST
    expect(at("@berlin")).toEqual([
      "2026-10-24T00:30:00.000Z",
      "2026-10-25T00:30:00.000Z",
      "2026-10-26T01:30:00.000Z",
    ]);
  });
});

describe("windows, recurrence and the calendar", () => {
  it("a window crossing midnight: outside it, each recipient waits for 22:00 of its own zone", async () => {
    start("2026-06-10T11:00:00Z");
    const recipients = [
      { id: "5001", attributes: { timezone: "Europe/Berlin" } }, // 14:00 local: waits for 22:00
      { id: "5002", attributes: { timezone: "Asia/Tokyo" } }, // 21:00 local: waits for 22:00
      { id: "5003", attributes: { timezone: "Pacific/Auckland" } }, // 00:00 local: inside, at once
      { id: "5004", attributes: { timezone: "America/New_York" } }, // 08:00 local: waits for 22:00
    ];
    await herald.send(
      { text: "Night owls" },
      { to: dm(recipients), at: "2026-06-10T12:00:00Z", window: { from: "22:00", to: "06:00" } },
    );
    await runUntil(herald, clock, "2026-06-12T00:00:00Z");
    const times = received();
    const iso = (id: string) => new Date(times.get(id)![0]!).toISOString();
    expect(iso("5003")).toBe("2026-06-10T12:00:00.000Z");
    expect(iso("5002")).toBe("2026-06-10T13:00:00.000Z");
    expect(iso("5001")).toBe("2026-06-10T20:00:00.000Z");
    expect(iso("5004")).toBe("2026-06-11T02:00:00.000Z");
    for (const r of recipients) {
      const local = localTime(times.get(r.id)![0]!, r.attributes.timezone);
      expect(local >= "22:00" || local < "06:00", `${r.id} at ${local}`).toBe(true);
    }
  });

  it("a yearly send on a leap day comes only on leap days (2028-02-29, 2032-02-29)", async () => {
    start("2028-02-01T00:00:00Z");
    const report = await herald.send(
      { text: "Happy leap day" },
      {
        to: "telegram:@shopnews",
        at: "2028-02-29T09:00",
        timezone: "Asia/Tokyo",
        repeat: "FREQ=YEARLY;COUNT=2",
      },
    );
    await runUntil(herald, clock, "2033-01-01T00:00:00Z");
    expect(sim.telegram.messages.map((m) => new Date(m.time).toISOString())).toEqual([
      "2028-02-29T00:00:00.000Z",
      "2032-02-29T00:00:00.000Z",
    ]);
    expect((await herald.schedules.get(report.id))?.status).toBe("done");
  });

  it("an RRULE with UNTIL fires on its days and ends", async () => {
    start("2026-11-01T00:00:00Z");
    const report = await herald.send(
      { text: "Mon & Thu" },
      {
        to: "telegram:@shopnews",
        at: "2026-11-02T10:00",
        timezone: "Europe/Berlin",
        repeat: "RRULE:FREQ=WEEKLY;BYDAY=MO,TH;UNTIL=20261119T235959Z",
      },
    );
    expect(report.schedule?.fires).toHaveLength(1); // the next occurrence is planned when this one fires
    await runUntil(herald, clock, "2027-06-01T00:00:00Z");
    const days = sim.telegram.messages.map((m) => localDate(m.time, "Europe/Berlin"));
    expect(days).toEqual([
      "2026-11-02",
      "2026-11-05",
      "2026-11-09",
      "2026-11-12",
      "2026-11-16",
      "2026-11-19",
    ]);
    expect(sim.telegram.messages.every((m) => localTime(m.time, "Europe/Berlin") === "10:00")).toBe(
      true,
    );
    const done = (await herald.schedules.get(report.id))!;
    expect(done).toMatchObject({ status: "done", next: undefined, counts: { sent: 6 } });
    expect(clock.pending).toBe(0);
  });

  it("refuses a recurrence that has ended before now, before anything is sent", async () => {
    const delivery = herald.send(
      { text: "x" },
      {
        to: ["mastodon", "telegram:@shopnews"],
        at: "2026-01-01T09:00",
        timezone: "UTC",
        repeat: "FREQ=DAILY;COUNT=3",
      },
    );
    await expect(delivery).rejects.toMatchObject({ field: "repeat" });
    expect(sim.requests).toHaveLength(0);
  });
});

describe("spread", () => {
  it("paces a send evenly over the duration (real time, 10 recipients over 900 ms)", async () => {
    let reads = 0;
    sim = simulator();
    server.resetHandlers(...sim.handlers());
    herald = heraldFor(
      {},
      {
        clock: systemClock,
        audiences: {
          ten: async function* () {
            reads++;
            for (let i = 0; i < 10; i++) yield String(8000 + i);
          },
        },
      },
    );
    const at = Date.now() + 100;
    const report = await herald.send(
      { text: "Paced" },
      { to: dm(audience("ten")), at: new Date(at), spread: "900ms" },
    );
    const done = new Promise((resolve) => herald.schedules.once("fired", resolve));
    await done;
    expect(report.targets[0]?.status).toBe("scheduled");
    expect(reads).toBe(2); // a stream: read once to count, once to send
    const times = sim.telegram.messages.map((m) => m.time).sort((a, b) => a - b);
    expect(times).toHaveLength(10);
    expect(times[0]).toBeGreaterThanOrEqual(at);
    // recipient k is released at start + k * 90 ms (start: the fire, at or after `at`): none
    // arrives before its release, and the last no later than the spread plus some latency
    times.forEach((t, k) => {
      expect(t - at, `recipient ${k}`).toBeGreaterThanOrEqual(k * 90);
    });
    expect(times.at(-1)! - at).toBeLessThan(1_400);
    await herald.close();
  });
});

describe("cancel and reschedule", () => {
  it("a cancelled send never fires", async () => {
    const report = await herald.send(
      { text: "Never" },
      { to: "telegram:@shopnews", at: "2026-11-27T09:00:00Z" },
    );
    const cancelled = await herald.schedules.cancel(report.id);
    expect(cancelled).toMatchObject({ status: "cancelled", next: undefined });
    expect(cancelled.fires.map((f) => f.status)).toEqual(["dropped"]);
    await runUntil(herald, clock, "2026-12-31T00:00:00Z");
    expect(sim.telegram.messages).toHaveLength(0);
    expect(await herald.schedules.cancel(report.id)).toMatchObject({ status: "cancelled" });
    await expect(herald.schedules.cancel("no-such-id")).rejects.toBeInstanceOf(ValidationError);
  });

  it("cancelling a recurrence stops the occurrences after it", async () => {
    const report = await herald.send(
      { text: "Daily" },
      { to: "telegram:@shopnews", at: "2026-11-27T09:00:00Z", repeat: "FREQ=DAILY;COUNT=5" },
    );
    await runUntil(herald, clock, "2026-11-28T12:00:00Z");
    expect(sim.telegram.messages).toHaveLength(2);
    await herald.schedules.cancel(report.id);
    await runUntil(herald, clock, "2026-12-31T00:00:00Z");
    expect(sim.telegram.messages).toHaveLength(2);
    expect((await herald.schedules.list({ status: "cancelled" })).map((s) => s.id)).toEqual([
      report.id,
    ]);
  });

  it("a rescheduled send fires at its new time only", async () => {
    const report = await herald.send(
      { text: "Moved" },
      { to: "telegram:@shopnews", at: "2026-11-27T09:00:00Z" },
    );
    const moved = await herald.schedules.reschedule(report.id, {
      at: "2026-11-29T18:30",
      timezone: "Asia/Tokyo",
    });
    expect(moved).toMatchObject({ status: "scheduled", next: Date.parse("2026-11-29T09:30:00Z") });
    expect(moved.fires.map((f) => f.status).sort()).toEqual(["dropped", "pending"]);
    await runUntil(herald, clock, "2026-12-31T00:00:00Z");
    expect(sim.telegram.messages.map((m) => new Date(m.time).toISOString())).toEqual([
      "2026-11-29T09:30:00.000Z",
    ]);
    await expect(
      herald.schedules.reschedule(report.id, { at: "2027-01-01T00:00:00Z" }),
    ).rejects.toMatchObject({
      field: "id",
    });
  });
});

describe("native or Herald's scheduling", () => {
  it("Mastodon keeps a one-off post itself; Telegram waits in Herald's scheduler; preview says which", async () => {
    const to = ["mastodon", "telegram:@shopnews"];
    const at = "2026-11-27T09:00:00Z";
    const preview = herald.preview({ text: "Launch" }, { to, at });
    expect(preview.targets.map((t) => t.scheduling)).toEqual(["native", "herald"]);
    const report = await herald.send({ text: "Launch" }, { to, at });
    expect(report.targets.map((t) => t.status)).toEqual(["sent", "scheduled"]);
    expect(report.targets[0]?.notes.join()).toMatch(/scheduled for 2026-11-27T09:00/);
    expect(sim.mastodon.scheduled).toHaveLength(1); // sent now, with scheduled_at
    expect(sim.telegram.messages).toHaveLength(0);
    await runUntil(herald, clock, "2026-11-28T00:00:00Z");
    expect(sim.telegram.messages.map((m) => m.time)).toEqual([Date.parse(at)]);
    expect(sim.mastodon.statuses).toHaveLength(0); // nothing posted by Herald on Mastodon
  });

  it("native: never, or a time Mastodon refuses (under 5 minutes), goes through Herald's scheduler", async () => {
    const soon = new Date(clock.now() + 120_000);
    const preview = herald.preview({ text: "Soon" }, { to: "mastodon", at: soon });
    expect(preview.targets[0]).toMatchObject({ scheduling: "herald" });
    expect(preview.targets[0]?.warnings.join()).toMatch(/mastodon refused to schedule it/);
    await herald.send({ text: "Soon" }, { to: "mastodon", at: soon });
    await herald.send(
      { text: "Later" },
      { to: "mastodon", at: "2026-11-27T09:00:00Z", native: "never" },
    );
    await runUntil(herald, clock, "2026-11-28T00:00:00Z");
    expect(sim.mastodon.scheduled).toHaveLength(0);
    expect(sim.mastodon.statuses.map((s) => s.text)).toEqual(["Soon", "Later"]);
    const posted = sim.requests.filter((r) => r.operation === "createStatus").map((r) => r.time);
    expect(posted).toEqual([soon.getTime(), Date.parse("2026-11-27T09:00:00Z")]);
  });

  it("a time already past is sent now", async () => {
    const report = await herald.send(
      { text: "Late" },
      { to: "telegram:@shopnews", at: "2026-11-01T00:00:00Z" },
    );
    expect(report.schedule).toBeUndefined();
    expect(report.targets[0]?.status).toBe("sent");
  });
});

describe("recipients that can be read again", () => {
  async function* once(): AsyncGenerator<Recipient> {
    yield { id: "6001", attributes: { timezone: "Asia/Tokyo" } };
  }

  it("a stream read once is refused where the schedule reads recipients more than once", async () => {
    const delivery = herald.send(
      { text: "x" },
      { to: ["mastodon", dm(once())], at: "2026-11-27T09:00", timezone: "recipient" },
    );
    await expect(delivery).rejects.toMatchObject({ field: "to[1].recipients" });
    expect(sim.requests).toHaveLength(0);
  });

  it("a stream read once is kept in memory for a one-off time", async () => {
    await herald.send({ text: "x" }, { to: dm(once()), at: "2026-11-27T09:00:00Z" });
    await runUntil(herald, clock, "2026-11-28T00:00:00Z");
    expect([...received().keys()]).toEqual(["6001"]);
  });

  it("an unknown audience is refused before anything is sent", async () => {
    const delivery = herald.send(
      { text: "x" },
      { to: dm(audience("nobody")), at: "2026-11-27T09:00:00Z" },
    );
    await expect(delivery).rejects.toMatchObject({ field: "to[0].recipients" });
    expect(() => herald.preview({ text: "x" }, { to: dm(audience("nobody")) })).toThrow(
      ValidationError,
    );
  });

  it("a named audience is read at send time too", async () => {
    start("2026-11-26T00:00:00Z", { audiences: { all: () => ["7001", "7002"] } });
    const report = await herald.send({ text: "Now" }, { to: dm(audience("all")) });
    expect(report.counts.sent).toBe(2);
  });
});

/** A scheduler whose process "dies" during the first fire (it never records its end) and that can hand it out again. */
class CrashOnce extends MemoryScheduler {
  crashed: FireJob | undefined;
  #handler: ((job: FireJob, rerun: boolean) => Promise<void>) | undefined;

  override start(handler: (job: FireJob, rerun: boolean) => Promise<void>): Promise<void> {
    this.#handler = handler;
    return super.start(handler);
  }

  override finish(job: FireJob, result: FireResult): Promise<void> {
    if (this.crashed === undefined) {
      this.crashed = job;
      return Promise.resolve();
    }
    return super.finish(job, result);
  }

  rerun(): Promise<void> {
    return this.#handler!(this.crashed!, true);
  }
}

describe("idempotency of fires", () => {
  it("each occurrence has its own keys; a fire re-run after a crash reuses its keys and skips unkeyed targets", async () => {
    clock = new ManualClock("2026-11-26T00:00:00Z");
    sim = simulator({ clock });
    server.resetHandlers(...sim.handlers());
    const scheduler = new CrashOnce({ clock });
    herald = heraldFor({}, { clock, scheduler });
    const fired = () =>
      new Promise<FiredEvent>((resolve) => herald.schedules.once("fired", resolve));
    const users = [`U${"a".repeat(32)}`, `U${"b".repeat(32)}`];
    const report = await herald.send(
      { text: "Weekly" },
      {
        to: [{ platform: "line", recipients: users }, "telegram:@shopnews"],
        at: "2026-11-27T09:00:00Z",
        repeat: "FREQ=WEEKLY;COUNT=2",
      },
    );
    let done = fired();
    clock.step();
    await done;
    const multicasts = () => sim.requests.filter((r) => r.operation === "multicast");
    expect(multicasts().map((r) => r.status)).toEqual([200]);
    expect((await herald.schedules.get(report.id))?.fires[0]?.status).toBe("running"); // left by the "dead" process

    done = fired();
    await scheduler.rerun();
    await done;
    // LINE gets the same X-Line-Retry-Key and answers 409 (already accepted): nobody gets it twice
    expect(multicasts().map((r) => r.status)).toEqual([200, 409]);
    expect(multicasts()[1]?.headers["x-line-retry-key"]).toBe(
      multicasts()[0]?.headers["x-line-retry-key"],
    );
    expect(sim.line.deliveries).toHaveLength(2);
    // Telegram has no idempotency key: not sent again, and the fire says so
    expect(sim.telegram.messages).toHaveLength(1);
    const first = (await herald.schedules.get(report.id))!.fires[0]!;
    expect(first).toMatchObject({ status: "done" });
    expect(first.error).toMatch(/not resent to telegram/);

    done = fired();
    clock.step(); // the second occurrence, a week later: new keys
    await done;
    expect(multicasts()).toHaveLength(3);
    expect(new Set(multicasts().map((r) => r.headers["x-line-retry-key"])).size).toBe(2);
    expect(sim.line.deliveries).toHaveLength(4);
    await herald.close();
  });
});
