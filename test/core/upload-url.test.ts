// Operations with an absolute `url` (an upload URL the platform returned) and a raw bytes body,
// as LinkedIn's image upload needs them: sent where the earlier step said, with the bytes as they
// are, and previewed without a network.
import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createHerald, type PlatformAdapter, stepRef } from "../../src/index.js";

const API = "https://api.slots.example";
const CDN = "https://cdn.slots.example";
const received: Array<{ url: string; type: string | null; auth: string | null; size: number }> = [];

const server = setupServer(
  http.post(`${API}/slots`, () =>
    HttpResponse.json({ id: "slot-1", uploadUrl: `${CDN}/put/1?sig=a` }),
  ),
  http.put(`${CDN}/put/1`, async ({ request }) => {
    received.push({
      url: request.url,
      type: request.headers.get("content-type"),
      auth: request.headers.get("authorization"),
      size: (await request.arrayBuffer()).byteLength,
    });
    return new HttpResponse(null, { status: 201 });
  }),
);
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => {
  received.length = 0;
});
afterAll(() => server.close());

const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);

const slots: PlatformAdapter = {
  platform: "slots",
  account: "default",
  baseUrl: API,
  capabilities: { destinations: ["feed"] },
  limits: [],
  secrets: ["slot-token"],
  authHeaders: () => ({ authorization: "Bearer slot-token" }),
  render: () => ({
    operations: [
      { step: "slot", route: "slots", method: "POST", path: "/slots", idempotency: "safe" },
      {
        step: "put",
        route: "put",
        method: "PUT",
        path: "/",
        url: stepRef("slot", "uploadUrl"),
        body: { bytes, contentType: "image/png" },
        idempotency: "safe",
      },
    ],
  }),
  readResponse: (_op, response) => {
    const body = response.body as { id?: string; uploadUrl?: string } | undefined;
    return response.status < 300
      ? {
          ok: true,
          ...(body?.id && { id: body.id }),
          ...(body?.uploadUrl && { values: { uploadUrl: body.uploadUrl } }),
        }
      : { ok: false, failure: { kind: "platform", message: `HTTP ${response.status}` } };
  },
};

describe("operations with an absolute url and raw bytes", () => {
  it("PUTs the bytes to the URL an earlier step returned, with their content type", async () => {
    const herald = createHerald({ adapters: [slots] });
    const report = await herald.send({ text: "x" }, { to: "slots" });
    expect(report.targets[0]?.status).toBe("sent");
    expect(received).toEqual([
      {
        url: `${CDN}/put/1?sig=a`,
        type: "image/png",
        auth: "Bearer slot-token",
        size: bytes.length,
      },
    ]);
    await herald.close();
  });

  it("previews the reference as the URL and summarizes the bytes", () => {
    const herald = createHerald({ adapters: [slots] });
    const [, put] = herald.preview({ text: "x" }, { to: "slots" }).targets[0]?.requests ?? [];
    expect(put?.url).toBe("{{slot.uploadUrl}}");
    expect(put?.body).toEqual({ contentType: "image/png", bytes: bytes.length });
    expect(put?.headers.authorization).toBe("[redacted]");
  });
});
