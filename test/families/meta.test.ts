// The Meta family on its own: what the next Meta adapters (Instagram, Messenger, WhatsApp) take
// from it beyond what Facebook's tests already cover.
import { describe, expect, it } from "vitest";
import { graphRateLimitCodes, readGraphFailure } from "../../src/families/meta/errors.js";
import { graphRoot, isGraphVersion } from "../../src/families/meta/graph.js";
import { facebookLogin } from "../../src/families/meta/oauth.js";
import { AuthError, PlatformError } from "../../src/transport/errors.js";

const graphError = (code: number) => ({ error: { message: `(#${code}) limit`, code } });

describe("meta family: rate-limit codes", () => {
  it("adds to the platform codes only the Business Use Cases an adapter names", () => {
    expect([...graphRateLimitCodes("pages")].sort((a, b) => a - b)).toEqual([
      4, 17, 32, 613, 80001,
    ]);
    const messaging = graphRateLimitCodes("instagram", "messenger", "whatsappBusinessManagement");
    expect([80002, 80006, 80008].every((code) => messaging.has(code))).toBe(true);
    expect(messaging.has(80001)).toBe(false);
  });

  it("reads a Business Use Case code as a rate limit only for the adapter naming it", () => {
    const instagram = graphRateLimitCodes("instagram");
    expect(readGraphFailure(400, graphError(80002), instagram).failure?.kind).toBe("rate-limit");
    expect(
      readGraphFailure(400, graphError(80002), graphRateLimitCodes("pages")).failure,
    ).toMatchObject({ kind: "platform", code: 80002, retryable: false });
  });
});

describe("meta family: Graph root", () => {
  it("joins host and version, dropping trailing slashes, and knows a version when it sees one", () => {
    expect(graphRoot()).toBe("https://graph.facebook.com/v23.0");
    expect(graphRoot("http://127.0.0.1:9/", "v20.0")).toBe("http://127.0.0.1:9/v20.0");
    expect(graphRoot(`http://h${"/".repeat(100_000)}`, "v1.0")).toBe("http://h/v1.0");
    expect(isGraphVersion("v23.0")).toBe(true);
    expect(isGraphVersion("23.0")).toBe(false);
  });
});

describe("meta family: Facebook Login for another platform", () => {
  const answer = (status: number, body: unknown) => async () =>
    new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

  it("names the platform it serves in the provider and in every error", async () => {
    const login = facebookLogin("instagram");
    expect(login.provider().platform).toBe("instagram");
    const rejected = login.fetchPageTokens("EAAUser", { fetch: answer(400, graphError(190)) });
    await expect(rejected).rejects.toThrow(AuthError);
    await expect(rejected).rejects.toMatchObject({ platform: "instagram" });
    const refused = login.fetchPageTokens("EAAUser", { fetch: answer(400, graphError(10)) });
    await expect(refused).rejects.toThrow(PlatformError);
    await expect(refused).rejects.toMatchObject({ platform: "instagram", platformCode: 10 });
  });
});
