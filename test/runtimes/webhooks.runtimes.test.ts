// The same webhook app (test/runtimes/servers/app.ts, built against dist/) on every runtime:
// Node 20 (the machine's), Node 22 and 24, Bun, Deno and workerd, started as real processes and
// sent signed, tampered and replayed deliveries whose signatures are computed here; their replies
// go to the LINE simulator of herald/testing in this process.
// Locally a missing runtime or an unbuilt dist/ skips with the reason; under CI it fails.
import { existsSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { join } from "node:path";
import { afterAll, beforeAll, describe, type ExpectStatic, it } from "vitest";
import { createSimulator } from "../../src/testing/index.js";
import { type SimulatorServer, startSimulatorServer } from "../../src/testing/node.js";
import {
  type Delivery,
  lineFollow,
  lineMessage,
  linePostback,
  lineVerification,
  messageOn,
  signed,
  tampered,
} from "./harness/deliveries.js";
import {
  COUNT_PATH,
  type Counts,
  LINE_TOKEN,
  type Platform,
  SECRETS,
  SLOW_HANDLER_MS,
} from "./harness/fixtures.js";
import { prepareWorkdir, ROOT, type Server, startServer, type Workdir } from "./harness/launch.js";
import { locateRuntimes } from "./harness/runtimes.js";

const PLATFORMS: Platform[] = ["telegram", "line", "mastodon"];
const built = existsSync(join(ROOT, "dist/index.js"));
const runtimes = locateRuntimes();

async function send(server: Server, delivery: Delivery): Promise<number> {
  const { method, headers, body } = delivery;
  const response = await fetch(server.url + delivery.path, { method, headers, body });
  await response.arrayBuffer();
  return response.status;
}

/** Errors of a connection the server closed while the client was still writing. */
const CUT_OFF = new Set(["EPIPE", "ECONNRESET"]);
/** Attempts at an oversized upload before giving up (each on a connection of its own). */
const OVERSIZED_ATTEMPTS = 8;

/** One upload on a new connection: the status of the answer, even if writing failed after it. */
function uploadOnce(
  url: string,
  headers: Record<string, string>,
  body: Uint8Array,
  streamed: boolean,
) {
  return new Promise<number>((resolve, reject) => {
    const request = httpRequest(url, { method: "POST", headers, agent: false }, (response) => {
      response.resume(); // the answer's body is not needed
      resolve(response.statusCode ?? 0);
    });
    request.on("error", reject); // ignored once the answer arrived (the promise is settled)
    if (!streamed) {
      request.setHeader("content-length", body.byteLength);
      request.end(body);
      return;
    }
    // no content-length: chunked, as a stream that never says its size
    for (let i = 0; i < body.byteLength; i += 2 ** 16) request.write(body.subarray(i, i + 2 ** 16));
    request.end();
  });
}

/**
 * The status a server answers to an oversized upload. A server may answer 413 before the body
 * is all sent and close the connection (RFC 9110 §15.5.14); the client can then fail writing
 * (EPIPE) or be reset before it reads that answer. Such an attempt is made again on a new
 * connection; the first answer gives the status.
 */
async function oversizedStatus(
  url: string,
  headers: Record<string, string>,
  body: Uint8Array,
  streamed: boolean,
): Promise<number> {
  let cutOff: unknown;
  for (let attempt = 0; attempt < OVERSIZED_ATTEMPTS; attempt++) {
    try {
      return await uploadOnce(url, headers, body, streamed);
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (!code || !CUT_OFF.has(code)) throw error;
      cutOff = error;
    }
  }
  throw cutOff;
}

async function counts(server: Server): Promise<Counts> {
  return (await fetch(server.url + COUNT_PATH)).json() as Promise<Counts>;
}

/** Polls the counts until `done` holds or `timeoutMs` passes; returns the last counts. */
async function countsWhen(server: Server, done: (c: Counts) => boolean, timeoutMs = 3_000) {
  const deadline = Date.now() + timeoutMs;
  let last = await counts(server);
  while (!done(last) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 20));
    last = await counts(server);
  }
  return last;
}

// The LINE platform the servers reply to, and the bundled servers: made once, for every runtime.
const sim = createSimulator({ line: { channelAccessTokens: [LINE_TOKEN] } });
let shared: Promise<{ workdir: Workdir; simulator: SimulatorServer }> | undefined;
const environment = () => {
  shared ??= startSimulatorServer(sim).then(async (simulator) => ({
    simulator,
    workdir: await prepareWorkdir({ lineSimulatorUrl: simulator.urls.line }),
  }));
  return shared;
};
afterAll(async () => {
  const made = await shared;
  await Promise.all([made?.workdir.remove(), made?.simulator.close()]);
});

