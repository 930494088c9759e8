// Input from JavaScript callers and untyped values (JSON, an unset environment variable): every
// one of them is a ValidationError naming the field, never a TypeError, and nothing is sent.
import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createHerald, type HeraldOptions, ValidationError } from "../../src/index.js";
import { ECHO_BASE_URL, echo } from "../helpers/echo-adapter.js";

const TOKEN = "echo-secret-token-untyped";
let requests = 0;
const server = setupServer(
  http.post(`${ECHO_BASE_URL}/post`, () => {
    requests++;
    return HttpResponse.json({ id: `m${requests}` });
  }),
);
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => {
  requests = 0;
});
afterAll(() => server.close());

const client = () => createHerald({ adapters: [echo({ token: TOKEN })] });
/** Calls through an untyped reference, as JavaScript (or JSON input) would. */
const untyped = (value: unknown) => value as never;

async function fieldOf(attempt: () => PromiseLike<unknown>): Promise<string> {
  try {
    await attempt();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).field;
  }
  throw new Error("expected a ValidationError");
}

function fieldOfSync(attempt: () => unknown): string {
  try {
    attempt();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).field;
  }
  throw new Error("expected a ValidationError");
}

describe("send with untyped input", () => {
  const cases: Array<[string, () => PromiseLike<unknown>, string]> = [
    ["no options", () => client().send({ text: "x" }, untyped(undefined)), "options"],
    ["null options", () => client().send({ text: "x" }, untyped(null)), "options"],
    ["to: null", () => client().send({ text: "x" }, { to: untyped(null) }), "to"],
    ["to missing", () => client().send({ text: "x" }, untyped({})), "to"],
    ["to: [null]", () => client().send({ text: "x" }, { to: [untyped(null)] }), "to[0]"],
    ["to: [ok, 42]", () => client().send({ text: "x" }, { to: ["echo:a", untyped(42)] }), "to[1]"],
    [
      "signal: a string",
      () => client().send({ text: "x" }, { to: "echo:a", signal: untyped("abort") }),
      "signal",
    ],
    [
      "dedupe: a string",
      () => client().send({ text: "x" }, { to: "echo:a", dedupe: untyped("yes") }),
      "dedupe",
    ],
    [
      "dedupe window 0",
      () => client().send({ text: "x" }, { to: "echo:a", dedupe: { window: 0 } }),
      "dedupe",
    ],
    ["message null", () => client().send(untyped(null), { to: "echo:a" }), "message"],
  ];
  it.each(cases)("%s is a ValidationError naming the field", async (_name, attempt, field) => {
    expect(await fieldOf(attempt)).toBe(field);
    expect(requests).toBe(0);
  });

  it("a recipients iterable whose [Symbol.iterator] throws fails its target, naming it", async () => {
    const hostile = {
      [Symbol.iterator]() {
        throw new Error("no cursor");
      },
    };
    const report = await client().send(
      { text: "x" },
      { to: ["echo:room", { platform: "echo", recipients: untyped(hostile) }] },
    );
    const target = report.targets[1]!;
    expect(target.status).toBe("failed");
    expect(target.error).toBeInstanceOf(ValidationError);
    expect((target.error as ValidationError).field).toBe("to[1].recipients");
    expect(target.error!.message).toContain("no cursor");
    expect(report.targets[0]!.status).toBe("sent"); // the other target is not held back
  });

  it("preview checks the same way", () => {
    expect(fieldOfSync(() => client().preview({ text: "x" }, untyped(null)))).toBe("options");
    expect(fieldOfSync(() => client().preview({ text: "x" }, { to: [untyped(null)] }))).toBe(
      "to[0]",
    );
  });
});

describe("resume of no delivery", () => {
  it.each([
    ["undefined", undefined],
    ["an empty string", ""],
    ["a number", 42],
  ])("resume(%s) is a ValidationError on deliveryId and sends nothing", async (_n, id) => {
    const herald = client();
    expect(
      await fieldOf(() => herald.resume(untyped(id), { text: "x" }, { to: "echo:room" })),
    ).toBe("deliveryId");
    expect(requests).toBe(0);
  });
});

describe("createHerald and webhooks with untyped input", () => {
  it.each<[string, unknown, string]>([
    ["no options", undefined, "options"],
    ["{}", {}, "adapters"],
    ["adapters: null", { adapters: null }, "adapters"],
    ["adapters: [null]", { adapters: [null] }, "adapters[0]"],
    ["a factory, not an adapter", { adapters: [echo] }, "adapters[0]"],
    [
      "an object without render",
      { adapters: [{ ...echo({ token: TOKEN }), render: 1 }] },
      "adapters[0].render",
    ],
  ])("createHerald(%s) is a ValidationError naming the field", (_name, options, field) => {
    expect(fieldOfSync(() => createHerald(options as HeraldOptions))).toBe(field);
  });

  it("webhooks.on with a handler that is not a function is refused at once", () => {
    const herald = client();
    expect(fieldOfSync(() => herald.webhooks.on("message", untyped(42)))).toBe("handler");
    expect(fieldOfSync(() => herald.webhooks.once("message", untyped(null)))).toBe("handler");
    expect(fieldOfSync(() => herald.webhooks.on(untyped(7), () => {}))).toBe("name");
  });
});
