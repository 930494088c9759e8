// Answering an event is one call: herald.send(answer, { to: event.replyTo }), checked end to end
// against the simulator (every request validated against the official schemas).
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { line } from "../../src/adapters/line/index.js";
import { mastodon } from "../../src/adapters/mastodon/index.js";
import { telegram } from "../../src/adapters/telegram/index.js";
import { createHerald, type NormalizedEvent, ValidationError } from "../../src/index.js";
import { createSimulator } from "../../src/testing/index.js";
import { lineBodies, mastodonPayload, mastodonReply, T0, telegramUpdates } from "./fixtures.js";
import { fakeClock, type Platform, SECRETS, signed } from "./helpers.js";

const TOKENS = {
  telegram: "123456:REPLY-TEST",
  line: "line-reply-token",
  mastodon: "masto-reply-token",
};
const sim = createSimulator({
  telegram: { botTokens: [TOKENS.telegram] },
  line: { channelAccessTokens: [TOKENS.line] },
  mastodon: { accessTokens: [TOKENS.mastodon] },
});
const server = setupServer(...sim.handlers());
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => sim.reset());
afterAll(() => server.close());

function client(clock = fakeClock(T0)) {
  const herald = createHerald({
    clock,
    adapters: [
      telegram({ botToken: TOKENS.telegram, webhookSecret: SECRETS.telegram[0] }),
      line({ channelAccessToken: TOKENS.line, channelSecret: SECRETS.line[0] }),
      mastodon({
        accessToken: TOKENS.mastodon,
        instanceUrl: "https://mastodon.example",
        webhookSecret: SECRETS.mastodon[0],
      }),
    ],
  });
  return { herald, clock };
}

/** The first normalized event of a delivery. */
async function eventOf(
  herald: ReturnType<typeof client>["herald"],
  platform: Platform,
  body: unknown,
) {
  const events: NormalizedEvent[] = [];
  for (const name of ["message", "comment", "follow"] as const) {
    herald.webhooks.on(name, (e) => void events.push(e));
  }
  expect((await herald.webhooks.handle(signed(platform, JSON.stringify(body)))).status).toBe(200);
  expect(events[0]?.replyTo).toBeDefined();
  return events[0]!;
}

function expectValid() {
  expect(sim.requests.length).toBeGreaterThan(0);
  for (const r of sim.requests) expect(r.schemaErrors, r.path).toEqual([]);
}

describe("herald.send(answer, { to: event.replyTo })", () => {
  it("LINE: the reply token while it is valid", async () => {
    const { herald, clock } = client();
    const event = await eventOf(herald, "line", lineBodies.message);
    clock.advance(59_000);
    const report = await herald.send({ text: "Yes, until Sunday" }, { to: event.replyTo! });
    expect(report.targets[0]?.status).toBe("sent");
    expect(sim.line.deliveries).toMatchObject([{ operation: "reply" }]);
    const request = sim.requests.find((r) => r.path === "/v2/bot/message/reply");
    expect(request?.body).toMatchObject({ replyToken: "nHuyWiB7yP5Zw52FIkcQobQuGDXCTA" });
    expectValid();
  });

  it("LINE: a push to the user once the token has expired", async () => {
    const { herald, clock } = client();
    const event = await eventOf(herald, "line", lineBodies.message);
    clock.advance(60_000);
    const report = await herald.send({ text: "Sorry for the wait" }, { to: event.replyTo! });
    expect(report.targets[0]?.status).toBe("sent");
    expect(sim.line.deliveries).toMatchObject([
      { operation: "push", to: "U4af4980629a2b3c4d5e6f708192a3b4c" },
    ]);
    expectValid();
  });

  it("LINE: preview shows which of the two it will be", async () => {
    const { herald, clock } = client();
    const event = await eventOf(herald, "line", lineBodies.followAndPostback);
    const url = () =>
      herald.preview({ text: "Welcome" }, { to: event.replyTo! }).targets[0]?.requests[0]?.url;
    expect(url()).toBe("https://api.line.me/v2/bot/message/reply");
    clock.advance(61_000);
    expect(url()).toBe("https://api.line.me/v2/bot/message/push");
  });

  it("Telegram: a reply to the message in its chat", async () => {
    const { herald } = client();
    const event = await eventOf(herald, "telegram", telegramUpdates.message);
    const report = await herald.send({ text: "Yes, we do" }, { to: event.replyTo! });
    expect(report.targets[0]?.status).toBe("sent");
    const request = sim.requests.find((r) => r.operation === "sendMessage");
    expect(request?.body).toMatchObject({ chat_id: 4242, reply_parameters: { message_id: 51 } });
    expectValid();
  });

  it("Mastodon: a status in reply to the comment", async () => {
    const { herald } = client();
    const event = await eventOf(
      herald,
      "mastodon",
      mastodonPayload("status.created", mastodonReply),
    );
    const report = await herald.send(
      { text: "@ada@example.social Blue and red, yes!" },
      { to: event.replyTo! },
    );
    expect(report.targets[0]?.status).toBe("sent");
    const request = sim.requests.find((r) => r.path === "/api/v1/statuses");
    expect(request?.body).toMatchObject({ in_reply_to_id: "1101" });
    expectValid();
  });

  it("a reply context on a mass target is refused before sending", () => {
    const { herald } = client();
    expect(() =>
      herald.preview(
        { text: "x" },
        {
          to: {
            platform: "line",
            broadcast: true,
            reply: { token: "nHuyWiB7yP5Zw52FIkcQobQuGDXCTA" },
          },
        },
      ),
    ).toThrow(ValidationError);
  });
});
