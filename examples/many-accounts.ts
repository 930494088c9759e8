// A backend that posts on X for many of its own users: one adapter serves every account, each
// with its own OAuth tokens (loaded from the backend's store, refreshed when they expire and
// stored again through onTokens) and its own rate-limit buckets. It runs against the simulator
// of `herald/testing` on 127.0.0.1: no credentials, no network. Run: `npx tsx examples/many-accounts.ts`.
import { createHerald, type OAuthTokens } from "herald";
import { createSimulator, startSimulatorServer } from "herald/testing";
import { exchangeXCode, startXAuthorization, x } from "herald/x";

/** How many users the backend posts for. */
const USERS = 20;
const client = {
  clientId: "backend-app",
  clientSecret: "backend-app-secret",
  redirectUri: "https://backend.example/x/callback",
};

// The simulated X: every user has an access token that has already expired on our side and a
// refresh token; user 0 has none yet and goes through the OAuth flow below.
const users = Array.from({ length: USERS }, (_, i) => ({
  id: String(5_000 + i),
  ...(i === 0 ? {} : { accessToken: `stale-${i}`, refreshToken: `refresh-${i}` }),
}));
const sim = createSimulator({ x: { users, clients: [client] } });
const server = await startSimulatorServer(sim);

// The backend's token store (a database in real life), keyed by the backend's own user names.
const store = new Map<string, OAuthTokens>();
for (let i = 1; i < USERS; i++) {
  store.set(`user-${i}`, {
    accessToken: `stale-${i}`,
    refreshToken: `refresh-${i}`,
    expiresAt: Date.now() - 60_000, // expired: Herald refreshes before posting
  });
}

console.log("1. A new user connects their X account (OAuth 2.0 with PKCE)\n");
const start = await startXAuthorization(client);
const callback = new URL(sim.x.authorize(start.url, "5000")); // the user clicks "Authorize app"
if (callback.searchParams.get("state") !== start.state) throw new Error("state mismatch");
const tokens = await exchangeXCode(
  client,
  callback.searchParams.get("code") ?? "",
  start.codeVerifier,
  {
    tokenUrl: `${server.urls.x}/2/oauth2/token`,
  },
);
store.set("user-0", tokens);
console.log(
  `   user-0 connected; token expires ${new Date(tokens.expiresAt ?? 0).toISOString()}\n`,
);

let saved = 0;
const herald = createHerald({
  adapters: [
    x({
      ...client,
      baseUrl: server.urls.x,
      tokens: (account) => {
        const found = store.get(account);
        if (!found) throw new Error(`${account} has not connected X`);
        return found;
      },
      onTokens: (account, renewed) => {
        store.set(account, renewed); // X rotates refresh tokens: the old one is spent now
        saved++;
      },
    }),
  ],
});

console.log(`2. Each of ${USERS} users posts their own weekly summary, all at once\n`);
const reports = await Promise.all(
  Array.from({ length: USERS }, (_, i) =>
    herald.send(
      { text: `Week 47 on my shop: ${10 + i} orders, ${i % 5} returns. Thanks everyone! 🎉` },
      { to: { platform: "x", account: `user-${i}` } },
    ),
  ),
);
for (const report of reports.slice(0, 5)) {
  const t = report.targets[0];
  console.log(`   ${t?.account.padEnd(8)} ${t?.status}  post ${t?.ids.join(",")}`);
}
console.log(`   ... and ${USERS - 5} more\n`);

console.log("3. Summary\n");
const sent = reports.filter((r) => r.targets[0]?.status === "sent").length;
const rows: Array<[string, string | number]> = [
  ["posts sent", `${sent} / ${USERS}`],
  ["posts the simulated X holds", sim.x.posts.length],
  ["distinct authors", new Set(sim.x.posts.map((p) => p.userId)).size],
  ["token refreshes at X", sim.x.grants.filter((g) => g.grantType === "refresh_token").length],
  ["new pairs stored by onTokens", saved],
  ["requests rejected with 401", sim.requests.filter((r) => r.status === 401).length],
];
for (const [name, value] of rows) console.log(`   ${name.padEnd(32)} ${value}`);

await herald.close();
await server.close();
