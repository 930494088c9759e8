// Follows a brand on Mastodon and Telegram and keeps a live tally per platform and kind:
// `npx tsx examples/brand-monitor.ts` runs it for a few seconds against the simulator
// (herald/testing), publishing mentions and hashtag posts into it as it goes. With real
// accounts, give the adapters real tokens and drop the simulator. (Spikes, answers to
// questions and X are not in the listener yet: see docs/listening.md.)
import { createHerald, type Herald, type ListenedItem } from "herald";
import { mastodon } from "herald/mastodon";
import { telegram } from "herald/telegram";
import { createSimulator } from "herald/testing";
import { setupServer } from "msw/node";

/** Counts per `platform kind`, e.g. `mastodon mention`. */
export type Tally = Map<string, number>;

/**
 * Starts following `brand` (its mentions, and the keyword / hashtag) on every account in `to`,
 * counting what is heard into the tally and printing each item with `print`.
 */
export function monitorBrand(
  herald: Herald,
  brand: string,
  to: readonly string[],
  print: (line: string) => void = console.log,
) {
  const tally: Tally = new Map();
  const listener = herald.listen({ to, mentions: true, keywords: [brand], intervalMs: 250 });
  listener.on("item", (item: ListenedItem) => {
    const key = `${item.platform} ${item.kind}`;
    tally.set(key, (tally.get(key) ?? 0) + 1);
    print(`[${key}] @${item.author.handle ?? item.author.id}: ${item.text}`);
  });
  listener.on("error", (e) => print(`! ${e.platform} ${e.source}: ${e.error.message}`));
  return { listener, tally };
}

async function main(): Promise<void> {
  const mastodonToken = "brand-monitor-mastodon";
  const botToken = "123456:brand-monitor";
  const sim = createSimulator({
    mastodon: { accessTokens: [mastodonToken] },
    telegram: { botTokens: [botToken] },
  });
  const server = setupServer(...sim.handlers());
  server.listen({ onUnhandledRequest: "error" });
  const herald = createHerald({
    adapters: [
      mastodon({ accessToken: mastodonToken, instanceUrl: "https://mastodon.example" }),
      telegram({ botToken, botUsername: "acme_bot" }),
    ],
  });
  const { tally } = monitorBrand(herald, "acme", ["mastodon", "telegram"]);
  const me = sim.mastodon.accountIdOf(mastodonToken);
  const lines = [
    () =>
      sim.mastodon.listen.mention(me, "@herald_sim_1 is the acme sale still on?", {
        username: "ann",
      }),
    () => sim.mastodon.listen.publish("Got my #acme order today", { username: "bob" }),
    () =>
      sim.telegram.listen.message("123456", { text: "@acme_bot where is my parcel?", from: "cy" }),
    () => sim.telegram.listen.message("123456", { text: "acme support was quick", from: "dee" }),
  ];
  for (const publish of lines) {
    publish();
    await new Promise((resolve) => setTimeout(resolve, 400));
  }
  await herald.close();
  server.close();
  console.log("tally:", Object.fromEntries(tally));
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
