// The same sends over a real socket: the simulator's HTTP server on 127.0.0.1.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulatorServer } from "../../src/testing/node.js";
import { heraldFor, simulator } from "./helpers.js";

const sim = simulator();
let server: Awaited<ReturnType<typeof startSimulatorServer>>;
beforeAll(async () => {
  server = await startSimulatorServer(sim);
});
afterAll(() => server.close());

describe("over a real HTTP server", () => {
  it("publishes to the three platforms, and a connection reset on Telegram ends unknown", async () => {
    const herald = heraldFor(server.urls);
    const report = await herald.send(
      { text: "Hello from a socket" },
      { to: ["telegram:@shopnews", { platform: "line", broadcast: true }, "mastodon"] },
    );
    expect(report.targets.map((t) => t.status)).toEqual(["sent", "sent", "sent"]);
    expect(sim.requests.every((r) => r.schemaErrors.length === 0)).toBe(true);

    sim.faults.set({ rate: 1, kinds: ["reset"], platforms: ["telegram"], when: "after" });
    const faulted = await herald.send({ text: "again" }, { to: "telegram:@shopnews" });
    expect(faulted.targets[0]?.status).toBe("unknown");
    expect(sim.telegram.messages).toHaveLength(2); // it did arrive: resending would have duplicated it
    await herald.close();
  });
});
