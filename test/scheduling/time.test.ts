// Wall-clock time in IANA zones (Intl only): DST gaps and overlaps resolved like Temporal's
// "compatible", send windows (crossing midnight too), durations, and the schedule options' checks.
import { describe, expect, it } from "vitest";
import { ValidationError } from "../../src/index.js";
import { dueAt, durationMs, parseTiming } from "../../src/scheduling/timing.js";
import { nextOpen } from "../../src/scheduling/window.js";
import { instantOf, offsetAt, parseWall, wallAt } from "../../src/scheduling/zones.js";

const iso = (ms: number) => new Date(ms).toISOString();
const at = (wall: string, zone: string) => iso(instantOf(parseWall(wall)!, zone));

describe("wall-clock time to instant", () => {
  it.each([
    // America/New_York: EST (-5) until 2026-03-08 02:00, EDT (-4) until 2026-11-01 02:00
    ["2026-03-07T09:00", "America/New_York", "2026-03-07T14:00:00.000Z"],
    ["2026-03-08T09:00", "America/New_York", "2026-03-08T13:00:00.000Z"],
    ["2026-10-31T09:00", "America/New_York", "2026-10-31T13:00:00.000Z"],
    ["2026-11-01T09:00", "America/New_York", "2026-11-01T14:00:00.000Z"],
    // Europe/Berlin: CET (+1) until 2026-03-29 02:00, CEST (+2) until 2026-10-25 03:00
    ["2026-03-28T09:00", "Europe/Berlin", "2026-03-28T08:00:00.000Z"],
    ["2026-03-29T09:00", "Europe/Berlin", "2026-03-29T07:00:00.000Z"],
    ["2026-10-24T09:00", "Europe/Berlin", "2026-10-24T07:00:00.000Z"],
    ["2026-10-25T09:00", "Europe/Berlin", "2026-10-25T08:00:00.000Z"],
    // zones off the hour
    ["2026-11-27T09:00", "Asia/Kathmandu", "2026-11-27T03:15:00.000Z"],
    ["2026-11-27T09:00", "America/St_Johns", "2026-11-27T12:30:00.000Z"],
    ["2026-11-27T09:00", "Pacific/Kiritimati", "2026-11-26T19:00:00.000Z"],
  ])("%s in %s is %s", (wall, zone, expected) => {
    expect(at(wall, zone)).toBe(expected);
  });

  it("a time skipped by the jump forward moves forward by the jump (the later instant)", () => {
    // New York 2026-03-08: 02:00 EST becomes 03:00 EDT; 02:30 does not exist
    expect(at("2026-03-08T02:30", "America/New_York")).toBe("2026-03-08T07:30:00.000Z");
    expect(wallAt(Date.parse("2026-03-08T07:30:00Z"), "America/New_York")).toMatchObject({
      hour: 3,
      minute: 30,
    });
    // Berlin 2026-03-29: 02:00 CET becomes 03:00 CEST
    expect(at("2026-03-29T02:30", "Europe/Berlin")).toBe("2026-03-29T01:30:00.000Z");
    expect(wallAt(Date.parse("2026-03-29T01:30:00Z"), "Europe/Berlin").hour).toBe(3);
  });

  it("a time that occurs twice when clocks go back is the first of the two", () => {
    // New York 2026-11-01: 01:30 EDT (05:30Z), then again 01:30 EST (06:30Z)
    expect(at("2026-11-01T01:30", "America/New_York")).toBe("2026-11-01T05:30:00.000Z");
    expect(offsetAt(Date.parse("2026-11-01T06:30:00Z"), "America/New_York")).toBe(-5 * 3_600_000);
    // Berlin 2026-10-25: 02:30 CEST (00:30Z), then again 02:30 CET (01:30Z)
    expect(at("2026-10-25T02:30", "Europe/Berlin")).toBe("2026-10-25T00:30:00.000Z");
  });

  it("reads dates that exist only: 2028-02-29 yes, 2026-02-29 no", () => {
    expect(at("2028-02-29T09:00", "Asia/Tokyo")).toBe("2028-02-29T00:00:00.000Z");
    expect(parseWall("2026-02-29T09:00")).toBeUndefined();
    expect(parseWall("2026-11-27T24:00")).toBeUndefined();
  });
});

