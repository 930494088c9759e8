// Checkpoints and herald.resume, with the in-memory store: a cancelled delivery continues where
// it stopped; requests an earlier run left in flight are resent under the same key where the
// platform takes one, else reported unknown and never resent; bad resumes are refused.
import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  type CheckpointStore,
  createHerald,
  DeliveryUnknownError,
  type HeraldOptions,
  type InFlightBatch,
  memoryCheckpoints,
  ValidationError,
} from "../../src/index.js";
import { ECHO_BASE_URL, echo } from "../helpers/echo-adapter.js";

const TOKEN = "echo-secret-token-789";
const KEY = "echo-idempotency-key";

/** Requests received, and what the imaginary platform delivered (it deduplicates by key). */
let requests: Array<{ to: string[]; key: string | null }> = [];
let delivered: string[] = [];
const seenKeys = new Set<string>();

const server = setupServer(
  http.post(`${ECHO_BASE_URL}/post`, async ({ request }) => {
    const { to } = (await request.json()) as { to: string[] };
    const key = request.headers.get(KEY);
    requests.push({ to, key });
    if (key === null || !seenKeys.has(key)) delivered.push(...to);
    if (key !== null) seenKeys.add(key);
    return HttpResponse.json({ id: `m${requests.length}` });
  }),
);
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => {
  server.resetHandlers();
  requests = [];
  delivered = [];
  seenKeys.clear();
});
afterAll(() => server.close());

const users = (n: number) => Array.from({ length: n }, (_, i) => `u${i}`);
const slow = [{ scope: "account" as const, max: 2, perMs: 40, source: "test" }];

function client(options: { keyed?: boolean; checkpoints?: HeraldOptions["checkpoints"] } = {}) {
  return createHerald({
    adapters: [echo({ token: TOKEN, keyed: options.keyed ?? false, limits: slow })],
    ...(options.checkpoints !== undefined ? { checkpoints: options.checkpoints } : {}),
  });
}

/** A store whose outcome writes for batches holding `recipient` are lost (a crash after sending). */
function losingOutcomesOf(recipient: string, store = memoryCheckpoints()): CheckpointStore {
  return {
    ...store,
    settle: async (id: string, batch: InFlightBatch, outcome) => {
      if (batch.recipients.includes(recipient)) throw new Error("connection to the store lost");
      return store.settle(id, batch, outcome);
    },
  };
}

const count = (list: string[]) => {
  const out = new Map<string, number>();
  for (const x of list) out.set(x, (out.get(x) ?? 0) + 1);
  return out;
};

describe("resume after a cancel", () => {
  it("sends only to the rest; everyone is delivered exactly once and reported", async () => {
    const herald = client();
    const to = { platform: "echo", recipients: users(30) };
    const first = herald.send({ text: "sale" }, { to });
    first.on("progress", (p) => {
      if (p.done === 6) first.cancel();
    });
    const report1 = await first;
    expect(report1.counts.skipped).toBeGreaterThan(10);
    const sentBefore = report1.counts.sent;

    const report2 = await herald.resume(first.id, { text: "sale" }, { to });
    expect(report2.id).toBe(first.id);
    expect(report2.resumed).toBe(true);
    expect(report2.counts).toEqual({ sent: 30, failed: 0, unknown: 0, skipped: 0 });
    const listed = report2.targets[0]!.recipients!;
    expect(listed).toHaveLength(30);
    expect(listed.filter((r) => r.resumed === "earlier")).toHaveLength(sentBefore);
    expect(report2.earlier).toEqual({ sent: sentBefore, failed: 0, unknown: 0, skipped: 0 });
    expect([...count(delivered).values()].every((n) => n === 1)).toBe(true);
    expect(count(delivered).size).toBe(30);
  });

  it("continues after a recipients stream that failed, reading it again from the start", async () => {
    const herald = client();
    async function* broken() {
      yield* users(5);
      throw new Error("cursor closed");
    }
    const first = herald.send({ text: "x" }, { to: { platform: "echo", recipients: broken() } });
    const report1 = await first;
    expect(report1.targets[0]?.error?.message).toContain("after 5 recipients");
    const report2 = await herald.resume(
      first.id,
      { text: "x" },
      { to: { platform: "echo", recipients: users(12) } },
    );
    expect(report2.targets[0]?.status).toBe("sent");
    expect(report2.targets[0]!.recipients!.filter((r) => r.resumed === "earlier")).toHaveLength(5);
    expect(delivered.sort()).toEqual(users(12).sort());
  });
});

