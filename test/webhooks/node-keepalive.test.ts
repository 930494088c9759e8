// The Node handler and keep-alive: an answer sent before the body was read to the end (413
// from content-length or at the cap while streaming, 404) must leave the connection usable for the platform's next delivery.
// Found by the cross-runtime test (test/runtimes), where such a connection stalled ~5 s.
import { Agent, createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { toNodeHandler } from "../../src/webhooks/node.js";
import { lineBodies } from "./fixtures.js";
import { SECRETS, signatureHeaders, webhookHerald } from "./helpers.js";

let server: Server | undefined;
const agent = new Agent({ keepAlive: true, maxSockets: 1 }); // every request on one socket
afterEach(async () => {
  agent.destroy();
  await new Promise((resolve) => server?.close(resolve));
});

/** POSTs `body` on the agent's one socket; resolves the status and that socket's local port. */
function post(port: number, path: string, body: string, extra: Record<string, string> = {}) {
  const headers = {
    ...extra,
    "content-type": "application/json",
    ...signatureHeaders("line", body, SECRETS.line[0]),
  };
  return new Promise<{ status: number; socket: number }>((resolve, reject) => {
    const req = request({
      port,
      host: "127.0.0.1",
      path,
      method: "POST",
      headers,
      agent,
      timeout: 2_000,
    });
    req.on("timeout", () => req.destroy(new Error("stalled: no answer within 2 s")));
    req.on("error", reject);
    req.on("response", (res) => {
      res.resume();
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, socket: req.socket?.localPort ?? 0 }),
      );
    });
    req.end(body);
  });
}

describe("toNodeHandler on a keep-alive connection", () => {
  it("serves the next delivery on the same socket after a body it answered unread", async () => {
    const herald = webhookHerald({ webhooks: { maxBodyBytes: 4096 } });
    let delivered = 0;
    herald.webhooks.on("line.message", () => void delivered++);
    server = createServer(toNodeHandler(herald.webhooks));
    await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;

    const body = JSON.stringify(lineBodies.message);
    // 256 KiB: more than the socket and stream buffers take in before the server answers.
    const big = `${body.slice(0, -1)},"pad":"${"x".repeat(256 * 1024)}"}`;
    const oversized = await post(port, "/webhooks/line", big);
    expect(oversized.status).toBe(413);
    const streamed = await post(port, "/webhooks/line", big, { "transfer-encoding": "chunked" });
    expect(streamed).toEqual({ status: 413, socket: oversized.socket });
    const unrouted = await post(port, "/webhooks/nowhere", big);
    expect(unrouted.status).toBe(404);
    const next = await post(port, "/webhooks/line", body);
    expect(next).toEqual({ status: 200, socket: oversized.socket });
    expect(delivered).toBe(1);
  });
});