describe("send windows", () => {
  const day = { from: "09:00", to: "21:00" };
  const night = { from: "22:00", to: "06:00" }; // crosses midnight

  it.each([
    ["inside: now", "2026-06-10T12:00:00Z", day, "2026-06-10T12:00:00.000Z"],
    ["before the opening: today's", "2026-06-10T05:00:00Z", day, "2026-06-10T07:00:00.000Z"],
    ["after the closing: tomorrow's", "2026-06-10T20:00:00Z", day, "2026-06-11T07:00:00.000Z"],
    ["the closing time itself is outside", "2026-06-10T19:00:00Z", day, "2026-06-11T07:00:00.000Z"],
    [
      "crossing midnight, before midnight",
      "2026-06-10T21:30:00Z",
      night,
      "2026-06-10T21:30:00.000Z",
    ],
    [
      "crossing midnight, after midnight",
      "2026-06-11T02:00:00Z",
      night,
      "2026-06-11T02:00:00.000Z",
    ],
    [
      "crossing midnight, at its closing",
      "2026-06-11T04:00:00Z",
      night,
      "2026-06-11T20:00:00.000Z",
    ],
    ["crossing midnight, in the day", "2026-06-10T10:00:00Z", night, "2026-06-10T20:00:00.000Z"],
  ])("Berlin (CEST), %s", (_name, instant, window, expected) => {
    expect(iso(nextOpen(Date.parse(instant), "Europe/Berlin", window))).toBe(expected);
  });

  it("an opening on the night clocks jump forward is the same wall time after the jump", () => {
    // 09:00 on 2026-03-29 in Berlin is already CEST
    const opening = nextOpen(Date.parse("2026-03-28T21:00:00Z"), "Europe/Berlin", day);
    expect(iso(opening)).toBe("2026-03-29T07:00:00.000Z");
  });
});

describe("schedule options", () => {
  const now = Date.parse("2026-11-01T00:00:00Z");

  it("normalizes each form of `at`", () => {
    expect(parseTiming({ at: "2026-11-27T08:00:00Z" }, now)).toMatchObject({
      wall: "2026-11-27T08:00:00",
      zone: "UTC",
    });
    expect(
      parseTiming({ at: new Date("2026-11-27T08:00:00Z"), timezone: "Asia/Tokyo" }, now),
    ).toMatchObject({
      wall: "2026-11-27T17:00:00",
      zone: "Asia/Tokyo",
      fallbackZone: "Asia/Tokyo",
    });
    expect(
      parseTiming({ at: "2026-11-27T09:00", timezone: "recipient" }, now, "Europe/Lisbon"),
    ).toMatchObject({
      wall: "2026-11-27T09:00:00",
      zone: "recipient",
      fallbackZone: "Europe/Lisbon",
    });
    expect(parseTiming({ to: "x" } as never, now)).toBeUndefined();
  });

  it.each([
    ["a wall-clock time without zone", { at: "2026-11-27T09:00" }, "at"],
    ["an offset with recipient time", { at: "2026-11-27T09:00Z", timezone: "recipient" }, "at"],
    ["recipient time without at", { timezone: "recipient" }, "at"],
    ["an unknown zone", { at: "2026-11-27T09:00", timezone: "Mars/Olympus" }, "timezone"],
    [
      "an unknown fallback zone",
      { at: "2026-11-27T09:00Z", fallbackTimezone: "CET+1" },
      "fallbackTimezone",
    ],
    ["a day that does not exist", { at: "2026-02-29T09:00", timezone: "UTC" }, "at"],
    ["a window of the wrong form", { window: { from: "9:00", to: "21:00" } }, "window"],
    ["an empty window", { window: { from: "09:00", to: "09:00" } }, "window"],
    ["a recurrence without end", { repeat: "FREQ=DAILY" }, "repeat"],
    [
      "a recurrence with its own DTSTART",
      { repeat: "DTSTART:20260101T000000Z\nRRULE:FREQ=DAILY;COUNT=2" },
      "repeat",
    ],
    ["a spread of nothing", { spread: "soon" }, "spread"],
    ["a spread of zero", { spread: 0 }, "spread"],
    ["an unknown native mode", { at: "2026-11-27T09:00Z", native: "always" }, "native"],
  ])("refuses %s", (_name, options, field) => {
    const error = (() => {
      try {
        parseTiming(options as never, now);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe(field);
  });

  it("reads durations", () => {
    expect(durationMs("2h")).toBe(7_200_000);
    expect(durationMs("1h30m")).toBe(5_400_000);
    expect(durationMs("45s")).toBe(45_000);
    expect(durationMs("250ms")).toBe(250);
    expect(durationMs(1_000)).toBe(1_000);
    expect(durationMs("2 hours")).toBeUndefined();
    expect(durationMs("h")).toBeUndefined();
  });

  it("a one-off time already past goes at once; a recurrence skips it", () => {
    const oneOff = parseTiming({ at: "2026-10-31T09:00", timezone: "Europe/Berlin" }, now)!;
    expect(dueAt(oneOff, oneOff.wall, "Europe/Berlin")).toBe(now);
    const recurring = parseTiming(
      { at: "2026-10-31T09:00", timezone: "Europe/Berlin", repeat: "FREQ=DAILY;COUNT=3" },
      now,
    )!;
    expect(dueAt(recurring, recurring.wall, "Europe/Berlin")).toBeUndefined();
  });
});