describe("requests in flight when the earlier run stopped", () => {
  it("are resent under the same key where the platform deduplicates: delivered once", async () => {
    const herald = client({ keyed: true, checkpoints: losingOutcomesOf("u4") });
    const to = { platform: "echo", recipients: users(10) };
    const first = herald.send({ text: "x" }, { to });
    const report1 = await first;
    expect(report1.counts.sent).toBe(10);
    expect(report1.warnings?.[0]).toContain("a checkpoint write failed");
    const keyOfU4 = requests.find((r) => r.to.includes("u4"))!.key;
    const before = requests.length;

    const report2 = await herald.resume(first.id, { text: "x" }, { to });
    expect(report2.counts.sent).toBe(10);
    const resent = requests.slice(before);
    expect(resent).toEqual([{ to: ["u4", "u5"], key: keyOfU4 }]); // the same batch, the same key
    const listed = report2.targets[0]!.recipients!;
    expect(listed.filter((r) => r.resumed === undefined).map((r) => r.recipient)).toEqual([
      "u4",
      "u5",
    ]);
    expect(count(delivered).get("u4")).toBe(1);
  });

  it("are reported unknown, and never resent, where it does not", async () => {
    const store = memoryCheckpoints();
    const herald = client({ keyed: false, checkpoints: losingOutcomesOf("u4", store) });
    const to = { platform: "echo", recipients: users(10) };
    const first = herald.send({ text: "x" }, { to });
    await first;
    const before = requests.length;
    // a new process, whose store works
    const recorded: Array<[string[], string | undefined]> = [];
    const spy: CheckpointStore = {
      ...store,
      settle: (id, batch, outcome) => {
        recorded.push([batch.recipients, outcome?.status]);
        return store.settle(id, batch, outcome);
      },
    };
    const restarted = client({ keyed: false, checkpoints: spy });
    const delivery = restarted.resume(first.id, { text: "x" }, { to });
    const unknownEvents: string[] = [];
    delivery.on("unknown", (e) => unknownEvents.push(e.recipient ?? ""));
    const report2 = await delivery;
    expect(requests.length).toBe(before); // nothing resent
    expect(report2.counts).toEqual({ sent: 8, failed: 0, unknown: 2, skipped: 0 });
    const unknown = report2.targets[0]!.recipients!.filter((r) => r.status === "unknown");
    expect(unknown.map((r) => [r.recipient, r.resumed])).toEqual([
      ["u4", "interrupted"],
      ["u5", "interrupted"],
    ]);
    expect(unknown[0]?.error).toBeInstanceOf(DeliveryUnknownError);
    expect(unknownEvents).toEqual(["u4", "u5"]);

    // the verdict is recorded, so a later resume would not ask again
    expect(recorded).toContainEqual([["u4", "u5"], "unknown"]);
  });

  it("works for single destinations too", async () => {
    const herald = client({ keyed: true, checkpoints: losingOutcomesOf("") });
    const to = ["echo", "echo:room-1"];
    const first = herald.send({ text: "x" }, { to });
    await first;
    const keys = requests.map((r) => r.key);
    const report2 = await herald.resume(first.id, { text: "x" }, { to });
    // both had their outcome lost: both resent under their keys, delivered once each
    const resent = requests.slice(keys.length).map((r) => r.key);
    expect(resent.sort()).toEqual([...keys].sort()); // the two targets run concurrently
    expect(report2.targets.map((t) => t.status)).toEqual(["sent", "sent"]);
    expect(delivered.sort()).toEqual(["feed", "room-1"]);
  });

  it("reports a single destination's earlier outcome without sending it", async () => {
    const herald = client();
    const to = ["echo:room-1", { platform: "echo", recipients: users(20) }];
    const first = herald.send({ text: "x" }, { to });
    first.on("progress", (p) => {
      if (p.done === 3) first.cancel();
    });
    await first;
    const roomRequests = () => requests.filter((r) => r.to[0] === "room-1").length;
    expect(roomRequests()).toBe(1);
    const report2 = await herald.resume(first.id, { text: "x" }, { to });
    expect(report2.targets[0]).toMatchObject({ status: "sent", resumed: "earlier" });
    expect(report2.targets[0]?.notes.join()).toContain("earlier run");
    expect(roomRequests()).toBe(1);
    expect(report2.counts.sent).toBe(21);
  });
});

