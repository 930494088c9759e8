// A scheduled campaign, no credentials, no network: the platform simulator of `herald/testing`
// runs on 127.0.0.1 and a manual clock plays two simulated days in a few seconds.
//   1. Black Friday at 09:00 in each subscriber's own time zone (Telegram), and on Mastodon,
//      which schedules the post itself;
//   2. a weekly digest on Mondays (a recurrence), cancelled after its first issue;
//   3. a reminder that respects quiet hours (a send window) and is moved once (reschedule);
//   4. in real time: a mass send paced over a few seconds (`spread`).
// Run it with `npx tsx examples/scheduled-campaign.ts`. With `herald/bullmq` instead of the
// default in-memory scheduler, the same schedules would survive a restart (docs/scheduling.md).
import { audience, createHerald, type Herald, type Recipient, systemClock } from "herald";
import { mastodon } from "herald/mastodon";
import { telegram } from "herald/telegram";
import { createSimulator, ManualClock, startSimulatorServer } from "herald/testing";

const tokens = { telegram: "123456:CAMPAIGN-TOKEN", mastodon: "campaign-mastodon-token" };
const ZONES = [
  "Pacific/Auckland",
  "Australia/Sydney",
  "Asia/Tokyo",
  "Asia/Kolkata",
  "Asia/Kathmandu",
  "Europe/Moscow",
  "Europe/Berlin",
  "Europe/London",
  "America/Sao_Paulo",
  "America/New_York",
  "America/Chicago",
  "America/Los_Angeles",
];

/** The subscriber database: read again each time a send to `audience("subscribers")` fires. */
async function* subscribers(): AsyncGenerator<Recipient> {
  for (const [i, timezone] of ZONES.entries()) {
    yield { id: String(1_000_000 + i), attributes: { timezone, firstName: `Fan ${i}` } };
  }
  yield { id: "1000999", attributes: { firstName: "No zone" } }; // gets the fallback zone's 09:00
}

const clock = new ManualClock("2026-11-26T00:00:00Z");
const sim = createSimulator({
  telegram: { botTokens: [tokens.telegram] },
  mastodon: { accessTokens: [tokens.mastodon] },
  clock,
});
const server = await startSimulatorServer(sim);
const adapters = () => [
  telegram({ botToken: tokens.telegram, baseUrl: server.urls.telegram }),
  mastodon({ accessToken: tokens.mastodon, baseUrl: server.urls.mastodon }),
];
const herald = createHerald({
  adapters: adapters(),
  clock,
  audiences: { subscribers },
  fallbackTimezone: "Europe/Berlin",
});

const iso = (ms: number | undefined) =>
  ms === undefined ? "-" : new Date(ms).toISOString().slice(0, 16);
