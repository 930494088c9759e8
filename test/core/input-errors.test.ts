// Issue 18, item 4: bad input gets Herald's own errors, naming the field, what was expected and
// what kind of value came (never its content), and a bad recipient fails alone.
import { describe, expect, it } from "vitest";
import { type SendOptions, ValidationError } from "../../src/index.js";
import { heraldFor } from "../integration/helpers.js";
import { useSimulator } from "../targeting/simulated.js";

const sim = useSimulator();
const herald = heraldFor();
const lineId = (i: number) => `U${i.toString(16).padStart(32, "0")}`;

/** The ValidationError `send` rejects with; `preview` throws the same, and nothing is sent. */
async function refusal(message: unknown, options: unknown): Promise<ValidationError> {
  const send = herald.send.bind(herald) as unknown as (m: unknown, o: unknown) => Promise<unknown>;
  const error = await send(message, options).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ValidationError);
  expect(sim.requests).toHaveLength(0);
  return error as ValidationError;
}

describe("wrong types name what was expected and what came", () => {
  it("a number as a chat", async () => {
    const error = await refusal({ text: "hi" }, { to: { platform: "telegram", chat: 5 } });
    expect(error.field).toBe("to[0].chat");
    expect(error.message).toContain("expected a string, got a number");
  });

  it("a number as the message, and as its text", async () => {
    expect((await refusal(5, { to: "telegram:@shop" })).message).toContain(
      "expected an object, got a number",
    );
    const text = await refusal({ text: 5 }, { to: "telegram:@shop" });
    expect(text.field).toBe("text");
    expect(text.message).toContain("expected a string, got a number");
  });

  it("never repeats the value itself", async () => {
    const error = await refusal({ text: { secret: "hunter2" } }, { to: "telegram:@shop" });
    expect(error.message).toContain("got an object");
    expect(JSON.stringify(error)).not.toContain("hunter2");
  });

  it("no message of zod's bare 'Invalid input' is left", async () => {
    const cases: Array<[unknown, unknown]> = [
      [{ text: "hi" }, { to: { platform: "telegram", chat: [] } }],
      [{ text: "hi", media: "a.png" }, { to: "telegram:@shop" }],
      [{ text: "hi", media: [{ url: 3 }] }, { to: "telegram:@shop" }],
      [{ text: "hi" }, { to: { platform: 7 } }],
    ];
    for (const [message, options] of cases) {
      const error = await refusal(message, options);
      expect(error.message, error.field).not.toMatch(/Invalid input/);
    }
  });
});

describe("recipients", () => {
  it("a numeric id fails alone, reported under its own value, with the fix", async () => {
    const options = { to: { platform: "line", recipients: [123, lineId(1)] } } as unknown;
    const report = await herald.send({ text: "hi" }, options as SendOptions);
    const [bad, good] = report.targets[0]?.recipients ?? [];
    expect(bad).toMatchObject({ recipient: "123", status: "failed" });
    expect(bad?.error?.message).toContain('got the number 123: pass it as "123"');
    expect(good).toMatchObject({ recipient: lineId(1), status: "sent" });
  });

  it("a LINE id not in LINE's form fails alone and never reaches LINE inside a multicast", async () => {
    const report = await herald.send(
      { text: "hi" },
      { to: { platform: "line", recipients: [lineId(1), "bob", lineId(2)] } },
    );
    const byId = new Map(report.targets[0]?.recipients?.map((r) => [r.recipient, r]));
    expect(byId.get("bob")).toMatchObject({ status: "failed", error: { field: "recipients[1]" } });
    expect(byId.get("bob")?.error?.message).toContain("a LINE user id");
    expect(byId.get(lineId(1))?.status).toBe("sent");
    expect(byId.get(lineId(2))?.status).toBe("sent");
    const multicast = sim.requests.filter((r) => r.operation === "multicast");
    expect(multicast.map((r) => (r.body as { to: string[] }).to)).toEqual([[lineId(1), lineId(2)]]);
  });

  it("a LINE chat not in LINE's form is refused before any request", async () => {
    const error = await refusal({ text: "hi" }, { to: "line:bob" });
    expect(error.message).toContain("a LINE user, group or room id");
    expect(() => herald.preview({ text: "hi" }, { to: "line:bob" })).toThrow(ValidationError);
  });
});

describe("LINE reply tokens", () => {
  it("a user id as replyTo is named as one, with the fix", async () => {
    const error = await refusal({ text: "hi", replyTo: lineId(7) }, { to: `line:${lineId(7)}` });
    expect(error.message).toContain("a LINE user, group or room id, not a reply token");
    expect(error.hint).toContain(`line:${lineId(7)}`);
  });

  it("a short replyTo says what a reply token is", async () => {
    const error = await refusal({ text: "hi", replyTo: "abc" }, { to: `line:${lineId(7)}` });
    expect(error.message).toContain("not a LINE reply token");
    expect(error.message).toContain("got 3 characters");
  });

  it("a webhook event's own token goes to LINE as it came, whatever its form", async () => {
    const to = { platform: "line", chat: lineId(7), reply: { token: "short-token" } };
    await herald.send({ text: "hi" }, { to });
    const reply = sim.requests.find((r) => r.operation === "reply");
    expect(reply?.body).toMatchObject({ replyToken: "short-token" });
  });
});
