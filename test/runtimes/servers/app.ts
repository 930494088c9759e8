// The application every runtime serves: a herald with Telegram, LINE and Mastodon adapters and
// known webhook secrets (current and previous: rotation), handlers that count their calls, and
// `GET /count` to read the counts.
import { createHerald } from "herald";
import { line } from "herald/line";
import { mastodon } from "herald/mastodon";
import { telegram } from "herald/telegram";
import {
  ACK_TIMEOUT_MS,
  COUNT_PATH,
  type Counts,
  SECRETS,
  SLOW_HANDLER_MS,
} from "../harness/fixtures.js";

/** Gives the runtime a promise to keep alive after the answer (workerd's `ctx.waitUntil`). */
export type WaitUntil = (promise: Promise<unknown>) => void;

const rotation = (platform: keyof typeof SECRETS) => [
  SECRETS[platform].current,
  SECRETS[platform].previous,
];

/** Builds the app; each runtime's entry passes it its requests. */
export function createApp() {
  const herald = createHerald({
    adapters: [
      telegram({ botToken: "123456:RUNTIMES", webhookSecret: rotation("telegram") }),
      line({ channelAccessToken: "line-runtimes-token", channelSecret: rotation("line") }),
      mastodon({
        accessToken: "mastodon-runtimes-token",
        instanceUrl: "https://mastodon.example",
        webhookSecret: rotation("mastodon"),
      }),
    ],
    webhooks: { ackTimeoutMs: ACK_TIMEOUT_MS },
  });
  const counts: Counts = { telegram: 0, line: 0, mastodon: 0, slowStarted: 0, slowDone: 0 };
  herald.webhooks.on("telegram.message", () => void counts.telegram++);
  herald.webhooks.on("line.message", () => void counts.line++);
  herald.webhooks.on("mastodon.status.created", () => void counts.mastodon++);
  herald.webhooks.on("line.follow", async () => {
    counts.slowStarted++;
    await new Promise((resolve) => setTimeout(resolve, SLOW_HANDLER_MS));
    counts.slowDone++;
  });

  /** `GET /count`, or `undefined` for any other request. */
  const countsAnswer = (method: string, path: string) =>
    method === "GET" && path === COUNT_PATH ? Response.json(counts) : undefined;

  return {
    herald,
    countsAnswer,
    /** Answers one request: the counts, or a webhook delivery (Web-standard runtimes). */
    fetch(request: Request, waitUntil?: WaitUntil): Promise<Response> {
      const answer = countsAnswer(request.method, new URL(request.url).pathname);
      if (answer) return Promise.resolve(answer);
      return herald.webhooks.handle(request, waitUntil ? { waitUntil } : {});
    },
  };
}