const local = (ms: number, zone: string) =>
  new Intl.DateTimeFormat("en-GB", {
    timeZone: zone,
    weekday: "short",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(ms);

/** Moves the simulated clock from fire to fire up to `until`, letting each fire finish at its time. */
async function playUntil(until: string): Promise<void> {
  const settled = async () => {
    for (;;) {
      await new Promise((resolve) => setImmediate(resolve));
      const busy = (await herald.schedules.list()).some((s) =>
        s.fires.some(
          (f) => f.status === "running" || (f.status === "pending" && f.at <= clock.now()),
        ),
      );
      if (!busy) return;
    }
  };
  await settled();
  while (clock.next !== undefined && clock.next <= Date.parse(until)) {
    clock.step();
    await settled();
  }
}

console.log(`Simulated time starts at ${iso(clock.now())} UTC\n`);

console.log("1. Black Friday at 09:00 local time, on Telegram and Mastodon\n");
const blackFriday = {
  text: "Black Friday: 30% off until midnight https://shop.example/bf",
  idempotencyKey: "bf-2026",
};
const options = {
  to: [{ platform: "telegram", recipients: audience("subscribers") }, "mastodon"],
  at: "2026-11-27T09:00",
  timezone: "recipient",
};
for (const t of herald.preview(blackFriday, options).targets) {
  console.log(`   preview: ${t.target.padEnd(20)} scheduling: ${t.scheduling}`);
}
const report = await herald.send(blackFriday, options);
console.log(`   report:  ${report.targets.map((t) => `${t.target} ${t.status}`).join(", ")}`);
console.log(
  `   schedule ${report.schedule?.id}: ${report.schedule?.fires.length} fires, first at ${iso(report.schedule?.next)} UTC\n`,
);

console.log(
  "2. A weekly digest, Mondays 08:00 Berlin time, four issues (cancelled after the first)\n",
);
const digest = await herald.send(
  { text: "Your weekly digest https://shop.example/digest" },
  {
    to: "telegram:@shopnews",
    at: "2026-11-30T08:00",
    timezone: "Europe/Berlin",
    repeat: "FREQ=WEEKLY;COUNT=4",
  },
);

console.log(
  "3. A reminder outside quiet hours (09:00-21:00 local), moved from Thursday to Friday 18:00 UTC\n",
);
const reminder = await herald.send(
  { text: "Last hours of Black Friday!" },
  {
    to: { platform: "telegram", recipients: audience("subscribers") },
    at: "2026-11-26T18:00:00Z",
    window: { from: "09:00", to: "21:00" },
  },
);
await herald.schedules.reschedule(reminder.id, {
  at: "2026-11-27T18:00:00Z",
  window: { from: "09:00", to: "21:00" },
});

herald.schedules.on("fired", ({ schedule, report }) => {
  if (schedule === digest.id && report.counts.sent > 0) void herald.schedules.cancel(digest.id);
});
await playUntil("2026-12-31T00:00:00Z");

console.log("   Who got what, when (local time of each subscriber, at the simulated Telegram):\n");
const zoneOf = new Map<string, string>();
for await (const s of subscribers()) {
  if (typeof s !== "string")
    zoneOf.set(s.id, (s.attributes?.timezone as string) ?? "Europe/Berlin");
}
const byChat = new Map<string, string[]>();
for (const m of sim.telegram.messages) {
  const zone = zoneOf.get(m.chatId) ?? "Europe/Berlin";
  const what = m.text?.startsWith("Black")
    ? "BF"
    : m.text?.startsWith("Last")
      ? "reminder"
      : "digest";
  byChat.set(m.chatId, [...(byChat.get(m.chatId) ?? []), `${what} ${local(m.time, zone)}`]);
}
for (const [chat, got] of byChat) {
  console.log(
    `   ${chat.padEnd(10)} ${(zoneOf.get(chat) ?? "(channel)").padEnd(20)} ${got.join(" | ")}`,
  );
}
const statuses = sim.mastodon.scheduled.map((s) => `scheduled_at ${s.scheduledAt}`);
console.log(`\n   Mastodon kept its own schedule: ${statuses.join(", ")}\n`);
console.log("   Scheduled sends:");
for (const s of await herald.schedules.list()) {
  console.log(
    `   ${s.id.slice(0, 8)} ${s.status.padEnd(10)} fires ${String(s.fires.length).padStart(2)}  sent ${s.counts.sent}`,
  );
}
await herald.close();

await server.close();

console.log("\n4. In real time: 40 messages paced over 4 seconds (spread)\n");
const realSim = createSimulator({ telegram: { botTokens: [tokens.telegram] } }); // real time
const realServer = await startSimulatorServer(realSim);
const paced: Herald = createHerald({
  adapters: [telegram({ botToken: tokens.telegram, baseUrl: realServer.urls.telegram })],
  clock: systemClock,
});
const started = Date.now();
const done = new Promise((resolve) => paced.schedules.once("fired", resolve));
await paced.send(
  { text: "Your code: BF30" },
  {
    to: {
      platform: "telegram",
      recipients: Array.from({ length: 40 }, (_, i) => String(2_000_000 + i)),
    },
    spread: "4s",
  },
);
await done;
const arrivals = realSim.telegram.messages.map((m) => m.time - started);
const perSecond = [0, 1, 2, 3].map(
  (s) => arrivals.filter((t) => t >= s * 1000 && t < (s + 1) * 1000).length,
);
console.log(
  `   delivered ${arrivals.length}: per second ${perSecond.join(", ")}; last after ${Math.max(...arrivals)} ms`,
);
await paced.close();
await realServer.close();