describe("refusals", () => {
  it("refuses what cannot be resumed with a ValidationError naming the field", async () => {
    const herald = client();
    const to = { platform: "echo", recipients: users(10) };
    const link = "https://shop.example";
    const first = herald.send({ text: "x", link }, { to });
    first.on("progress", (p) => {
      if (p.done === 2) first.cancel();
    });
    await first;
    const fieldOf = (p: PromiseLike<unknown>) =>
      Promise.resolve(p).then(
        () => "resolved",
        (e: unknown) => (e instanceof ValidationError ? e.field : String(e)),
      );
    const message = { text: "x", link };
    expect(await fieldOf(herald.resume("nope", message, { to }))).toBe("deliveryId");
    expect(await fieldOf(herald.resume(first.id, { text: "y", link }, { to }))).toBe("message");
    expect(await fieldOf(herald.resume(first.id, { text: "x" }, { to }))).toBe("message");
    expect(await fieldOf(herald.resume(first.id, message, { to: "echo:room" }))).toBe("to");
    expect(await fieldOf(client({ checkpoints: false }).resume(first.id, message, { to }))).toBe(
      "checkpoints",
    );
    expect(await fieldOf(herald.send({ text: "x" }, { to, id: first.id }))).toBe("id");
    expect(await fieldOf(herald.send({ text: "x" }, { to, id: "has space" }))).toBe("id");
    expect(await fieldOf(herald.send({ text: "x" }, { to, total: -1 }))).toBe("total");
    // the same message written in another key order is the same message
    const report = await herald.resume(first.id, { link, text: "x" }, { to });
    expect(report.counts.sent).toBe(10);
  });

  it("forgets a delivery that finished with nothing left to send (in memory)", async () => {
    const herald = client();
    const first = herald.send({ text: "x" }, { to: "echo:room" });
    await first;
    await expect(herald.resume(first.id, { text: "x" }, { to: "echo:room" })).rejects.toThrow(
      /no checkpoint/,
    );
  });

  it("drops an in-memory checkpoint past maxRecipients, and says so on resume", async () => {
    const herald = client({ checkpoints: memoryCheckpoints({ maxRecipients: 4 }) });
    // recipients the platform refuses are kept one by one (sent ones are kept as runs)
    server.use(
      http.post(`${ECHO_BASE_URL}/post`, () =>
        HttpResponse.json({ error: "blocked" }, { status: 400 }),
      ),
    );
    const to = { platform: "echo", recipients: users(20) };
    const first = herald.send({ text: "x" }, { to });
    first.on("progress", (p) => {
      if (p.done === 8) first.cancel();
    });
    await first;
    await expect(herald.resume(first.id, { text: "x" }, { to })).rejects.toThrow(
      /checkpoint passed 4 recipients and was dropped/,
    );
  });

  it("a store that fails at the start rejects the delivery before any request", async () => {
    const store = memoryCheckpoints();
    const broken = { ...store, create: () => Promise.reject(new Error("ECONNREFUSED")) };
    await expect(
      client({ checkpoints: broken }).send({ text: "x" }, { to: "echo:room" }),
    ).rejects.toThrow("ECONNREFUSED");
    expect(requests).toHaveLength(0);
  });

  it("a store that cannot record what is in flight sends nothing and stops the delivery", async () => {
    const store = memoryCheckpoints();
    const broken = { ...store, begin: () => Promise.reject(new Error("READONLY replica")) };
    const report = await client({ checkpoints: broken }).send(
      { text: "x" },
      { to: { platform: "echo", recipients: users(10) } },
    );
    expect(requests).toHaveLength(0);
    const listed = report.targets[0]!.recipients!;
    expect(listed.find((r) => r.status === "failed")?.error?.message).toContain(
      "the checkpoint store failed: READONLY replica",
    );
    expect(report.counts.sent).toBe(0);
    expect(report.counts.failed + report.counts.skipped).toBe(10);
    // nothing was recorded as final: once the store works, a resume sends to all ten
    const resumed = await client({ checkpoints: store }).resume(
      report.id,
      { text: "x" },
      { to: { platform: "echo", recipients: users(10) } },
    );
    expect(resumed.counts.sent).toBe(10);
    expect(resumed.earlier?.failed).toBe(0);
    expect(delivered.sort()).toEqual(users(10).sort());
  });
});
