// A streamed audience on a platform that takes batches: LINE multicasts of 500, and the stream
// is read only one batch ahead of the request slots.
import { setupServer } from "msw/node";
import { afterAll, beforeAll, expect, it } from "vitest";
import { heraldFor, simulator } from "./helpers.js";

const sim = simulator();
const server = setupServer(...sim.handlers());
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterAll(() => server.close());

it("streams 2,345 LINE recipients as multicasts of 500, reading at most one batch ahead", async () => {
  let pulled = 0;
  let readAhead = 0;
  async function* audience() {
    for (let i = 0; i < 2_345; i++) {
      pulled++;
      // what LINE has received so far plus the one batch in flight (concurrency 1)
      readAhead = Math.max(readAhead, pulled - sim.line.deliveries.length);
      yield `U${i.toString(16).padStart(32, "0")}`;
    }
  }
  const report = await heraldFor().send(
    { text: "x" },
    { to: { platform: "line", recipients: audience() }, concurrency: 1 },
  );
  expect(report.counts.sent).toBe(2_345);
  const sizes = sim.requests.map((r) => (r.body as { to: string[] }).to.length);
  expect(sizes).toEqual([500, 500, 500, 500, 345]);
  // one batch in flight and the next one being filled: never the whole audience
  expect(readAhead).toBeLessThanOrEqual(2 * 500 + 1);
  expect(readAhead).toBeGreaterThan(500);
});
