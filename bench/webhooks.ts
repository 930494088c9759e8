// Webhook throughput: verify + parse + dispatch through `herald.webhooks.handle`, as a ratio to a
// bare HMAC-SHA256 verification of the same payloads in the same run. See bench/README.md.
import { createHmac, timingSafeEqual } from "node:crypto";
import { createHerald, memoryDedupe } from "herald";
import { line } from "herald/line";
import { mastodon } from "herald/mastodon";
import { telegram } from "herald/telegram";
import { signWebhook } from "herald/testing";
import { createNodeCrypto } from "herald/webhooks-node";

/** Deliveries per measurement (`BENCH_WEBHOOKS` changes it): enough for a few hundred ms each. */
const DELIVERIES = Number(process.env.BENCH_WEBHOOKS ?? 5_000);
const SECRET = "bench-webhook-secret";

/** One row of the table. */
export interface WebhookRow {
  platform: string;
  crypto: string;
  events: number;
  eventsPerS: number;
  bareHmacPerS: number;
}

type Platform = "telegram" | "line" | "mastodon";

/** A realistic body of about 1 KB per platform, with a distinct event id per delivery. */
function payload(platform: Platform, i: number): unknown {
  const text = `Is the Black Friday sale still on? Order #${i}. ${"Lorem ipsum dolor sit amet. ".repeat(20)}`;
  if (platform === "telegram") {
    return {
      update_id: 900_000 + i,
      message: {
        message_id: i,
        date: 1_772_366_400,
        chat: { id: 4242, type: "private", first_name: "Ada" },
        from: { id: 4242, is_bot: false, first_name: "Ada", username: "ada" },
        text,
      },
    };
  }
  if (platform === "line") {
    return {
      destination: "Uxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
      events: [
        {
          type: "message",
          mode: "active",
          timestamp: 1_772_366_400_000,
          webhookEventId: `01JNZ2Y5Q8XKQ3M1V2B3N${String(i).padStart(5, "0")}`,
          deliveryContext: { isRedelivery: false },
          source: { type: "user", userId: "U4af4980629a2b3c4d5e6f708192a3b4c" },
          replyToken: "nHuyWiB7yP5Zw52FIkcQobQuGDXCTA",
          message: {
            id: String(444_573_844_083_572_737n + BigInt(i)),
            type: "text",
            text,
            quoteToken: "q",
          },
        },
      ],
    };
  }
  return {
    event: "status.created",
    created_at: "2026-03-01T12:00:00.000Z",
    object: {
      id: String(1_000_000 + i),
      created_at: "2026-03-01T12:00:00.000Z",
      in_reply_to_id: "1100",
      in_reply_to_account_id: "42",
      content: `<p>${text}</p>`,
      account: { id: "109348503340", acct: "ada@example.social", display_name: "Ada" },
      mentions: [],
      reblog: null,
    },
  };
}

function client(crypto: "node:crypto" | "Web Crypto") {
  return createHerald({
    adapters: [
      telegram({ botToken: "123456:BENCH", webhookSecret: SECRET }),
      line({ channelAccessToken: "bench", channelSecret: SECRET }),
      mastodon({
        accessToken: "bench",
        instanceUrl: "https://bench.example",
        webhookSecret: SECRET,
      }),
    ],
    ...(crypto === "node:crypto" ? { webhooks: { crypto: createNodeCrypto() } } : {}),
  });
}

/** Bare verification: HMAC-SHA256 of each raw body and a constant-time compare, nothing else. */
function bareHmac(bodies: Buffer[], signatures: Buffer[]): number {
  const started = performance.now();
  let ok = 0;
  for (let i = 0; i < bodies.length; i++) {
    const mac = createHmac("sha256", SECRET).update(bodies[i]!).digest();
    if (timingSafeEqual(mac, signatures[i]!)) ok++;
  }
  if (ok !== bodies.length) throw new Error("bare verification failed");
  return bodies.length / ((performance.now() - started) / 1000);
}

async function measure(
  platform: Platform,
  crypto: "node:crypto" | "Web Crypto",
): Promise<WebhookRow> {
  const herald = client(crypto);
  let events = 0;
  herald.webhooks.on("message", () => {
    events++;
  });
  herald.webhooks.on("comment", () => {
    events++;
  });
  const run = async (from: number, count: number) => {
    const requests = await Promise.all(
      Array.from({ length: count }, (_, k) =>
        signWebhook(platform, payload(platform, from + k), SECRET),
      ),
    );
    const started = performance.now();
    for (const request of requests) {
      const response = await herald.webhooks.handle(request);
      if (response.status !== 200) throw new Error(`${platform}: ${response.status}`);
    }
    return (performance.now() - started) / 1000;
  };
  // warm-up until the JIT has settled (a cold first pass runs several times slower)
  for (let pass = 0; pass < 3; pass++) await run(pass * DELIVERIES, DELIVERIES);
  events = 0;
  const seconds = await run(1_000_000, DELIVERIES);
  if (events !== DELIVERIES)
    throw new Error(`${platform}: ${events} of ${DELIVERIES} events dispatched`);
  const bodies = Array.from({ length: DELIVERIES }, (_, i) =>
    Buffer.from(JSON.stringify(payload(platform, 1_000_000 + i))),
  );
  const signatures = bodies.map((b) => createHmac("sha256", SECRET).update(b).digest());
  for (let pass = 0; pass < 3; pass++) bareHmac(bodies, signatures); // warm-up
  return {
    platform,
    crypto,
    events,
    eventsPerS: events / seconds,
    bareHmacPerS: bareHmac(bodies, signatures),
  };
}

