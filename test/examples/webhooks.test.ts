// The webhook examples, run as users run them: each gets a signed delivery, answers 200, and its
// handler's reply reaches the simulated platform (msw) through herald.send.
import type { AddressInfo } from "node:net";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { DeliveryError } from "../../src/index.js";
import { createSimulator } from "../../src/testing/index.js";
import {
  lineBodies,
  mastodonPayload,
  mastodonReply,
  telegramUpdates,
} from "../webhooks/fixtures.js";
import { SECRETS, signatureHeaders, signed } from "../webhooks/helpers.js";

const TOKENS = {
  telegram: "123456:EXAMPLES",
  line: "line-examples-token",
  mastodon: "masto-examples",
};
const ENV = {
  TELEGRAM_BOT_TOKEN: TOKENS.telegram,
  TELEGRAM_WEBHOOK_SECRET: SECRETS.telegram[0],
  LINE_CHANNEL_ACCESS_TOKEN: TOKENS.line,
  LINE_CHANNEL_SECRET: SECRETS.line[0],
  MASTODON_ACCESS_TOKEN: TOKENS.mastodon,
  MASTODON_URL: "https://mastodon.example",
  MASTODON_WEBHOOK_SECRET: SECRETS.mastodon[0],
  PORT: "0",
};

const sim = createSimulator({
  telegram: { botTokens: [TOKENS.telegram] },
  line: { channelAccessTokens: [TOKENS.line] },
  mastodon: { accessTokens: [TOKENS.mastodon] },
});
const platforms = setupServer(...sim.handlers());
beforeAll(() => {
  Object.assign(process.env, ENV); // the Node examples read their secrets at import
  platforms.listen({
    // the Express example's own server is on 127.0.0.1; everything else must be a platform
    onUnhandledRequest: (request, print) => {
      if (new URL(request.url).hostname !== "127.0.0.1") print.error();
    },
  });
});
afterEach(() => sim.reset());
afterAll(() => {
  platforms.close();
  for (const name of Object.keys(ENV)) delete process.env[name];
});

const body = (payload: unknown) => JSON.stringify(payload);
const lineReplies = () => sim.line.deliveries.filter((d) => d.operation === "reply");

/** A fake Workers/Netlify context: collects what is handed to waitUntil. */
function context() {
  const pending: Promise<unknown>[] = [];
  return { pending, waitUntil: (promise: Promise<unknown>) => void pending.push(promise) };
}

describe("examples/webhooks-hono.ts", () => {
  it("welcomes a LINE follower with the reply token, reads Mastodon's typed payload", async () => {
    const { app } = await import("../../examples/webhooks-hono.js");
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    const follow = await app.request(signed("line", body(lineBodies.followAndPostback)));
    expect(follow.status).toBe(200);
    await vi.waitFor(() => expect(lineReplies()).toHaveLength(1));
    expect(lineReplies()[0]?.messages).toEqual([
      { type: "text", text: "Welcome! Reply STOP at any time." },
    ]);

    const status = await app.request(
      signed("mastodon", body(mastodonPayload("status.created", mastodonReply))),
    );
    expect(status.status).toBe(200);
    await vi.waitFor(() => expect(log).toHaveBeenCalledWith("new status", mastodonReply.url));
    expect((await app.request("/")).status).toBe(200); // the app's own routes still work
    log.mockRestore();
  });

  it("refuses a tampered delivery: no handler, no reply", async () => {
    const { app } = await import("../../examples/webhooks-hono.js");
    const payload = body(lineBodies.followAndPostback);
    const request = new Request("https://shop.example/webhooks/line", {
      method: "POST",
      headers: signatureHeaders("line", payload, SECRETS.line[0]),
      body: payload.replace("follow", "unfollow"),
    });
    expect((await app.request(request)).status).toBe(401);
    expect(sim.requests).toHaveLength(0);
  });
});

describe("examples/webhooks-worker.ts", () => {
  it("answers at once, replies through waitUntil, and keeps one client per isolate", async () => {
    const { default: worker } = await import("../../examples/webhooks-worker.js");
    const ctx = context();
    const delivery = () => signed("telegram", body(telegramUpdates.message));
    const response = await worker.fetch(delivery(), ENV, ctx);
    expect(response.status).toBe(200);
    expect(ctx.pending).toHaveLength(1);
    await Promise.all(ctx.pending);
    expect(sim.telegram.messages.map((m) => m.text)).toEqual(["Thanks! We will answer soon."]);

    // Telegram redelivers the same update: the isolate's client remembers it, nothing is sent twice.
    const again = await worker.fetch(delivery(), ENV, ctx);
    expect(again.status).toBe(200);
    await Promise.all(ctx.pending);
    expect(sim.telegram.messages).toHaveLength(1);
  });
});

describe("examples/webhooks-serverless.ts", () => {
  it("answers a LINE message and replies with its token through waitUntil", async () => {
    const { default: handler } = await import("../../examples/webhooks-serverless.js");
    const ctx = context();
    const response = await handler(signed("line", body(lineBodies.message)), ctx);
    expect(response.status).toBe(200);
    await Promise.all(ctx.pending);
    expect(lineReplies().map((d) => d.messages)).toEqual([
      [{ type: "text", text: "Got it, thanks!" }],
    ]);
  });
});

describe("examples/webhooks-express.ts", () => {
  it("serves webhooks before express.json() and the app's JSON routes after it", async () => {
    const { server } = await import("../../examples/webhooks-express.js");
    try {
      await new Promise<void>((resolve) =>
        server.listening ? resolve() : server.once("listening", resolve),
      );
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      /** Posts a signed Telegram update to the example's webhook route. */
      const deliver = (update: string) =>
        fetch(`${base}/webhooks/telegram`, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            ...signatureHeaders("telegram", update, SECRETS.telegram[0]),
          },
          body: update,
        });
      const response = await deliver(body(telegramUpdates.message));
      expect(response.status).toBe(200);
      await vi.waitFor(() => expect(sim.telegram.messages).toHaveLength(1));
      expect(sim.telegram.messages[0]?.text).toMatch(/^Thanks, .+! We will answer soon\.$/);

      // a reply that fails is not silent: orThrow() rejects, the example's error handler logs it
      const logged = vi.spyOn(console, "error").mockImplementation(() => {});
      sim.faults.set({ rate: 1, kinds: ["5xx"], when: "after", platforms: ["telegram"] });
      const failed = await deliver(body({ ...telegramUpdates.message, update_id: 700_101 }));
      expect(failed.status).toBe(200);
      await vi.waitFor(() => expect(logged).toHaveBeenCalled());
      sim.faults.clear();
      const [line, error] = logged.mock.calls[0]!;
      logged.mockRestore();
      expect(line).toBe("a message handler failed");
      expect(error).toBeInstanceOf(DeliveryError);
      expect((error as DeliveryError).outcome).toBe("unknown");

      const order = await fetch(`${base}/api/orders`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ sku: "BF-30" }),
      });
      expect(await order.json()).toEqual({ received: { sku: "BF-30" } });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
