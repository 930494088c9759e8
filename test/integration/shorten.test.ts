// The `links.shorten` hook end to end against the simulator: applied after the UTM tags, once
// per distinct link per target, its id kept in the report; a hook that hangs, throws or answers
// no link fails only its target (typed, nothing sent there, never the unshortened link), and a
// resume sends it once the shortener works.
import { describe, expect, it } from "vitest";
import {
  DependencyUnavailableError,
  type FiredEvent,
  LinkShortenError,
  type ShortenContext,
  type ShortenHook,
  systemClock,
  ValidationError,
} from "../../src/index.js";
import { ManualClock } from "../../src/testing/index.js";
import {
  allAccepted,
  LINE_USER,
  linksHerald,
  linksSimulator,
  sentTexts,
  TO,
} from "./links-fixture.js";

const sim = linksSimulator();

const utm = { campaign: "bf", medium: "social" };
const tags = (source: string) => `utm_source=${source}&utm_medium=social&utm_campaign=bf`;

/** A shortener that numbers the links it is given, and the calls it got. */
function counting(answer: (n: number, url: string) => string | { url: string; id?: string }) {
  const calls: Array<{ url: string; context: Omit<ShortenContext, "signal"> }> = [];
  const shorten: ShortenHook = async (url, { signal: _, ...context }) => {
    calls.push({ url, context });
    return answer(calls.length, url);
  };
  return { calls, shorten };
}

