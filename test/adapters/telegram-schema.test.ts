import { describe, expect, it } from "vitest";
import type { Destination, Operation } from "../../src/adapters/contract.js";
import { telegram } from "../../src/adapters/telegram/index.js";
import type { Message } from "../../src/message/schema.js";
import { validateRequest } from "../../src/testing/validate.js";
import { toFormData } from "../../src/transport/form.js";

const TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";
const plain = telegram({ botToken: TOKEN });
const html = telegram({ botToken: TOKEN, parseMode: "HTML", paidBroadcast: true });
const bytes = new Uint8Array([0xff, 0xd8, 0xff]);
const toChannel: Destination = { kind: "chat", chat: "@shopnews" };

/**
 * The body as the schema sees it: JSON as is; a form as a record of strings where an uploaded
 * file that is itself a field of the method (`photo`) becomes an `attach://` marker, and files
 * referenced from `media` by `attach://<name>` are left out (they are not fields of the method).
 */
function schemaBody(op: Operation): { body: unknown; encoding: "json" | "form" } {
  if (!op.body) return { body: {}, encoding: "json" };
  if ("json" in op.body) return { body: op.body.json, encoding: "json" };
  if (!("form" in op.body)) throw new Error("unexpected body");
  // The multipart body exactly as the transport sends it: files as Blob parts.
  const form = toFormData(op.body.form);
  return { body: form, encoding: "form" };
}

const cases: Array<[string, Message, Destination?, typeof plain?]> = [
  ["text", { text: "Black Friday: 30% off" }],
  ["text to a user id", { text: "hi" }, { kind: "chat", chat: "42" }],
  ["reply and link", { text: "see", replyTo: "77", link: "https://shop.example/bf" }],
  [
    "HTML text with overrides and paid broadcast",
    {
      text: "<b>Sale</b>",
      overrides: { telegram: { disable_notification: true, protect_content: true } },
    },
    toChannel,
    html,
  ],
  [
    "entities instead of parse mode",
    {
      text: "Sale",
      overrides: { telegram: { entities: [{ type: "bold", offset: 0, length: 4 }] } },
    },
    toChannel,
    html,
  ],
  ["photo URL", { text: "Sale", media: [{ url: "https://cdn.example/a.jpg" }] }],
  [
    "photo bytes",
    { text: "Sale", replyTo: "3", media: [{ data: bytes, mimeType: "image/jpeg" }] },
    toChannel,
    html,
  ],
  [
    "media group of 3 with bytes",
    {
      text: "<b>Sale</b>",
      replyTo: "9",
      media: [
        { data: bytes, mimeType: "image/jpeg" },
        { url: "https://cdn.example/b.png" },
        { data: bytes, mimeType: "video/mp4" },
      ],
      overrides: { telegram: { disable_notification: true, has_spoiler: true } },
    },
    toChannel,
    html,
  ],
  [
    "media group of URLs",
    {
      text: "Sale",
      media: [{ url: "https://cdn.example/a.jpg" }, { url: "https://cdn.example/b.mp4" }],
    },
  ],
  [
    "recipients",
    { text: "hello" },
    { kind: "recipients", recipients: [{ id: "11" }, { id: "-100123" }] },
  ],
];

describe("telegram bodies match the Bot API schema", () => {
  for (const [name, message, destination = toChannel, adapter = plain] of cases) {
    it(name, () => {
      const { operations } = adapter.render(message, destination, { now: 0 });
      expect(operations.length).toBeGreaterThan(0);
      for (const op of operations) {
        const { body, encoding } = schemaBody(op);
        expect(validateRequest("telegram", op.route, body, { encoding })).toEqual([]);
      }
    });
  }

  it("sendVideo", () => {
    const [op] = plain.render(
      { text: "clip", media: [{ url: "https://cdn.example/clip.mp4" }] },
      toChannel,
      { now: 0 },
    ).operations as [Operation];
    expect(op.route).toBe("sendVideo");
    expect(validateRequest("telegram", "sendVideo", schemaBody(op).body)).toEqual([]);
  });

  it("the checker itself catches a bad body", () => {
    expect(validateRequest("telegram", "sendMessage", { chat_id: "@x" }).length).toBeGreaterThan(0);
  });
});
