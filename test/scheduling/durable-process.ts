// One Herald process of the durable scheduler tests, run with `node --import tsx`:
// - MODE=schedule: schedules one send to @durable at AT and prints `scheduled <id>` (then the
//   test kills it before the send is due);
// - MODE=work: prints `ready` once its worker runs, then `fired <schedule id>` for every fire it
//   runs, until SIGTERM closes it.
// - STALL=before-claim (with MODE=work): a fire BullMQ hands it stops right there, before its
//   claim, and `taken <schedule id>` is printed (the test then kills the process);
//   STALL=after-claim: it stops right after the claim (the fire is `running`), printing
//   `claimed <schedule id>`. LOCK_MS sets BullMQ's lock and stalled-check times (ms) so that a
//   killed process's fire is handed out again in seconds; QUEUE names the queue (processes
//   with other stalled-check times use another: BullMQ runs one check per queue and interval).
import { telegram } from "../../src/adapters/telegram/index.js";
import { createHerald } from "../../src/index.js";
import type { FireClaim, FireJob } from "../../src/scheduling/backend.js";
import { BullMQScheduler } from "../../src/scheduling/bullmq.js";

const { MODE, PREFIX, QUEUE, TELEGRAM_URL, TOKEN, AT, STALL, LOCK_MS } = process.env;

const forever = () => new Promise<never>(() => {});

/** The durable scheduler, stopping where STALL says. */
class Stalling extends BullMQScheduler {
  override async claim(job: FireJob, startedAt: number, rerun: boolean): Promise<FireClaim> {
    if (STALL === "before-claim") {
      console.log(`taken ${job.scheduleId}`);
      return forever();
    }
    const claimed = await super.claim(job, startedAt, rerun);
    if (STALL === "after-claim" && claimed) {
      console.log(`claimed ${job.scheduleId}`);
      return forever();
    }
    return claimed;
  }
}

const herald = createHerald({
  adapters: [
    telegram({
      botToken: TOKEN!,
      baseUrl: TELEGRAM_URL!,
      // the test's simulator allows this much; three processes share the bot
      limits: [{ scope: "account", max: 1_000, perMs: 1_000, source: "durable test" }],
    }),
  ],
  scheduler: new Stalling({
    prefix: PREFIX!,
    ...(QUEUE ? { queueName: QUEUE } : {}),
    connection: { host: "127.0.0.1", port: 6379 },
    ...(LOCK_MS ? { lockDurationMs: Number(LOCK_MS), stalledIntervalMs: Number(LOCK_MS) / 4 } : {}),
  }),
});

herald.schedules.on("fired", (e) => console.log(`fired ${e.schedule} ${e.report.counts.sent}`));
herald.schedules.on("fire-failed", (e) =>
  console.log(`fire-failed ${e.schedule} ${e.error.message}`),
);

if (MODE === "schedule") {
  const report = await herald.send(
    { text: "sent after a restart" },
    { to: "telegram:@durable", at: new Date(Number(AT)) },
  );
  console.log(`scheduled ${report.id}`);
} else {
  await herald.schedules.list(); // starts the worker
  console.log("ready");
}

process.on("SIGTERM", () => {
  herald.close().then(() => process.exit(0));
});
setInterval(() => {}, 60_000); // stay alive until killed
