// The YouTube adapter end to end against the simulator (msw): the resumable upload (and its
// resumption after an interruption), metadata rules, scheduling, comments, the daily quota
// ledger, 403 quotaExceeded and Google OAuth refresh.
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { UPLOAD_GRANULE, youtube } from "../../src/adapters/youtube/index.js";
import {
  type Clock,
  createHerald,
  type OAuthTokens,
  RateLimitError,
  ValidationError,
} from "../../src/index.js";
import { createSimulator, SIMULATOR_BASE_URLS } from "../../src/testing/index.js";

const CLIENT = { clientId: "yt-client", clientSecret: "yt-client-secret-123" };
const CHANNEL = "UCshop00000000000000000a";
// 10:00 in Los Angeles (PST, UTC-8) on 25 November 2026
const START = Date.UTC(2026, 10, 25, 18);
let now = START;
const clock: Clock = {
  now: () => now,
  sleep: (ms, signal) =>
    signal?.aborted
      ? Promise.reject(signal.reason)
      : new Promise((resolve) => {
          now += ms;
          setImmediate(resolve);
        }),
};
const sim = createSimulator({
  clock: { now: () => now },
  youtube: {
    channels: [{ id: CHANNEL, accessToken: "yt-access", refreshToken: "yt-refresh" }],
    clients: [CLIENT],
    quota: { units: 120 },
  },
});
const server = setupServer(...sim.handlers());
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
beforeEach(() => {
  now = START;
});
afterEach(() => {
  sim.reset();
  server.resetHandlers();
});
afterAll(() => server.close());

function video(bytes: number): Uint8Array<ArrayBuffer> {
  const data = new Uint8Array(bytes);
  for (let i = 0; i < bytes; i++) data[i] = (i * 31 + 7) % 251;
  return data;
}

const sameBytes = (a: Uint8Array | undefined, b: Uint8Array) =>
  a !== undefined && Buffer.compare(a, b) === 0;

function herald(options: Partial<Parameters<typeof youtube>[0]> = {}) {
  return createHerald({
    adapters: [
      youtube({
        ...CLIENT,
        tokens: { accessToken: "yt-access" },
        chunkBytes: UPLOAD_GRANULE,
        ...options,
      }),
    ],
    clock,
    retry: { retries: 3, minDelayMs: 1, maxDelayMs: 2 },
  });
}

const uploads = () => sim.requests.filter((r) => r.operation === "videos.insert:upload");

describe("YouTube resumable uploads", () => {
  it("uploads a video in 256 KiB pieces with Content-Range and reports the video id", async () => {
    const data = video(UPLOAD_GRANULE * 2 + 1000);
    const report = await herald().send(
      {
        text: "Black Friday preview\nAll the deals, 30% off",
        media: [{ data, mimeType: "video/mp4" }],
      },
      { to: "youtube" },
    );
    expect(report.targets[0]?.status).toBe("sent");
    for (const r of sim.requests) expect(r.schemaErrors).toEqual([]);
    const [uploaded] = sim.youtube.videos;
    expect(sameBytes(uploaded?.bytes, data)).toBe(true);
    expect(uploaded?.snippet).toEqual({
      title: "Black Friday preview",
      description: "All the deals, 30% off",
    });
    expect(uploaded?.status).toEqual({ privacyStatus: "public" });
    expect(report.targets[0]?.ids).toContain(uploaded?.id);
    const session = sim.requests[0];
    expect(session?.query).toEqual({ uploadType: "resumable", part: "snippet,status" });
    expect(session?.headers["x-upload-content-length"]).toBe(String(data.byteLength));
    expect(uploads().map((r) => r.headers["content-range"])).toEqual([
      `bytes 0-262143/${data.byteLength}`,
      `bytes 262144-524287/${data.byteLength}`,
      `bytes 524288-525287/${data.byteLength}`,
    ]);
  });

  it("resumes an interrupted upload from the last byte YouTube acknowledged", async () => {
    const data = video(UPLOAD_GRANULE * 5 + 100);
    const total = data.byteLength;
    sim.youtube.interruptNextPiece(300_000); // the connection drops after 300,000 bytes arrived
    const report = await herald({ chunkBytes: UPLOAD_GRANULE * 2 }).send(
      { text: "Resumed upload", media: [{ data, mimeType: "video/mp4" }] },
      { to: "youtube" },
    );
    expect(report.targets[0]?.status).toBe("sent");
    expect(sim.youtube.videos).toHaveLength(1);
    expect(sameBytes(sim.youtube.videos[0]?.bytes, data)).toBe(true);
    const ranges = uploads().map((r) => [r.status, r.headers["content-range"]]);
    expect(ranges).toEqual([
      [0, `bytes 0-524287/${total}`], // cut off: no answer
      [308, `bytes */${total}`], // the status query: Range bytes=0-299999
      [308, `bytes 300000-824287/${total}`], // goes on from byte 300,000, not from 0
      [200, `bytes 824288-${total - 1}/${total}`],
    ]);
    expect(sim.requests.filter((r) => r.operation === "videos.insert")).toHaveLength(1);
  });

  it("ends unknown after as many interruptions without progress as retries, never restarting", async () => {
    const data = video(UPLOAD_GRANULE * 2);
    sim.youtube.interruptNextPiece(0, 10);
    const report = await herald().send(
      { text: "Never arrives", media: [{ data, mimeType: "video/mp4" }] },
      { to: "youtube" },
    );
    expect(report.targets[0]?.status).toBe("unknown");
    expect(sim.youtube.videos).toHaveLength(0);
    expect(sim.requests.filter((r) => r.operation === "videos.insert")).toHaveLength(1);
    // 4 pieces (the first and 3 retries), each followed by a status query but the last
    const pieces = uploads().filter((r) => !r.headers["content-range"]?.startsWith("bytes */"));
    expect(pieces).toHaveLength(4);
    expect(
      pieces.every((r) => r.headers["content-range"] === `bytes 0-262143/${data.byteLength}`),
    ).toBe(true);
  });
});

