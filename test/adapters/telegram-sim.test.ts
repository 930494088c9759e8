import { describe, expect, it } from "vitest";
import type { Operation, PlatformAdapter } from "../../src/adapters/contract.js";
import { telegram } from "../../src/adapters/telegram/index.js";
import type { Message } from "../../src/message/schema.js";
import { createSimulator } from "../../src/testing/simulator.js";

const TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";

/** Turns an operation into a Web `Request`, as the core's transport does. */
function toRequest(adapter: PlatformAdapter, op: Operation): Request {
  const url = new URL(adapter.baseUrl + op.path);
  for (const [k, v] of Object.entries(op.query ?? {})) url.searchParams.set(k, v);
  const init: RequestInit = { method: op.method, headers: { ...adapter.authHeaders() } };
  if (op.body && "json" in op.body) {
    init.body = JSON.stringify(op.body.json);
    (init.headers as Record<string, string>)["content-type"] = "application/json";
  } else if (op.body && "form" in op.body) {
    const form = new FormData();
    for (const f of op.body.form) {
      if ("value" in f) form.append(f.name, f.value);
      else
        form.append(f.name, new Blob([new Uint8Array(f.data)], { type: f.mimeType }), f.filename);
    }
    init.body = form;
  }
  return new Request(url, init);
}

async function send(
  message: Message,
  chat = "@shopnews",
  botToken = TOKEN,
  blocked: string[] = [],
) {
  const sim = createSimulator({ telegram: { botTokens: [TOKEN], blockedChats: blocked } });
  const adapter = telegram({ botToken });
  const [op] = adapter.render(message, { kind: "chat", chat }, { now: 0 }).operations as [
    Operation,
  ];
  const response = await sim.handle(toRequest(adapter, op), "telegram");
  const text = await response.text();
  const body: unknown = text ? JSON.parse(text) : undefined;
  const reading = adapter.readResponse(op, {
    status: response.status,
    headers: response.headers,
    body,
  });
  return { sim, reading };
}

const jpg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0]);

describe("telegram adapter against the simulator", () => {
  it("sends text and reads the message id", async () => {
    const { sim, reading } = await send({ text: "Black Friday" });
    expect(sim.requests[0]?.schemaErrors).toEqual([]);
    expect(reading).toMatchObject({ ok: true, id: "1" });
  });

  it("uploads a photo as multipart", async () => {
    const { sim, reading } = await send({
      text: "Sale",
      media: [{ data: jpg, mimeType: "image/jpeg" }],
    });
    expect(sim.requests[0]?.schemaErrors).toEqual([]);
    expect(reading.ok).toBe(true);
  });

  it("sends a media group with uploaded bytes", async () => {
    const { sim, reading } = await send({
      text: "Sale",
      media: [
        { data: jpg, mimeType: "image/jpeg" },
        { url: "https://cdn.example/b.png" },
        { data: jpg, mimeType: "image/jpeg" },
      ],
    });
    // The Bot API takes uploads as extra multipart parts named in `attach://<name>`
    // (https://core.telegram.org/bots/api#inputmediaphoto).
    expect(sim.requests[0]?.schemaErrors).toEqual([]);
    expect(reading).toMatchObject({ ok: true, id: "1,2,3" });
  });

  it("reads a blocked chat and a wrong token", async () => {
    const blocked = await send({ text: "hi" }, "42", TOKEN, ["42"]);
    expect(blocked.reading.failure).toMatchObject({
      kind: "platform",
      code: 403,
      retryable: false,
    });
    const wrong = await send({ text: "hi" }, "42", "987654321:wrongwrongwrong");
    expect(wrong.reading.failure).toMatchObject({ kind: "auth", code: 401 });
    expect(wrong.reading.failure?.message).not.toContain("wrongwrongwrong");
  });
});
