// examples/custom-adapter.ts (the ntfy adapter docs/adapters.md shows) run against a local ntfy
// played by msw, with answers shaped as https://docs.ntfy.sh/publish/ documents them.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ntfy, publish } from "../../examples/custom-adapter.js";
import { createHerald, facetsOf, ValidationError } from "../../src/index.js";

const BASE = "https://ntfy.example";
const TOKEN = "tk_examplesecret0123456789abcd";
const seen: { path: string; text: string; auth: string | null }[] = [];
const server = setupServer(
  http.post(`${BASE}/:topic`, async ({ request, params }) => {
    const text = await request.text();
    seen.push({ path: `/${params.topic}`, text, auth: request.headers.get("authorization") });
    if (params.topic === "private") {
      return HttpResponse.json({ code: 40301, http: 403, error: "forbidden" }, { status: 403 });
    }
    // https://docs.ntfy.sh/publish/ (JSON response of a publish)
    return HttpResponse.json({
      id: `msg${seen.length}`,
      time: 1_765_000_000,
      event: "message",
      topic: params.topic,
      message: text,
    });
  }),
);
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => {
  seen.length = 0;
});
afterAll(() => server.close());

describe("examples/custom-adapter.ts (ntfy)", () => {
  it("publishes the text to the topic and reports ntfy's message id", async () => {
    const report = await publish("alerts", "Disk at 91%", ntfy({ token: TOKEN, baseUrl: BASE }));
    expect(report.targets[0]).toMatchObject({ status: "sent", ids: ["msg1"] });
    expect(seen).toEqual([{ path: "/alerts", text: "Disk at 91%", auth: `Bearer ${TOKEN}` }]);
  });

  it("reads a 403 as an auth failure, the token redacted from the report", async () => {
    const report = await publish("private", "x", ntfy({ token: TOKEN, baseUrl: BASE }));
    expect(report.targets[0]?.status).toBe("failed");
    expect(report.targets[0]?.error?.code).toBe("auth");
    expect(JSON.stringify(report)).not.toContain(TOKEN);
  });

  it("refuses an empty or oversized text before any request; preview shows the length", () => {
    const herald = createHerald({ adapters: [ntfy({ baseUrl: BASE })] });
    expect(() => herald.preview({ text: "é".repeat(2_049) }, { to: "ntfy:alerts" })).toThrow(
      ValidationError,
    );
    const preview = herald.preview({ text: "héllo" }, { to: "ntfy:alerts" });
    expect(preview.targets[0]?.lengths).toEqual([
      { field: "text", length: 6, max: 4_096, unit: "UTF-8 bytes" },
    ]);
    expect(facetsOf(ntfy())).toEqual([]);
    expect(seen).toEqual([]);
  });

  it("stays under 80 lines", () => {
    const source = readFileSync(
      resolve(import.meta.dirname, "../../examples/custom-adapter.ts"),
      "utf8",
    );
    expect(source.trimEnd().split("\n").length).toBeLessThan(80);
  });
});