/** Every platform with the node:crypto fast path (what Node gets) and with Web Crypto (Workers, Deno). */
export async function webhookRows(): Promise<WebhookRow[]> {
  const rows: WebhookRow[] = [];
  for (const crypto of ["node:crypto", "Web Crypto"] as const) {
    for (const platform of ["telegram", "line", "mastodon"] as const) {
      rows.push(await measure(platform, crypto));
    }
  }
  return rows;
}

/** Prints the section of `npm run bench`. */
export function printWebhookRows(rows: WebhookRow[]): void {
  console.log(
    `\nWebhooks: verify + parse + dispatch through herald.webhooks.handle, ${DELIVERIES} signed deliveries of ~1 KB per row\n`,
  );
  console.log("| platform | crypto | events/s | bare HMAC-SHA256 verifications/s | ratio |");
  console.log("| --- | --- | ---: | ---: | ---: |");
  for (const r of rows) {
    console.log(
      `| ${r.platform} | ${r.crypto} | ${Math.round(r.eventsPerS)} | ${Math.round(r.bareHmacPerS)} | ${(r.eventsPerS / r.bareHmacPerS).toFixed(3)} |`,
    );
  }
}

/** Ids measured at each end of the dedupe rows: our choice, about a second of deliveries. */
const DEDUPE_WINDOW = 10_000;
/** Distinct ids the dedupe store holds before the second measurement (10x its 100,000 bound). */
const DEDUPE_FILL = Number(process.env.BENCH_DEDUPE_FILL ?? 1_000_000);
/** The core's default TTL (24 h), so that none of the ids expires during the run. */
const DEDUPE_TTL_MS = 24 * 60 * 60 * 1000;

/** One row of the dedupe table: the same work on an empty store and on a full one. */
export interface DedupeRow {
  measured: string;
  firstPerS: number;
  afterFillPerS: number;
}

/**
 * The default in-memory dedupe once full: Telegram deliveries through `herald.webhooks.handle`
 * and bare `claim` calls, the first 10,000 into an empty store, then 10,000 more after
 * 1,000,000 distinct ids (claimed directly, past the default bound of 100,000).
 */
export async function dedupeRows(): Promise<DedupeRow[]> {
  const store = memoryDedupe();
  const herald = createHerald({
    adapters: [telegram({ botToken: "123456:BENCH", webhookSecret: SECRET })],
    webhooks: { dedupe: store, crypto: createNodeCrypto() },
  });
  let events = 0;
  herald.webhooks.on("message", () => {
    events++;
  });
  const deliveries = async (from: number) => {
    const requests = await Promise.all(
      Array.from({ length: DEDUPE_WINDOW }, (_, k) =>
        signWebhook("telegram", payload("telegram", from + k), SECRET),
      ),
    );
    events = 0;
    const started = performance.now();
    for (const request of requests) await herald.webhooks.handle(request);
    const seconds = (performance.now() - started) / 1000;
    if (events !== DEDUPE_WINDOW) throw new Error(`dedupe: ${events} events dispatched`);
    return DEDUPE_WINDOW / seconds;
  };
  const claims = (from: number, count: number) => {
    const started = performance.now();
    for (let i = from; i < from + count; i++) {
      if (!store.claim(`bench:${i}`, DEDUPE_TTL_MS)) throw new Error("dedupe: a new id refused");
    }
    return count / ((performance.now() - started) / 1000);
  };
  const firstHandle = await deliveries(0);
  const firstClaims = claims(0, DEDUPE_WINDOW);
  claims(DEDUPE_WINDOW, DEDUPE_FILL);
  const afterClaims = claims(DEDUPE_WINDOW + DEDUPE_FILL, DEDUPE_WINDOW);
  const afterHandle = await deliveries(DEDUPE_WINDOW);
  return [
    {
      measured: "herald.webhooks.handle (Telegram), events/s",
      firstPerS: firstHandle,
      afterFillPerS: afterHandle,
    },
    {
      measured: "memoryDedupe().claim, claims/s",
      firstPerS: firstClaims,
      afterFillPerS: afterClaims,
    },
  ];
}

/** Prints the dedupe table of `npm run bench`. */
export function printDedupeRows(rows: DedupeRow[]): void {
  console.log(
    `\nWebhook dedupe (memoryDedupe, default bound 100,000): ${DEDUPE_WINDOW} new ids into an empty store, then ${DEDUPE_WINDOW} after ${DEDUPE_FILL} distinct ids\n`,
  );
  console.log("| measured | first 10,000 | after the fill | ratio |");
  console.log("| --- | ---: | ---: | ---: |");
  for (const r of rows) {
    console.log(
      `| ${r.measured} | ${Math.round(r.firstPerS)} | ${Math.round(r.afterFillPerS)} | ${(r.afterFillPerS / r.firstPerS).toFixed(3)} |`,
    );
  }
}
