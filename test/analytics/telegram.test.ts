import { describe, expect, it } from "vitest";
import { telegram } from "../../src/adapters/telegram/index.js";
import { RefusedError } from "../../src/analytics/errors.js";
import { analyticsFixture, HOURS, refusalOf } from "./fixture.js";
import { telegramProblems } from "./spec.js";

const TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";
const OTHER = "987654321:BBHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";
const { clock, sim, herald } = analyticsFixture({ telegram: { botTokens: [TOKEN, OTHER] } });
const bot = (token = TOKEN) => telegram({ botToken: token });
const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);
/** The ref of message `id` in @shopnews. */
const channelRef = (id: string) => ({
  platform: "telegram",
  account: "default",
  chat: "@shopnews",
  id,
});

/** Every edit and delete request sent, checked against the Bot API's method table. */
function expectSpecValid() {
  const calls = sim.requests.filter((r) => /edit|delete/i.test(r.operation ?? ""));
  expect(calls.length).toBeGreaterThan(0);
  for (const r of calls) {
    expect(r.schemaErrors).toEqual([]);
    expect(telegramProblems(r.operation!, r.body as Record<string, unknown>)).toEqual([]);
  }
}

describe("telegram metrics", () => {
  it("are absent: refused as not supported, without a request", async () => {
    const h = herald([bot()]);
    const report = await h.send({ text: "Hi" }, { to: "telegram:@shopnews" });
    const before = sim.requests.length;
    const sample = await h.metrics(report);
    expect(refusalOf(sample.posts[0])).toMatchObject({
      reason: "not-supported",
      action: "metrics",
    });
    expect(sample.totals).toEqual({});
    expect(sim.requests.length).toBe(before);
  });
});

describe("telegram edit and delete", () => {
  it("edits a channel post's text and deletes a DM, within 48 hours", async () => {
    const h = herald([bot()]);
    const channel = await h.send({ text: "Sale 30%" }, { to: "telegram:@shopnews" });
    const id = channel.targets[0]!.ids[0]!;
    await h.edit(
      { platform: "telegram", account: "default", chat: "@shopnews", id },
      { text: "Sale 20%" },
    );
    expect(sim.telegram.messages[0]).toMatchObject({ text: "Sale 20%" });
    const dm = await h.send(
      { text: "Hello" },
      { to: { platform: "telegram", recipients: ["1001"] } },
    );
    const dmId = dm.targets[0]!.recipients![0]!.ids[0]!;
    await h.delete({ platform: "telegram", account: "default", chat: "1001", id: dmId });
    expect(sim.telegram.posts.deleted).toEqual([`1001|${dmId}`]);
    expectSpecValid();
  });

  it("a photo's caption is edited with editMessageCaption; editing its text is refused by Telegram", async () => {
    const h = herald([bot()]);
    const report = await h.send(
      { text: "Caption", media: [{ data: png, mimeType: "image/png" }] },
      { to: "telegram:@shopnews" },
    );
    const ref = channelRef(report.targets[0]!.ids[0]!);
    await expect(h.edit(ref, { text: "New" })).rejects.toMatchObject({
      reason: "not-supported",
      action: "edit",
    });
    await h.edit(ref, { text: "New caption", overrides: { telegram: { edit: "caption" } } });
    expect(sim.telegram.messages[0]?.text).toBe("New caption");
    expect(sim.requests.at(-1)?.operation).toBe("editMessageCaption");
    expectSpecValid();
  });

  it("refuses a delete past 48 hours before any request when the report says when it was sent", async () => {
    const h = herald([bot()]);
    const report = await h.send({ text: "Old" }, { to: "telegram:@shopnews" });
    clock.advance(48 * HOURS + 1);
    const before = sim.requests.length;
    const recall = await h.recall(report);
    expect(recall.counts).toMatchObject({ deleted: 0, refused: 1 });
    const error = recall.notTakenBack[0]?.error;
    expect(error).toBeInstanceOf(RefusedError);
    expect(error).toMatchObject({ reason: "too-old", code: "refused" });
    expect(sim.requests.length).toBe(before);
    // without a sending time Herald asks, and Telegram's own answer reads as too old
    const ref = channelRef(report.targets[0]!.ids[0]!);
    await expect(h.delete(ref)).rejects.toMatchObject({ reason: "too-old" });
    expect(sim.requests.length).toBe(before + 1);
  });

  it("not found and another bot's message are typed refusals", async () => {
    const h = herald([bot()]);
    const theirs = await herald([bot(OTHER)]).send(
      { text: "Other bot" },
      { to: "telegram:@shopnews" },
    );
    const ref = channelRef(theirs.targets[0]!.ids[0]!);
    await expect(h.delete(ref)).rejects.toMatchObject({ reason: "not-allowed" });
    await expect(h.edit(ref, { text: "mine now" })).rejects.toMatchObject({
      reason: "not-allowed",
    });
    await expect(h.delete({ ...ref, id: "999" })).rejects.toMatchObject({ reason: "not-found" });
    await expect(h.edit({ ...ref, id: "999" }, { text: "x" })).rejects.toMatchObject({
      reason: "not-found",
    });
    expect(sim.telegram.posts.deleted).toEqual([]);
  });

  it("a ref without a chat, or an edit with media, is a ValidationError before any request", async () => {
    const h = herald([bot()]);
    const before = sim.requests.length;
    await expect(h.delete("telegram:42")).rejects.toMatchObject({
      code: "validation",
      field: "ref.chat",
    });
    const ref = channelRef("1");
    await expect(
      h.edit(ref, { text: "x", media: [{ data: png, mimeType: "image/png" }] }),
    ).rejects.toMatchObject({ code: "validation", field: "media" });
    expect(sim.requests.length).toBe(before);
  });
});

