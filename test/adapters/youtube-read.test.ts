import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  readYouTubeResponse,
  receivedBytes,
  startYouTubeAuthorization,
  tagsLength,
} from "../../src/adapters/youtube/index.js";
import type { Operation } from "../../src/index.js";

const op = (step: string, quota?: Record<string, number>): Omit<Operation, "poll"> => ({
  step,
  route: "upload",
  method: "PUT",
  path: "/upload/youtube/v3/videos",
  idempotency: "none",
  ...(quota ? { quota } : {}),
});
const googleError = (status: number, reason: string) => ({
  status,
  headers: new Headers(),
  body: { error: { code: status, message: reason, errors: [{ reason, domain: "youtube.quota" }] } },
});

describe("readYouTubeResponse", () => {
  it("reads the session URI's upload_id and a 308's Range", () => {
    const location =
      "https://www.googleapis.com/upload/youtube/v3/videos?uploadType=resumable&upload_id=xa298sd_f";
    expect(
      readYouTubeResponse(op("session"), {
        status: 200,
        headers: new Headers({ location }),
        body: undefined,
      }),
    ).toEqual({ ok: true, values: { uploadId: "xa298sd_f" } });
    expect(
      readYouTubeResponse(op("upload"), {
        status: 308,
        headers: new Headers({ range: "bytes=0-524287" }),
        body: undefined,
      }),
    ).toEqual({ ok: true, pending: true, received: 524_288 });
    expect(receivedBytes(new Headers())).toBe(0); // no Range: nothing arrived yet
  });

  it("names the bucket a quotaExceeded empties: the one the request draws on", () => {
    expect(
      readYouTubeResponse(op("session", { "videos.insert": 1 }), googleError(403, "quotaExceeded"))
        .quotaExhausted,
    ).toBe("videos.insert");
    const comment = readYouTubeResponse(
      op("comment", { units: 50 }),
      googleError(403, "quotaExceeded"),
    );
    expect(comment).toMatchObject({
      ok: false,
      quotaExhausted: "units",
      failure: { kind: "rate-limit", code: "quotaExceeded" },
    });
    expect(
      readYouTubeResponse(op("comment"), googleError(403, "uploadLimitExceeded")).failure,
    ).toMatchObject({ kind: "rate-limit", retryable: false });
    expect(readYouTubeResponse(op("comment"), googleError(401, "authError")).failure?.kind).toBe(
      "auth",
    );
    expect(readYouTubeResponse(op("comment"), googleError(503, "backendError")).failure?.kind).toBe(
      "transient",
    );
  });

  it("counts tags as YouTube does: commas, and quotes around a tag with a space", () => {
    expect(tagsLength(["sale", "black friday"])).toBe(4 + 1 + 12 + 2);
    expect(tagsLength([])).toBe(0);
  });
});

describe("startYouTubeAuthorization", () => {
  it("asks Google for offline access with consent, a state and an S256 challenge of the verifier", async () => {
    const client = { clientId: "yt-app", redirectUri: "https://shop.example/oauth/youtube" };
    const start = await startYouTubeAuthorization(client);
    const url = new URL(start.url);
    expect(url.origin + url.pathname).toBe("https://accounts.google.com/o/oauth2/v2/auth");
    const params = Object.fromEntries(url.searchParams);
    expect(params).toMatchObject({
      response_type: "code",
      client_id: "yt-app",
      redirect_uri: client.redirectUri,
      state: start.state,
      access_type: "offline",
      prompt: "consent",
      code_challenge_method: "S256",
    });
    expect(params.scope?.split(" ")).toContain("https://www.googleapis.com/auth/youtube.upload");
    // RFC 7636 §4.2: BASE64URL(SHA256(verifier)), computed here, not by the code under test
    const challenge = createHash("sha256").update(start.codeVerifier).digest("base64url");
    expect(params.code_challenge).toBe(challenge);
    const again = await startYouTubeAuthorization(client);
    expect(again.state).not.toBe(start.state);
    expect(again.codeVerifier).not.toBe(start.codeVerifier);
  });
});
