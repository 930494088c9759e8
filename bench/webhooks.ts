// Webhook throughput: verify + parse + dispatch through `herald.webhooks.handle`, as a ratio to a
// bare HMAC-SHA256 verification of the same payloads in the same run. See bench/README.md.
import { createHmac, timingSafeEqual } from "node:crypto";
import { createHerald } from "herald";
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