/** The LINE replies the simulator received with `replyToken`. */
const repliesWith = (replyToken: string) =>
  sim.requests.filter(
    (r) => r.operation === "reply" && (r.body as { replyToken?: string }).replyToken === replyToken,
  );

describe.concurrent("the webhook handler on every runtime", () => {
  for (const runtime of runtimes) {
    const missing = built ? runtime.missing : "dist/ is not built (npm run build)";
    if (missing) {
      if (process.env.CI) {
        it(`${runtime.name} is installed and the package built`, () => {
          throw new Error(missing);
        });
      } else {
        console.warn(`[runtimes] ${runtime.name} skipped: ${missing}`);
        describe.skip(`${runtime.name} (skipped: ${missing})`, () => {
          it("runs the webhook app", () => {});
        });
      }
      continue;
    }

    describe(runtime.name, () => {
      let server: Server;
      beforeAll(async () => {
        server = await startServer(runtime, (await environment()).workdir);
      }, 30_000);
      afterAll(() => server?.stop());

      /** Fails with the runtime's stderr attached, which says why it answered what it did. */
      const statusOf = async (expect: ExpectStatic, delivery: Delivery, status: number) =>
        expect(await send(server, delivery), server.stderr()).toBe(status);

      for (const platform of PLATFORMS) {
        it(`${platform}: signed and rotated 200, unsigned and tampered 401, a replay 200 without a second dispatch`, async ({
          expect,
        }) => {
          const first = signed(platform, messageOn(platform, "hello 1"));
          await statusOf(expect, first, 200);
          const rotated = signed(
            platform,
            messageOn(platform, "hello 2"),
            SECRETS[platform].previous,
          );
          await statusOf(expect, rotated, 200);
          const unsigned = signed(platform, messageOn(platform, "hello 3"));
          unsigned.headers = { "content-type": "application/json" };
          await statusOf(expect, unsigned, 401);
          await statusOf(expect, tampered(signed(platform, messageOn(platform, "hello 4"))), 401);
          await statusOf(expect, first, 200); // the replay
          await statusOf(expect, signed(platform, messageOn(platform, "hello 5")), 200);
          // Dispatched: hello 1, 2 and 5. Waiting for a fourth shows the replay did not add one.
          const after = await countsWhen(server, (c) => c[platform] > 3, 300);
          expect(after[platform]).toBe(3);
        });
      }

      it("answers 405 to a GET, 413 to a body over 1 MB (declared or streamed), 404 off route, and serves on", async ({
        expect,
      }) => {
        const get = await fetch(`${server.url}/webhooks/line`);
        expect(get.status).toBe(405);
        // 2 MiB: over the default limit whether 1 MB means 10^6 or 2^20 bytes.
        const big = signed("line", lineMessage(`hello ${"x".repeat(2 * 2 ** 20)}`));
        const bytes = new TextEncoder().encode(big.body);
        const url = server.url + big.path;
        const declared = await oversizedStatus(url, big.headers, bytes, false);
        expect(declared, server.stderr()).toBe(413);
        const chunked = await oversizedStatus(url, big.headers, bytes, true);
        expect(chunked, "no content-length: capped while streaming").toBe(413);
        await statusOf(expect, { ...signed("line", lineFollow()), path: "/webhooks/nowhere" }, 404);
        // The pooled connections the 405 and 404 answers left behind still serve the next
        // delivery (the 413s went on connections of their own).
        await statusOf(expect, signed("line", lineVerification()), 200);
      });

      it("answers a LINE postback with herald.send to event.replyTo: one reply, with the event's token", async ({
        expect,
      }) => {
        const data = `action=ack&runtime=${runtime.name}`;
        const postback = linePostback(data);
        const replyToken: string = JSON.parse(postback).events[0].replyToken;
        await statusOf(expect, signed("line", postback), 200);
        const after = await countsWhen(server, (c) => c.replied + c.replyFailed > 0);
        expect(after).toMatchObject({ replied: 1, replyFailed: 0 });
        const replies = repliesWith(replyToken);
        expect(replies.map((r) => [r.status, r.schemaErrors, r.body])).toEqual([
          [200, [], { replyToken, messages: [{ type: "text", text: `ack ${data}` }] }],
        ]);
      });

      it("answers before a slow handler is done, and the handler still completes", async ({
        expect,
      }) => {
        const started = performance.now();
        await statusOf(expect, signed("line", lineFollow()), 200);
        const answeredAfter = performance.now() - started;
        expect(answeredAfter).toBeLessThan(SLOW_HANDLER_MS);
        expect((await counts(server)).slowDone).toBe(0);
        const done = await countsWhen(server, (c) => c.slowDone > 0, SLOW_HANDLER_MS + 5_000);
        expect(done).toMatchObject({ slowStarted: 1, slowDone: 1 });
      });
    });
  }
});
