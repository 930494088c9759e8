// One campaign-report run, in its own process (`node --expose-gc`): streams N sent records
// (one Mastodon post each) either merely iterated (the baseline) or through `herald.report`
// (tally, reservoir sample of 1,000, metric reads through the limiter), and prints its time in
// ms and its peak heap growth in bytes.
import { createHerald, type SentRecord } from "herald";
import { mastodon } from "herald/mastodon";

const MODE = process.argv[2] === "report" ? "report" : "iterate";
const COUNT = Number(process.argv[3] ?? 100_000);
/** Heap samples this often, in ms: often enough to see the peak of a run of a second or more. */
const SAMPLE_MS = 20;
/** Raised adapter limits: this measures the report's cost, not the platform's pace. */
const NO_LIMITS = [{ scope: "account" as const, max: 1_000_000, perMs: 1_000, source: "bench" }];

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error("run with node --expose-gc");

async function* records(): AsyncGenerator<SentRecord> {
  for (let i = 0; i < COUNT; i++) {
    yield {
      target: "mastodon",
      platform: "mastodon",
      status: i % 50 === 0 ? "failed" : "sent",
      ids: [String(100_000_000 + i)],
    };
  }
}

/** A Status answer (docs.joinmastodon.org/entities/Status/) with counts from its id. */
const answer = async (input: RequestInfo | URL): Promise<Response> => {
  const id = String(input).split("/").at(-1)!;
  const n = Number(id) % 97;
  const status = { id, favourites_count: n, replies_count: n % 7, reblogs_count: n % 5 };
  return new Response(JSON.stringify(status), {
    status: 200,
    headers: { "content-type": "application/json" },
  });
};

const herald = createHerald({
  adapters: [
    mastodon({
      accessToken: "bench-token",
      instanceUrl: "https://mastodon.example",
      limits: NO_LIMITS,
    }),
  ],
  fetch: answer as typeof fetch,
});

gc();
const baseline = process.memoryUsage().heapUsed;
let peak = baseline;
const timer = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().heapUsed);
}, SAMPLE_MS);
const started = performance.now();
let check = 0;
if (MODE === "iterate") {
  for await (const record of records()) check += record.ids!.length;
} else {
  const report = await herald.report({ records: records() });
  check = report.totals.measured;
}
const ms = performance.now() - started;
peak = Math.max(peak, process.memoryUsage().heapUsed);
clearInterval(timer);
await herald.close();
console.log(JSON.stringify({ mode: MODE, count: COUNT, ms, growthBytes: peak - baseline, check }));
