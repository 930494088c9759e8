// One memory run, in its own process (`node --expose-gc`): streams N recipients through a LINE
// multicast send to a fetch that answers after ANSWER_MS, and prints the peak heap growth in bytes.
import { createHerald } from "herald";
import { line } from "herald/line";

const COUNT = Number(process.argv[2] ?? 100_000);
/** Heap samples this often, in ms: often enough to see the peak of a run of several seconds. */
const SAMPLE_MS = 20;
/** Live-heap samples (after a full GC) this often, in ms: a GC costs a few ms at this size. */
const LIVE_SAMPLE_MS = 50;
/** Raised adapter limits: this measures memory, not the platform's pace. */
const NO_LIMITS = [{ scope: "account" as const, max: 1_000_000, perMs: 1_000, source: "bench" }];

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error("run with node --expose-gc");

async function* recipients(): AsyncGenerator<{ id: string; attributes: { n: number } }> {
  for (let i = 0; i < COUNT; i++) {
    // the last read is when what grows with the audience (repeat window, checkpoint) is largest:
    // sampled there too, so a run too short for the timer still shows it
    if (i === COUNT - 1) sampleLive();
    yield { id: `U${i.toString(16).padStart(32, "0")}`, attributes: { n: i } };
  }
}

/**
 * The platform's answer time, in ms: our choice, short beside a real platform's (LINE answers in
 * tens of ms) but enough that reading outruns sending, so the requests in flight reach their
 * bound (concurrency × batch) in every run, as against a real platform. With instant answers
 * they reach it only now and then, and a run's peak measures its luck, not its size.
 */
const ANSWER_MS = 5;

const answer = () =>
  new Promise<Response>((resolve) =>
    setTimeout(
      () =>
        resolve(
          new Response("{}", { status: 200, headers: { "content-type": "application/json" } }),
        ),
      ANSWER_MS,
    ),
  );
const herald = createHerald({
  adapters: [line({ channelAccessToken: "bench-token", limits: NO_LIMITS })],
  fetch: answer,
});

gc();
const baseline = process.memoryUsage().heapUsed;
let peak = baseline;
let livePeak = baseline;
const sampler = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().heapUsed);
}, SAMPLE_MS);
function sampleLive(): void {
  gc!();
  livePeak = Math.max(livePeak, process.memoryUsage().heapUsed);
}
const liveSampler = setInterval(sampleLive, LIVE_SAMPLE_MS);
const report = await herald.send(
  { text: "Sale" },
  { to: { platform: "line", recipients: recipients() } },
);
clearInterval(sampler);
clearInterval(liveSampler);
peak = Math.max(peak, process.memoryUsage().heapUsed);
await herald.close();
const sent = report.targets[0]?.counts.sent ?? 0;
if (sent !== COUNT) throw new Error(`sent ${sent} of ${COUNT}`);
console.log(
  JSON.stringify({
    count: COUNT,
    growthBytes: peak - baseline,
    liveGrowthBytes: livePeak - baseline,
  }),
);
