// Facebook and LinkedIn over the simulator's real HTTP server (node:http, no msw): the Graph
// version in the path, and LinkedIn's upload URL on the simulator's own origin.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { facebook } from "../../src/adapters/facebook/index.js";
import { linkedin } from "../../src/adapters/linkedin/index.js";
import { createHerald } from "../../src/index.js";
import { createSimulator } from "../../src/testing/index.js";
import { type SimulatorServer, startSimulatorServer } from "../../src/testing/node.js";

const PAGE = "1000000001";
const ORG = "urn:li:organization:5515715";
const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const sim = createSimulator({
  facebook: { pages: [{ id: PAGE, accessToken: "EAAPage" }] },
  linkedin: {
    members: [{ accessToken: "AQVmember", personId: "abc", organizations: ["5515715"] }],
  },
});
let server: SimulatorServer;
beforeAll(async () => {
  server = await startSimulatorServer(sim);
});
afterAll(() => server.close());

describe("Facebook and LinkedIn over a real socket", () => {
  it("posts a photo to a Page and an image to LinkedIn, the upload PUT on the simulator's origin", async () => {
    const herald = createHerald({
      adapters: [
        facebook({ pageId: PAGE, pageAccessToken: "EAAPage", baseUrl: server.urls.facebook }),
        linkedin({ accessToken: "AQVmember", author: ORG, baseUrl: server.urls.linkedin }),
      ],
    });
    const message = { text: "Socket", media: [{ data: png, mimeType: "image/png" }] };
    const report = await herald.send(message, { to: ["facebook", "linkedin"] });
    expect(report.targets.map((t) => t.status)).toEqual(["sent", "sent"]);
    expect(sim.facebook.posts[0]).toMatchObject({ kind: "photo", version: "v23.0" });
    const upload = sim.requests.find((r) => r.operation === "uploadImage");
    expect(upload).toMatchObject({
      platform: "linkedin",
      method: "PUT",
      encoding: "binary",
      status: 201,
    });
    expect([...sim.linkedin.images.values()][0]?.size).toBe(png.length);
    for (const r of sim.requests) expect(r.schemaErrors).toEqual([]);
    await herald.close();
  });
});
