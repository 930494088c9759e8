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
  LINE_TOKEN,
  SECRETS,
  SLOW_HANDLER_MS,
} from "../harness/fixtures.js";

/**
 * Where the LINE simulator of the test listens (herald/testing on 127.0.0.1): set at bundle time
 * (esbuild `define`), the same way for every runtime.
 */
declare const LINE_SIMULATOR_URL: string;

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
      line({
        channelAccessToken: LINE_TOKEN,
        channelSecret: rotation("line"),
        baseUrl: LINE_SIMULATOR_URL,
      }),
      mastodon({
        accessToken: "mastodon-runtimes-token",
        instanceUrl: "https://mastodon.example",
        webhookSecret: rotation("mastodon"),
      }),
    ],
    webhooks: { ackTimeoutMs: ACK_TIMEOUT_MS },
  });
  const counts: Counts = {
    telegram: 0,
    line: 0,
    mastodon: 0,
    slowStarted: 0,
    slowDone: 0,
    replied: 0,
    replyFailed: 0,
  };
  herald.webhooks.on("telegram.message", () => void counts.telegram++);
  herald.webhooks.on("line.message", () => void counts.line++);
  herald.webhooks.on("mastodon.status.created", () => void counts.mastodon++);
  herald.webhooks.on("line.follow", async () => {
    counts.slowStarted++;
    await new Promise((resolve) => setTimeout(resolve, SLOW_HANDLER_MS));
    counts.slowDone++;
  });

  // Answering is one call: the reply goes out with the event's reply token (ky, bottleneck and
  // p-retry on this runtime), to the test's simulator.
  herald.webhooks.on("postback", async (event) => {
    const report = await herald.send({ text: `ack ${event.data}` }, { to: event.replyTo! });
    if (report.targets[0]?.status === "sent") counts.replied++;
    else counts.replyFailed++;
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