describe("telegram recall", () => {
  it("deletes a channel post, an album and a mass DM; with a correction edits the first of each chat", async () => {
    const h = herald([bot()]);
    const report = await h.send(
      { text: "Wrong price" },
      {
        to: ["telegram:@shopnews", { platform: "telegram", recipients: ["1001", "1002", "1003"] }],
      },
    );
    const album = await h.send(
      {
        text: "Album",
        media: [{ url: "https://cdn.example/a.jpg" }, { url: "https://cdn.example/b.jpg" }],
      },
      { to: "telegram:@shopnews" },
    );
    const recall = await h.recall(report);
    expect(recall).toMatchObject({
      mode: "delete",
      deliveryId: report.id,
      notTakenBack: [],
      untraced: [],
    });
    expect(recall.counts.deleted).toBe(4);
    expect(sim.telegram.posts.deleted.sort()).toEqual([
      "1001|1",
      "1002|1",
      "1003|1",
      "@shopnews|1",
    ]);
    const albumRecall = await h.recall(album);
    expect(albumRecall.counts.deleted).toBe(1);
    expect(sim.requests.at(-1)?.operation).toBe("deleteMessages");
    expect(sim.telegram.posts.deleted).toContain("@shopnews|3");

    const again = await h.send({ text: "Wrong again" }, { to: "telegram:@shopnews" });
    const corrected = await h.recall(again, { correction: { text: "Corrected price" } });
    expect(corrected).toMatchObject({ mode: "edit", counts: { edited: 1, deleted: 0 } });
    expect(sim.telegram.messages.at(-1)?.text).toBe("Corrected price");
    expectSpecValid();
  });

  it("lists what it could not take back: a message another client deleted first", async () => {
    const h = herald([bot()]);
    const report = await h.send(
      { text: "Once" },
      { to: { platform: "telegram", recipients: ["1001", "1002"] } },
    );
    const first = report.targets[0]!.recipients![0]!;
    await h.delete({
      platform: "telegram",
      account: "default",
      chat: first.recipient,
      id: first.ids[0]!,
    });
    const recall = await h.recall(report);
    expect(recall.counts).toMatchObject({ deleted: 1, refused: 1 });
    expect(recall.notTakenBack).toHaveLength(1);
    expect(recall.notTakenBack[0]).toMatchObject({
      status: "refused",
      ref: { chat: first.recipient },
    });
    expect(recall.notTakenBack[0]?.error).toMatchObject({ reason: "not-found" });
  });
});