describe("YouTube metadata, privacy and scheduling", () => {
  it("schedules a private video with status.publishAt (native scheduling)", async () => {
    const at = new Date(START + 2 * 86_400_000);
    const h = herald();
    const message = {
      text: "Cyber Monday",
      media: [{ data: video(1000), mimeType: "video/mp4" }],
      overrides: { youtube: { tags: ["sale", "cyber monday"], categoryId: "22" } },
    };
    const preview = h.preview(message, { to: "youtube", at });
    expect(preview.targets[0]?.scheduling).toBe("native");
    expect(preview.targets[0]?.requests[1]?.upload).toEqual({
      bytes: 1000,
      chunkBytes: UPLOAD_GRANULE,
      contentType: "video/mp4",
    });
    const report = await h.send(message, { to: "youtube", at });
    expect(report.targets[0]?.status).toBe("sent");
    expect(sim.youtube.videos[0]?.status).toEqual({
      privacyStatus: "private",
      publishAt: at.toISOString(),
    });
    expect(sim.youtube.videos[0]?.snippet.tags).toEqual(["sale", "cyber monday"]);
  });

  it.each([
    ["a title over 100 characters", { text: "t".repeat(101) }, "text"],
    ["< in the title", { text: "Deals <today>" }, "text"],
    [
      "a description over 5000 bytes (1667 euro signs)",
      { text: `Title\n${"€".repeat(1667)}` },
      "text",
    ],
    [
      "> in the description",
      { text: "Title", overrides: { youtube: { description: "a > b" } } },
      "overrides.youtube.description",
    ],
    [
      "tags over 500 characters as YouTube counts them",
      {
        text: "Title",
        overrides: { youtube: { tags: Array.from({ length: 50 }, () => "ten chars") } },
      },
      "overrides.youtube.tags",
    ],
  ])("refuses %s before any request", async (_name, fields, field) => {
    const report = await herald()
      .send({ ...fields, media: [{ data: video(10), mimeType: "video/mp4" }] } as never, {
        to: "youtube",
      })
      .catch((error: unknown) => error);
    const error =
      report instanceof Error
        ? report
        : (report as { targets: Array<{ error?: Error }> }).targets[0]?.error;
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toContain(field);
    expect(sim.requests).toHaveLength(0);
  });

  it("leaves a public scheduled video to Herald's scheduler: publishAt needs a private video", async () => {
    const at = new Date(START + 86_400_000);
    const message = {
      text: "Title",
      media: [{ data: video(10), mimeType: "video/mp4" }],
      overrides: { youtube: { privacyStatus: "public" as const } },
    };
    const preview = herald().preview(message, { to: "youtube", at });
    expect(preview.targets[0]?.scheduling).toBe("herald");
    expect(preview.targets[0]?.warnings?.join(" ")).toContain("private for a scheduled video");
    const h = herald();
    const report = await h.send(message, { to: "youtube", at });
    expect(report.targets[0]?.status).toBe("scheduled");
    // the scheduler sleeps on the injected clock, which jumps to the time: wait for the fire
    for (let turn = 0; turn < 1_000; turn++) {
      if ((await h.schedules.get(report.id))?.status === "done") break;
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect((await h.schedules.get(report.id))?.status).toBe("done");
    // uploaded at the time, public, without publishAt
    expect(sim.youtube.videos[0]?.status).toEqual({ privacyStatus: "public" });
    expect(now).toBeGreaterThanOrEqual(at.getTime());
  });

  it("accepts a description of exactly 5000 bytes", async () => {
    const description = `${"€".repeat(1666)}ab`; // 4998 + 2 bytes
    const report = await herald().send(
      {
        text: "Title",
        media: [{ data: video(10), mimeType: "video/mp4" }],
        overrides: { youtube: { description } },
      },
      { to: "youtube" },
    );
    expect(report.targets[0]?.status).toBe("sent");
    expect(sim.youtube.videos[0]?.snippet.description).toBe(description);
  });
});

describe("YouTube comments and the daily quota", () => {
  it("comments on a video (commentThreads.insert) and replies to a comment (comments.insert)", async () => {
    const h = herald();
    await h.send(
      { text: "Thanks for watching!" },
      { to: { platform: "youtube", reply: { messageId: "dQw4w9WgXcQ" } } },
    );
    await h.send({ text: "Glad you like it", replyTo: "UgzParent123.AbcReply" }, { to: "youtube" });
    expect(sim.youtube.comments.map((c) => [c.videoId, c.parentId, c.text])).toEqual([
      ["dQw4w9WgXcQ", undefined, "Thanks for watching!"],
      [undefined, "UgzParent123", "Glad you like it"],
    ]);
    expect(sim.requests.map((r) => r.operation)).toEqual([
      "commentThreads.insert",
      "comments.insert",
    ]);
  });

  it("refuses a send the day's quota cannot hold, without a request, until midnight Pacific Time", async () => {
    const h = herald({
      quotas: [{ bucket: "units", units: 100, timeZone: "America/Los_Angeles", source: "test" }],
    });
    const to = { platform: "youtube", reply: { messageId: "dQw4w9WgXcQ" } };
    for (const text of ["one", "two"])
      expect((await h.send({ text }, { to })).targets[0]?.status).toBe("sent");
    const refused = await h.send({ text: "three" }, { to });
    const error = refused.targets[0]?.error;
    expect(error).toBeInstanceOf(RateLimitError);
    // 10:00 PST to midnight PST: 14 hours
    expect((error as RateLimitError).retryAfter).toBe(14 * 3_600_000);
    expect(sim.requests).toHaveLength(2);
    now = START + 14 * 3_600_000; // midnight in Los Angeles: a new day
    expect((await h.send({ text: "four" }, { to })).targets[0]?.status).toBe("sent");
    expect(sim.requests).toHaveLength(3);
  });

  it("counts uploads in their own videos.insert bucket, apart from the 10,000 units", async () => {
    const h = herald({
      quotas: [
        { bucket: "units", units: 10_000, timeZone: "America/Los_Angeles", source: "test" },
        { bucket: "videos.insert", units: 1, timeZone: "America/Los_Angeles", source: "test" },
      ],
    });
    const message = { text: "Upload", media: [{ data: video(10), mimeType: "video/mp4" }] };
    expect((await h.send(message, { to: "youtube" })).targets[0]?.status).toBe("sent");
    const requests = sim.requests.length;
    const second = await h.send(message, { to: "youtube" });
    expect(second.targets[0]?.error).toBeInstanceOf(RateLimitError);
    expect(second.targets[0]?.error?.message).toContain('"videos.insert"');
    expect(sim.requests).toHaveLength(requests); // not even the session was started
    const to = { platform: "youtube", reply: { messageId: "dQw4w9WgXcQ" } };
    expect((await h.send({ text: "comments still go" }, { to })).targets[0]?.status).toBe("sent");
  });

  it("reads 403 quotaExceeded as a rate limit until the reset, and sends nothing more that day", async () => {
    // the simulated project has 120 units; the adapter believes in 10,000
    const h = herald();
    const to = { platform: "youtube", reply: { messageId: "dQw4w9WgXcQ" } };
    await h.send({ text: "one" }, { to });
    await h.send({ text: "two" }, { to });
    const third = await h.send({ text: "three" }, { to });
    expect(third.targets[0]?.error).toBeInstanceOf(RateLimitError);
    expect(sim.requests.at(-1)?.status).toBe(403);
    const fourth = await h.send({ text: "four" }, { to });
    expect(fourth.targets[0]?.error).toBeInstanceOf(RateLimitError);
    expect(sim.requests).toHaveLength(3); // the fourth was never attempted
  });
});

describe("YouTube OAuth", () => {
  it("refreshes an expired Google token once and hands the new one to onTokens", async () => {
    const saved: OAuthTokens[] = [];
    const h = herald({
      tokens: { accessToken: "old", refreshToken: "yt-refresh", expiresAt: START - 1 },
      tokenUrl: `${SIMULATOR_BASE_URLS.youtube}/oauth2/v4/token`,
      onTokens: (_account, tokens) => {
        saved.push(tokens);
      },
    });
    const report = await h.send(
      { text: "Fresh token", media: [{ data: video(100), mimeType: "video/mp4" }] },
      { to: "youtube" },
    );
    expect(report.targets[0]?.status).toBe("sent");
    expect(sim.youtube.grants).toHaveLength(1);
    expect(saved).toHaveLength(1);
    expect(saved[0]?.refreshToken).toBe("yt-refresh"); // Google keeps the refresh token
    expect(saved[0]?.accessToken).toMatch(/^ya29\.sim-/);
  });
});
