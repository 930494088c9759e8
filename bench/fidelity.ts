// Rate-limit fidelity: a mass send through herald.send against the simulator's real HTTP server,
// which enforces the platform's limit as a sliding window and answers 429 beyond it, and in the
// same run the same send the naive way (one request after another, sleep on a 429, resend).
// Telegram, LINE and Mastodon. See bench/README.md.
import { createHerald, type Herald, type PlatformAdapter } from "herald";
import { line } from "herald/line";
import { mastodon } from "herald/mastodon";
import { telegram } from "herald/telegram";
import { createSimulator, type SimulatorOptions, startSimulatorServer } from "herald/testing";

const TEXT = "Your code: BF30";

/** A platform's limit as the simulator enforces it: `max` requests per `perMs`. */
interface Limit {
  max: number;
  perMs: number;
}

/** One platform's scenario: the limit, the simulator, the herald send and the naive send. */
interface Platform {
  name: string;
  /** What one request is, and how many of them the scenario sends. */
  unit: string;
  requests: number;
  limit: Limit;
  /** The simulator operation counted (accepted requests of it). */
  operation: string;
  simulator: SimulatorOptions;
  /** The base URL of the platform in the simulator's `urls`. */
  urlKey: "telegram" | "line" | "mastodon";
  adapter: (baseUrl: string) => PlatformAdapter;
  /** The herald send; returns the 429s it received. */
  send: (herald: Herald) => Promise<number>;
  /** The naive sender: sequential requests, sleeping on 429; returns the 429s it received. */
  naive: (baseUrl: string) => Promise<number>;
}

/** One row of the table. */
export interface FidelityRow {
  platform: string;
  scenario: "herald" | "naive";
  requests: number;
  unit: string;
  limit: Limit;
  accepted: number;
  elapsedS: number;
  fidelity: number;
  received429: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Throughput over the limit, from the simulator's arrival times of accepted requests: after
 * the first window's burst of `max`, the rest arrive over (last - first); a sender exactly at
 * the limit scores 1.0.
 */
function fidelity(times: number[], limit: Limit): number {
  const sorted = [...times].sort((a, b) => a - b);
  const span = sorted.at(-1)! - sorted[0]!;
  const after = sorted.length - limit.max;
  if (after <= 0 || span <= 0) return Number.NaN;
  return after / span / (limit.max / limit.perMs);
}

/** POSTs `body` as JSON until the answer is not a 429, sleeping `wait(response)` ms on each 429. */
async function postUntilAccepted(
  url: string,
  headers: Record<string, string>,
  body: unknown,
  wait: (response: Response) => Promise<number>,
): Promise<number> {
  let received429 = 0;
  for (;;) {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify(body),
    });
    if (response.status !== 429) {
      await response.arrayBuffer();
      return received429;
    }
    received429++;
    await sleep(await wait(response));
  }
}

async function naiveEach<T>(items: T[], send: (item: T) => Promise<number>): Promise<number> {
  let received429 = 0;
  for (const item of items) received429 += await send(item);
  return received429;
}

// ---- Telegram: 450 DMs at the bulk limit of 30 messages per second per bot ----

const TELEGRAM_TOKEN = "123456:BENCH-TOKEN";
/** Messages: 15 windows of Telegram's 30 msg/s, long enough to average out the start. */
const TELEGRAM_MESSAGES = Number(process.env.BENCH_MESSAGES ?? 450);
const telegramChats = () =>
  Array.from({ length: TELEGRAM_MESSAGES }, (_, i) => String(5_000_000 + i));

