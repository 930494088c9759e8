// One Herald process of the durable scheduler tests, run with `node --import tsx`:
// - MODE=schedule: schedules one send to @durable at AT and prints `scheduled <id>` (then the
//   test kills it before the send is due);
// - MODE=work: prints `ready` once its worker runs, then `fired <schedule id>` for every fire it
//   runs, until SIGTERM closes it.
import { telegram } from "../../src/adapters/telegram/index.js";
import { createHerald } from "../../src/index.js";
import { bullmqScheduler } from "../../src/scheduling/bullmq.js";

const { MODE, PREFIX, TELEGRAM_URL, TOKEN, AT } = process.env;

const herald = createHerald({
  adapters: [
    telegram({
      botToken: TOKEN!,
      baseUrl: TELEGRAM_URL!,
      // the test's simulator allows this much; three processes share the bot
      limits: [{ scope: "account", max: 1_000, perMs: 1_000, source: "durable test" }],
    }),
  ],
  scheduler: bullmqScheduler({ prefix: PREFIX!, connection: { host: "127.0.0.1", port: 6379 } }),
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
