// One error code per kind of cause (docs/errors.md): an adapter whose own code throws is
// `adapter`, a checkpoint store that fails is `dependency_unavailable`, a platform's error answer
// is `platform`; never one code for the three.
import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  AdapterError,
  createHerald,
  DependencyUnavailableError,
  type HeraldOptions,
  memoryCheckpoints,
  type PlatformAdapter,
  PlatformError,
} from "../../src/index.js";
import { ECHO_BASE_URL, echo } from "../helpers/echo-adapter.js";

const TOKEN = "echo-secret-token-456";
let requests = 0;
let answer = () => HttpResponse.json({ id: `m${requests}` });
const server = setupServer(
  http.post(`${ECHO_BASE_URL}/*`, () => {
    requests += 1;
    return answer();
  }),
);
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => {
  requests = 0;
  answer = () => HttpResponse.json({ id: `m${requests}` });
});
afterAll(() => server.close());

const retry = { retries: 1, minDelayMs: 1, maxDelayMs: 2, maxWaitMs: 100 };
const client = (adapter: PlatformAdapter, extra: Partial<HeraldOptions> = {}) =>
  createHerald({ adapters: [adapter], retry, ...extra });

describe("error codes", () => {
  it("an adapter whose readResponse throws: code adapter, secrets redacted, the platform named", async () => {
    const base = echo({ token: TOKEN });
    const broken: PlatformAdapter = {
      ...base,
      readResponse: () => {
        throw new TypeError(`cannot read the answer with ${TOKEN}`);
      },
    };
    const report = await client(broken).send({ text: "hi" }, { to: "echo:room" });
    const error = report.targets[0]?.error;
    expect(report.targets[0]?.status).toBe("failed");
    expect(error).toBeInstanceOf(AdapterError);
    expect(error?.code).toBe("adapter");
    expect(error?.platform).toBe("echo");
    expect(error?.message).toContain("cannot read the answer");
    expect(error?.message).not.toContain(TOKEN);
  });

  it("an adapter whose render throws for a batch of recipients: code adapter", async () => {
    const base = echo({ token: TOKEN });
    const broken: PlatformAdapter = {
      ...base,
      render: (message, destination, context) => {
        if (destination.kind === "recipients" && destination.sample !== true) {
          throw new RangeError("index out of range");
        }
        return base.render(message, destination, context);
      },
    };
    const report = await client(broken).send(
      { text: "hi" },
      { to: { platform: "echo", recipients: ["u1", "u2"] } },
    );
    const failed = report.targets[0]?.recipients?.filter((r) => r.status === "failed") ?? [];
    expect(failed).toHaveLength(2);
    for (const recipient of failed) expect(recipient.error?.code).toBe("adapter");
    expect(requests).toBe(0);
  });

  it("a checkpoint store that fails: code dependency_unavailable, nothing sent", async () => {
    const store = memoryCheckpoints();
    const dead = {
      ...store,
      begin: () => Promise.reject(new Error("ECONNREFUSED 127.0.0.1:6379")),
    };
    const report = await client(echo({ token: TOKEN }), { checkpoints: dead }).send(
      { text: "hi" },
      { to: { platform: "echo", recipients: ["u1", "u2"] } },
    );
    const failed = report.targets[0]?.recipients?.find((r) => r.status === "failed");
    expect(failed?.error).toBeInstanceOf(DependencyUnavailableError);
    expect(failed?.error?.code).toBe("dependency_unavailable");
    expect(requests).toBe(0);
  });

  it("the platform's error answer stays platform", async () => {
    answer = () => HttpResponse.json({ error: "chat not found" }, { status: 400 });
    const report = await client(echo({ token: TOKEN })).send({ text: "hi" }, { to: "echo:room" });
    const error = report.targets[0]?.error;
    expect(error).toBeInstanceOf(PlatformError);
    expect(error?.code).toBe("platform");
  });
});