const TELEGRAM: Platform = {
  name: "Telegram sendMessage",
  unit: "DMs",
  requests: TELEGRAM_MESSAGES,
  // core.telegram.org/bots/faq: "no more than 30 messages per second" in bulk, as the simulator enforces
  limit: { max: 30, perMs: 1_000 },
  operation: "sendMessage",
  simulator: { telegram: { botTokens: [TELEGRAM_TOKEN] } },
  urlKey: "telegram",
  adapter: (baseUrl) => telegram({ botToken: TELEGRAM_TOKEN, baseUrl }),
  send: async (herald) =>
    (
      await herald.send(
        { text: TEXT },
        { to: { platform: "telegram", recipients: telegramChats() } },
      )
    ).rateLimited,
  naive: (baseUrl) =>
    naiveEach(telegramChats(), (chat) =>
      postUntilAccepted(
        `${baseUrl}/bot${TELEGRAM_TOKEN}/sendMessage`,
        {},
        { chat_id: Number(chat), text: TEXT },
        async (response) => {
          const body = (await response.json()) as { parameters?: { retry_after?: number } };
          return (body.parameters?.retry_after ?? 1) * 1_000;
        },
      ),
    ),
};

// ---- LINE: multicasts of 500 at 200 requests per second per channel ----

const LINE_TOKEN = "bench-line-channel-token";
/** Multicast requests: 8 windows of LINE's 200 per second. */
const LINE_MULTICASTS = Number(process.env.BENCH_LINE_MULTICASTS ?? 1_600);
/** User ids per multicast (developers.line.biz/en/reference/messaging-api/#send-multicast-message). */
const LINE_BATCH = 500;
const lineUser = (i: number) => `U${i.toString(16).padStart(32, "0")}`;
function* lineUsers(): Generator<string> {
  for (let i = 0; i < LINE_MULTICASTS * LINE_BATCH; i++) yield lineUser(i);
}

const LINE: Platform = {
  name: "LINE multicast",
  unit: `multicasts of ${LINE_BATCH}`,
  requests: LINE_MULTICASTS,
  // developers.line.biz/en/reference/messaging-api/#rate-limits: multicast 200 requests per second
  limit: { max: 200, perMs: 1_000 },
  operation: "multicast",
  simulator: { line: { channelAccessTokens: [LINE_TOKEN] } },
  urlKey: "line",
  adapter: (baseUrl) => line({ channelAccessToken: LINE_TOKEN, baseUrl }),
  send: async (herald) =>
    (await herald.send({ text: TEXT }, { to: { platform: "line", recipients: lineUsers() } }))
      .rateLimited,
  naive: (baseUrl) =>
    naiveEach(
      Array.from({ length: LINE_MULTICASTS }, (_, b) => b),
      (b) =>
        postUntilAccepted(
          `${baseUrl}/v2/bot/message/multicast`,
          { authorization: `Bearer ${LINE_TOKEN}` },
          {
            to: Array.from({ length: LINE_BATCH }, (_, i) => lineUser(b * LINE_BATCH + i)),
            messages: [{ type: "text", text: TEXT }],
          },
          // LINE's 429 carries no Retry-After: the naive bot sleeps one second
          async () => 1_000,
        ),
    ),
};

// ---- Mastodon: statuses at 300 requests per account per window (window scaled 60×) ----

const MASTODON_TOKEN = "bench-mastodon-token";
/** Statuses: three windows of 300. */
const MASTODON_STATUSES = Number(process.env.BENCH_STATUSES ?? 900);
/**
 * Mastodon's 300 requests per 5 minutes per account (docs.joinmastodon.org/api/rate-limits/),
 * with the window scaled from 5 minutes to 5 seconds (60×) so a run takes seconds: the
 * simulator enforces it and the adapter is told the same rule, as an instance's own limits are.
 */
const MASTODON_LIMIT = { max: 300, perMs: 5_000 };

