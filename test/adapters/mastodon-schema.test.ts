import { describe, expect, it } from "vitest";
import type { Operation } from "../../src/adapters/contract.js";
import { mastodon } from "../../src/adapters/mastodon/index.js";
import type { Message } from "../../src/message/schema.js";
import { validateRequest } from "../../src/testing/validate.js";

const NOW = Date.parse("2026-11-27T08:00:00Z");
const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);
const a = mastodon({ accessToken: "tok", instanceUrl: "https://mastodon.example" });

/** The multipart body as it travels: FormData with the file as a Blob. */
function toFormData(op: Operation): FormData {
  if (op.body === undefined || !("form" in op.body)) throw new Error("no form body");
  const form = new FormData();
  for (const field of op.body.form) {
    if ("data" in field) {
      form.append(
        field.name,
        new Blob([new Uint8Array(field.data)], { type: field.mimeType }),
        field.filename,
      );
    } else {
      form.append(field.name, field.value);
    }
  }
  return form;
}

/** Every request of a rendering checked against Mastodon's official schema. */
function problems(message: Message, scheduleAt?: Date): string[] {
  const context = scheduleAt ? { now: NOW, scheduleAt } : { now: NOW };
  const found: string[] = [];
  for (const op of a.render(message, { kind: "feed" }, context).operations) {
    if (op.route === "media") {
      found.push(
        ...validateRequest("mastodon", "createMedia", toFormData(op), { encoding: "form" }),
      );
    } else if (op.body !== undefined && "json" in op.body) {
      found.push(...validateRequest("mastodon", "createStatus", op.body.json));
    }
  }
  return found;
}

describe("mastodon bodies match the official schema", () => {
  it("a text status", () => {
    expect(problems({ text: "Hello", link: "https://shop.example.com/bf" })).toEqual([]);
  });

  it("two media with alt text, and the status referencing them", () => {
    const message: Message = {
      text: "Two pictures",
      media: [
        { data: png, mimeType: "image/png", alt: "A red square" },
        { data: png, mimeType: "image/png", filename: "b.png" },
      ],
    };
    expect(problems(message)).toEqual([]);
    expect(problems({ media: [{ data: png, mimeType: "image/png" }] })).toEqual([]);
  });

  it("a scheduled reply with overrides and a poll", () => {
    const message: Message = {
      text: "Which one?",
      replyTo: "109",
      overrides: {
        mastodon: {
          visibility: "unlisted",
          spoiler_text: "Poll",
          sensitive: false,
          language: "en",
          poll: { options: ["a", "b"], expires_in: 3600 },
        },
      },
    };
    expect(problems(message, new Date(NOW + 3_600_000))).toEqual([]);
  });

  it("the schema check itself catches a wrong body", () => {
    expect(
      validateRequest("mastodon", "createStatus", { status: "x", visibility: "everyone" }),
    ).not.toEqual([]);
    const noFile = new FormData();
    noFile.append("description", "alt");
    expect(validateRequest("mastodon", "createMedia", noFile, { encoding: "form" })).not.toEqual(
      [],
    );
  });
});
