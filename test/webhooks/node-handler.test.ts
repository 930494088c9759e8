// The Node (req, res) handler over real sockets: node:http, and Express with and without body
// parsers (the raw-body pitfalls).
import { createServer, type RequestListener, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { afterEach, describe, expect, it, vi } from "vitest";
import { toNodeHandler } from "../../src/webhooks/node.js";
import { lineBodies } from "./fixtures.js";
import { SECRETS, signatureHeaders, webhookHerald } from "./helpers.js";

const body = JSON.stringify(lineBodies.message);
const headers = {
  "content-type": "application/json",
  ...signatureHeaders("line", body, SECRETS.line[0]),
};

let server: Server | undefined;
afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

async function listen(listener: RequestListener): Promise<string> {
  server = createServer(listener);
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function setup() {
  const herald = webhookHerald({ webhooks: { maxBodyBytes: 4096 } });
  const handler = vi.fn();
  herald.webhooks.on("line.message", handler);
  return { herald, handler };
}

describe("node:http", () => {
  it("answers signed, tampered, oversized and wrong-method requests", async () => {
    const { herald, handler } = setup();
    const base = await listen(toNodeHandler(herald.webhooks));
    const post = (b: string, h = headers) =>
      fetch(`${base}/webhooks/line`, { method: "POST", headers: h, body: b });
    expect((await post(body)).status).toBe(200);
    expect((await post(body.replace("sale", "SALE"))).status).toBe(401);
    const big = `${body.slice(0, -1)},"pad":"${"x".repeat(5000)}"}`;
    expect(
      (await post(big, { ...headers, ...signatureHeaders("line", big, SECRETS.line[0]) })).status,
    ).toBe(413);
    const get = await fetch(`${base}/webhooks/line`);
    expect(get.status).toBe(405);
    expect(get.headers.get("allow")).toBe("POST");
    expect(handler).toHaveBeenCalledOnce();
  });

  it("a body sent in chunks without content-length is read whole", async () => {
    const { herald, handler } = setup();
    const base = await listen(toNodeHandler(herald.webhooks));
    const bytes = new TextEncoder().encode(body);
    const chunks = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < bytes.length; i += 50) controller.enqueue(bytes.slice(i, i + 50));
        controller.close();
      },
    });
    const response = await fetch(`${base}/webhooks/line`, {
      method: "POST",
      headers,
      body: chunks,
      duplex: "half",
    } as RequestInit);
    expect(response.status).toBe(200);
    expect(handler).toHaveBeenCalledOnce();
  });

  it("an explicit route for a path that does not say it", async () => {
    const { herald, handler } = setup();
    const base = await listen(toNodeHandler(herald.webhooks, { platform: "line" }));
    const response = await fetch(`${base}/callback`, { method: "POST", headers, body });
    expect(response.status).toBe(200);
    expect(handler).toHaveBeenCalledOnce();
  });
});

describe("Express", () => {
  it("without a body parser: the stream is read", async () => {
    const { herald, handler } = setup();
    const app = express();
    app.post("/webhooks/:platform", toNodeHandler(herald.webhooks));
    const base = await listen(app);
    expect((await fetch(`${base}/webhooks/line`, { method: "POST", headers, body })).status).toBe(
      200,
    );
    expect(handler).toHaveBeenCalledOnce();
  });

  it("with express.raw(): the Buffer is used; with express.text(): the string", async () => {
    const { herald, handler } = setup();
    const app = express();
    app.post(
      "/raw/webhooks/:platform",
      express.raw({ type: "*/*" }),
      toNodeHandler(herald.webhooks),
    );
    app.post(
      "/text/webhooks/:platform",
      express.text({ type: "*/*" }),
      toNodeHandler(herald.webhooks),
    );
    const base = await listen(app);
    const raw = await fetch(`${base}/raw/webhooks/line`, { method: "POST", headers, body });
    expect(raw.status).toBe(200);
    const again = body.replace("01JNZ2Y5Q8XKQ3M1V2B3N4M5P6", "01JNZ2Y5Q8XKQ3M1V2B3N4M5PX");
    const textHeaders = { ...headers, ...signatureHeaders("line", again, SECRETS.line[0]) };
    const text = await fetch(`${base}/text/webhooks/line`, {
      method: "POST",
      headers: textHeaders,
      body: again,
    });
    expect(text.status).toBe(200);
    expect(handler).toHaveBeenCalledTimes(2);
  });

  it("under a router mounted on a prefix: routed by the original URL", async () => {
    const { herald, handler } = setup();
    const router = express.Router();
    router.post("/webhooks/:platform", toNodeHandler(herald.webhooks));
    const app = express();
    app.use("/api", router);
    const base = await listen(app);
    expect(
      (await fetch(`${base}/api/webhooks/line`, { method: "POST", headers, body })).status,
    ).toBe(200);
    expect(handler).toHaveBeenCalledOnce();
  });

  it("after express.json(): the parsed body cannot be verified, answered 500 with the fix", async () => {
    const { herald, handler } = setup();
    const app = express();
    app.use(express.json());
    app.post("/webhooks/:platform", toNodeHandler(herald.webhooks));
    const base = await listen(app);
    const response = await fetch(`${base}/webhooks/line`, { method: "POST", headers, body });
    expect(response.status).toBe(500);
    expect(await response.text()).toMatch(/express\.raw/);
    expect(handler).not.toHaveBeenCalled();
  });
});