const MASTODON: Platform = {
  name: "Mastodon statuses",
  unit: "statuses",
  requests: MASTODON_STATUSES,
  limit: MASTODON_LIMIT,
  operation: "createStatus",
  simulator: {
    mastodon: {
      accessTokens: [MASTODON_TOKEN],
      limits: { perToken: { limit: MASTODON_LIMIT.max, windowMs: MASTODON_LIMIT.perMs } },
    },
  },
  urlKey: "mastodon",
  adapter: (baseUrl) =>
    mastodon({
      accessToken: MASTODON_TOKEN,
      instanceUrl: baseUrl,
      limits: [
        {
          scope: "account",
          max: MASTODON_LIMIT.max,
          perMs: MASTODON_LIMIT.perMs,
          source: "bench: docs.joinmastodon.org/api/rate-limits/ (300 / 5 min), window scaled 60×",
        },
      ],
    }),
  // one send per status (a feed takes one status per request), all started at once: the
  // limiter paces them
  send: async (herald) => {
    const reports = await Promise.all(
      Array.from({ length: MASTODON_STATUSES }, (_, i) =>
        herald.send({ text: `${TEXT} #${i}` }, { to: "mastodon" }),
      ),
    );
    return reports.reduce((sum, report) => sum + report.rateLimited, 0);
  },
  naive: (baseUrl) =>
    naiveEach(
      Array.from({ length: MASTODON_STATUSES }, (_, i) => i),
      (i) =>
        postUntilAccepted(
          `${baseUrl}/api/v1/statuses`,
          { authorization: `Bearer ${MASTODON_TOKEN}` },
          { status: `${TEXT} #${i}` },
          // sleep until X-RateLimit-Reset (docs.joinmastodon.org/api/rate-limits/)
          async (response) =>
            Math.max(0, Date.parse(response.headers.get("x-ratelimit-reset") ?? "") - Date.now()) ||
            1_000,
        ),
    ),
};

async function withHerald(platform: Platform, baseUrl: string): Promise<number> {
  const herald = createHerald({ adapters: [platform.adapter(baseUrl)] });
  const received429 = await platform.send(herald);
  await herald.close();
  return received429;
}

async function run(platform: Platform, scenario: "herald" | "naive"): Promise<FidelityRow> {
  const sim = createSimulator({ ...platform.simulator, validate: false });
  const server = await startSimulatorServer(sim);
  const baseUrl = server.urls[platform.urlKey];
  const started = performance.now();
  const received429 =
    scenario === "herald" ? await withHerald(platform, baseUrl) : await platform.naive(baseUrl);
  const elapsedS = (performance.now() - started) / 1_000;
  await server.close();
  const times = sim.requests
    .filter((r) => r.operation === platform.operation && r.status === 200)
    .map((r) => r.time);
  return {
    platform: platform.name,
    scenario,
    requests: platform.requests,
    unit: platform.unit,
    limit: platform.limit,
    accepted: times.length,
    elapsedS,
    fidelity: fidelity(times, platform.limit),
    received429,
  };
}

/** Runs each platform's herald send and then its naive send, one after the other. */
export async function fidelityRows(): Promise<FidelityRow[]> {
  const rows: FidelityRow[] = [];
  for (const platform of [TELEGRAM, LINE, MASTODON]) {
    rows.push(await run(platform, "herald"));
    rows.push(await run(platform, "naive"));
  }
  return rows;
}

/** Prints the fidelity table and a summary line per platform. */
export function printFidelityRows(rows: readonly FidelityRow[]): void {
  console.log(
    "\nRate-limit fidelity (simulator's HTTP server on 127.0.0.1; naive baseline in the same run)\n",
  );
  console.log(
    "| platform | sender | requests | limit | accepted | elapsed s | throughput / limit | 429s received |",
  );
  console.log("| --- | --- | ---: | --- | ---: | ---: | ---: | ---: |");
  for (const r of rows) {
    console.log(
      `| ${r.platform} | ${r.scenario === "herald" ? "herald (limiter + retry)" : "naive loop (sleep on 429)"} | ${r.requests} ${r.unit} | ${r.limit.max} / ${r.limit.perMs} ms | ${r.accepted} | ${r.elapsedS.toFixed(1)} | ${r.fidelity.toFixed(3)} | ${r.received429} |`,
    );
  }
  for (let i = 0; i + 1 < rows.length; i += 2) {
    const [herald, naive] = [rows[i]!, rows[i + 1]!];
    console.log(
      `${herald.platform}: herald ${herald.fidelity.toFixed(3)} of the limit with ${herald.received429} × 429; ` +
        `naive ${naive.fidelity.toFixed(3)} with ${naive.received429} × 429 (herald/naive throughput ${(herald.fidelity / naive.fidelity).toFixed(2)})`,
    );
  }
}
