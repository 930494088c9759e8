// TEMPORARY stand-in for `herald.webhooks` until the webhook core lands on this branch: the same
// behaviour contract (verify, dedupe by event id, answer first, handlers after). Removed then.
type Handler = (event: { platform: string; type: string }) => unknown;
type Secrets = Record<"telegram" | "line" | "mastodon", readonly string[]>;

const encoder = new TextEncoder();
async function hmac(secret: string, body: Uint8Array<ArrayBuffer>): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey(
    "raw",
    encoder.encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  return new Uint8Array(await crypto.subtle.sign("HMAC", key, body));
}
const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
const b64 = (b: Uint8Array) => btoa(String.fromCharCode(...b));
function same(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < Math.max(a.length, b.length); i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

export function createStandInWebhooks(secrets: Secrets, ackTimeoutMs: number) {
  const handlers = new Map<string, Handler[]>();
  const seen = new Set<string>();
  return {
    on(name: string, handler: Handler) {
      handlers.set(name, [...(handlers.get(name) ?? []), handler]);
    },
    async handle(request: Request, options: { waitUntil?: (p: Promise<unknown>) => void } = {}) {
      if (request.method !== "POST") return new Response(null, { status: 405 });
      const platform = new URL(request.url).pathname.split("/")[2] as keyof Secrets;
      if (!(platform in secrets)) return new Response(null, { status: 404 });
      const body = new Uint8Array(await request.arrayBuffer());
      if (body.length > 1_000_000) return new Response(null, { status: 413 });
      const text = new TextDecoder().decode(body);
      let ok = false;
      for (const secret of secrets[platform]) {
        if (platform === "telegram") {
          ok ||= same(request.headers.get("x-telegram-bot-api-secret-token") ?? "", secret);
        } else if (platform === "line") {
          ok ||= same(request.headers.get("x-line-signature") ?? "", b64(await hmac(secret, body)));
        } else {
          const sig = `sha256=${hex(await hmac(secret, body))}`;
          ok ||= same(request.headers.get("x-hub-signature") ?? "", sig);
        }
      }
      if (!ok) return new Response(null, { status: 401 });
      const payload = JSON.parse(text);
      const events: { id: string; type: string }[] =
        platform === "telegram"
          ? [{ id: String(payload.update_id), type: "message" }]
          : platform === "line"
            ? payload.events.map((e: { webhookEventId: string; type: string }) => ({
                id: e.webhookEventId,
                type: e.type,
              }))
            : [{ id: `${payload.event}:${payload.object.id}`, type: payload.event }];
      const runs: Promise<unknown>[] = [];
      for (const event of events) {
        if (seen.has(`${platform}:${event.id}`)) continue;
        seen.add(`${platform}:${event.id}`);
        for (const h of handlers.get(`${platform}.${event.type}`) ?? []) {
          runs.push(Promise.resolve().then(() => h({ platform, type: event.type })));
        }
      }
      const all = Promise.allSettled(runs);
      if (options.waitUntil) options.waitUntil(all);
      else await Promise.race([all, new Promise((r) => setTimeout(r, ackTimeoutMs))]);
      return new Response(null, { status: 200 });
    },
  };
}