describe("the shorten hook", () => {
  it("shortens the tagged links once per distinct link per target; the report keeps the ids", async () => {
    const { calls, shorten } = counting((n) => ({ url: `https://sho.rt/${n}`, id: `s${n}` }));
    const h = linksHerald({ links: { shorten }, clock: systemClock });
    const report = await h.send(
      {
        text: "https://shop.example/a and https://shop.example/a again, https://shop.example/b",
        link: "https://shop.example/a",
        links: { utm },
      },
      { to: [...TO, "telegram:@other"] },
    );
    expect(report.targets.map((t) => t.status)).toEqual(["sent", "sent", "sent", "sent", "sent"]);
    expect(allAccepted(sim)).toBe(true);
    // two distinct links per target (the `link` field is the first one), five targets
    expect(calls).toHaveLength(10);
    const telegram = calls.filter((c) => c.context.target === "telegram:@shopnews");
    expect(telegram.map((c) => c.url)).toEqual([
      `https://shop.example/a?${tags("telegram")}`,
      `https://shop.example/b?${tags("telegram")}`,
    ]);
    expect(telegram[0]!.context).toEqual({
      platform: "telegram",
      target: "telegram:@shopnews",
      account: "default",
    });
    // the text went out with the short links, never the long ones
    const short = (t: { links?: Array<{ sent: string }> }) => t.links!.map((l) => l.sent);
    const [a, b] = short(report.targets[2]!);
    expect(sentTexts(sim).telegram[0]).toBe(`${a} and ${a} again, ${b}`);
    expect(sentTexts(sim).x[0]).toBe(
      `${short(report.targets[0]!)[0]} and ${short(report.targets[0]!)[0]} again, ${short(report.targets[0]!)[1]}`,
    );
    expect(report.targets[2]!.links).toEqual([
      {
        url: "https://shop.example/a",
        tagged: telegram[0]!.url,
        sent: a,
        id: a!.replace("https://sho.rt/", "s"),
      },
      {
        url: "https://shop.example/b",
        tagged: telegram[1]!.url,
        sent: b,
        id: b!.replace("https://sho.rt/", "s"),
      },
    ]);
  });

  it("is not called by preview, which says the links are shortened when sent", () => {
    const { calls, shorten } = counting(() => "https://sho.rt/1");
    const h = linksHerald({ links: { shorten } });
    const preview = h.preview({ text: "https://shop.example/a", links: { utm } }, { to: "x" });
    expect(calls).toHaveLength(0);
    expect(preview.targets[0]!.warnings.join()).toMatch(/shortened when sent/);
    expect(preview.targets[0]!.links![0]!.sent).toBe(`https://shop.example/a?${tags("x")}`);
  });

  it("fails only the target whose hook hangs past its timeout, and aborts the hook", async () => {
    const clock = new ManualClock("2026-11-27T09:00:00Z");
    const signals: AbortSignal[] = [];
    const shorten: ShortenHook = (_url, { platform, signal }) => {
      if (platform !== "telegram") return Promise.resolve(`https://sho.rt/${platform}`);
      signals.push(signal);
      return new Promise(() => {}); // never answers
    };
    const h = linksHerald({ links: { shorten, timeoutMs: 5_000 }, clock });
    const delivery = h.send({ text: "Sale https://shop.example/a", links: { utm } }, { to: TO });
    while (signals.length === 0) await new Promise((r) => setImmediate(r));
    clock.advance(4_999);
    await new Promise((r) => setImmediate(r));
    expect(signals[0]!.aborted).toBe(false);
    clock.advance(1);
    const report = await delivery;
    expect(signals[0]!.aborted).toBe(true);
    expect(report.targets.map((t) => t.status)).toEqual(["sent", "sent", "failed", "sent"]);
    const error = report.targets[2]!.error;
    expect(error).toBeInstanceOf(LinkShortenError);
    expect(error).toBeInstanceOf(DependencyUnavailableError);
    expect(error?.message).toMatch(/telegram:@shopnews: .*took more than 5000 ms; nothing sent/);
    expect((error as LinkShortenError).url).toBe(`https://shop.example/a?${tags("telegram")}`);
    expect(sentTexts(sim).telegram).toEqual([]);
    expect(sentTexts(sim).line).toEqual(["Sale https://sho.rt/line"]);
    expect(report.counts).toMatchObject({ sent: 3, failed: 1 });
  });

  it("fails the target on a throw or an answer that is not a link, redacting secrets", async () => {
    const cases: Array<[ShortenHook, RegExp]> = [
      [
        async () => Promise.reject(new Error(`down, token ${"123456:INTEGRATION-TOKEN"}`)),
        /the shorten hook failed: down, token \[redacted\]/,
      ],
      [async () => "not a link", /answered "not a link", not one http\(s\) link/],
      [async () => "123456:INTEGRATION-TOKEN", /answered "\[redacted\]"/],
      [async () => ({ url: "https://sho.rt/1", id: 7 }) as never, /its id is not a string/],
      [async () => "https://sho.rt/a b", /not one http\(s\) link/],
    ];
    for (const [shorten, reason] of cases) {
      sim.reset();
      const h = linksHerald({ links: { shorten } });
      const report = await h.send(
        { text: "https://shop.example/a", links: { utm } },
        { to: "telegram:@shopnews" },
      );
      expect(report.targets[0]!.status).toBe("failed");
      expect(report.targets[0]!.error).toBeInstanceOf(LinkShortenError);
      expect(report.targets[0]!.error?.message).toMatch(reason);
      expect(report.targets[0]!.error?.message).not.toContain("INTEGRATION-TOKEN");
      expect(sim.requests).toHaveLength(0);
    }
  });

  it("fails a mass send's target without reading its recipients", async () => {
    let read = 0;
    function* recipients() {
      for (const id of ["1001", "1002"]) {
        read++;
        yield id;
      }
    }
    const h = linksHerald({ links: { shorten: () => Promise.reject(new Error("down")) } });
    const report = await h.send(
      { text: "https://shop.example/a", links: { utm } },
      { to: [{ platform: "telegram", recipients: recipients() }] },
    );
    expect(report.targets[0]).toMatchObject({ status: "failed", recipients: [] });
    expect(report.targets[0]!.error).toBeInstanceOf(LinkShortenError);
    expect(report.counts).toEqual({ sent: 0, failed: 0, unknown: 0, skipped: 0 });
    expect([read, sim.requests.length]).toEqual([0, 0]);
  });

  it("fails the target when the short link breaks the platform's length rule", async () => {
    const long = `https://sho.rt/${"x".repeat(200)}`;
    const h = linksHerald({ links: { shorten: async () => long } });
    const text = `${"a".repeat(4000)} https://shop.example/a`;
    const report = await h.send(
      { text, links: { utm } },
      { to: ["telegram:@shopnews", `line:${LINE_USER}`] },
    );
    expect(report.targets.map((t) => t.status)).toEqual(["failed", "sent"]);
    expect(report.targets[0]!.error).toBeInstanceOf(ValidationError);
    expect(report.targets[0]!.error?.message).toMatch(/max 4096 .*got 4216/);
    expect(sentTexts(sim).telegram).toEqual([]);
  });

  it("a scheduled send calls it when it fires, not when it is scheduled", async () => {
    const clock = new ManualClock("2026-11-27T08:00:00Z");
    const { calls, shorten } = counting((n) => `https://sho.rt/${n}`);
    const h = linksHerald({ links: { shorten }, clock });
    const report = await h.send(
      { text: "Opens at 9: https://shop.example/a", links: { utm } },
      { to: "telegram:@shopnews", at: "2026-11-27T09:00:00Z" },
    );
    expect(report.targets[0]!.status).toBe("scheduled");
    expect(calls).toHaveLength(0);
    const fired = new Promise<FiredEvent>((resolve) => h.schedules.once("fired", resolve));
    clock.advance(3_600_000);
    const { report: sent } = await fired;
    expect(calls.map((c) => c.url)).toEqual([`https://shop.example/a?${tags("telegram")}`]);
    expect(sent.targets[0]!.links![0]!.sent).toBe("https://sho.rt/1");
    expect(sentTexts(sim).telegram).toEqual(["Opens at 9: https://sho.rt/1"]);
    await h.close();
  });

  it("resume sends the failed target once the shortener is back", async () => {
    let up = false;
    const shorten: ShortenHook = async () => {
      if (!up) throw new Error("503");
      return "https://sho.rt/ok";
    };
    const h = linksHerald({ links: { shorten } });
    const message = { text: "https://shop.example/a", links: { utm } };
    const first = await h.send(message, { to: TO, id: "bf-links" });
    expect(first.counts).toMatchObject({ sent: 0, failed: 4 });
    up = true;
    const second = await h.resume("bf-links", message, { to: TO });
    expect(second.targets.map((t) => t.status)).toEqual(["sent", "sent", "sent", "sent"]);
    expect(sentTexts(sim).telegram).toEqual(["https://sho.rt/ok"]);
  });

  it("is asked for and refused up front: no hook, variables in a link, a bad option", async () => {
    const h = linksHerald();
    await expect(
      h.send({ text: "https://shop.example/a", links: { shorten: true } }, { to: "x" }),
    ).rejects.toThrow(/links\.shorten: needs a shortener/);
    const { calls, shorten } = counting(() => "https://sho.rt/1");
    const withHook = linksHerald({ links: { shorten } });
    await expect(
      withHook.send(
        { text: "Hi {{name}} https://shop.example/r/{{code}}", links: { utm } },
        {
          to: {
            platform: "telegram",
            recipients: [{ id: "1001", attributes: { name: "A", code: "c" } }],
          },
        },
      ),
    ).rejects.toThrow(/cannot be shortened/);
    // shorten: false keeps the hook out of it
    await withHook.send(
      { text: "https://shop.example/a", links: { utm, shorten: false } },
      { to: "telegram:@shopnews" },
    );
    expect(calls).toHaveLength(0);
    expect(sentTexts(sim).telegram).toEqual([`https://shop.example/a?${tags("telegram")}`]);
    expect(sim.requests).toHaveLength(1);
    expect(() => linksHerald({ links: { shorten: "bit.ly" as never } })).toThrow(ValidationError);
    expect(() => linksHerald({ links: { shorten, timeoutMs: 0 } })).toThrow(/links\.timeoutMs/);
  });
});
