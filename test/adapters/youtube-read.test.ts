import { describe, expect, it } from "vitest";
import {
  readYouTubeResponse,
  receivedBytes,
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
