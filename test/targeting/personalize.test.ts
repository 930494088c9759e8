import { describe, expect, it } from "vitest";
import type { Message } from "../../src/message/schema.js";
import { compileMessage, personalizeMessage } from "../../src/targeting/personalize.js";
import { fillTemplate, parseTemplate } from "../../src/targeting/template.js";
import { ValidationError } from "../../src/transport/errors.js";

const fill = (source: string, attributes?: Record<string, unknown>) =>
  fillTemplate(parseTemplate(source, "text"), attributes);

describe("templates", () => {
  it("fills variables, nested paths and fallbacks", () => {
    expect(fill("Hi {{firstName}}!", { firstName: "Ada" })).toEqual({ ok: true, text: "Hi Ada!" });
    expect(
      fill("{{ address.city }}/{{children.1}}", {
        address: { city: "Oslo" },
        children: ["a", "b"],
      }),
    ).toEqual({
      ok: true,
      text: "Oslo/b",
    });
    expect(fill('Hi {{ firstName | "there" }}', {})).toEqual({ ok: true, text: "Hi there" });
    expect(fill('Hi {{ firstName|"there" }}', { firstName: "  " })).toEqual({
      ok: true,
      text: "Hi there",
    });
    expect(fill('{{ n | "" }}|{{ seats }}|{{ vip }}', { seats: 3, vip: false })).toEqual({
      ok: true,
      text: "|3|false",
    });
  });

  it("reads fallbacks as JSON strings", () => {
    expect(fill('{{ a | "say \\"hi\\" \\\\ \\u00e9" }}')).toEqual({
      ok: true,
      text: 'say "hi" \\ é',
    });
    expect(() => parseTemplate('{{ a | "\\x" }}', "text")).toThrow(/not a JSON string/);
  });

  it("names a variable without a value or fallback", () => {
    expect(fill("Hi {{firstName}}", { lastName: "L" })).toEqual({
      ok: false,
      variable: "firstName",
      problem: "has no value and no fallback",
    });
    expect(fill("{{tags}}", { tags: ["a"] })).toMatchObject({
      ok: false,
      problem: "is an array, not text",
    });
  });

  it("keeps \\{{ as a literal {{, and lone braces as they are", () => {
    expect(fill("\\{{firstName}} {x} }} {", {})).toEqual({
      ok: true,
      text: "{{firstName}} {x} }} {",
    });
  });

  it.each([
    ["{{ first name }}", /at position 0 is not a variable/],
    ["Hi {{}}", /at position 3 is not a variable/],
    ["Hi {{firstName", /not closed with }}/],
    ["{{ a | there }}", /not a variable/],
    ["{{ 1a }}", /not a variable/],
  ])("refuses %s", (source, rule) => {
    expect(() => parseTemplate(source, "media[1].alt")).toThrow(rule);
    expect(() => parseTemplate(source, "media[1].alt")).toThrow(
      expect.objectContaining({ field: "media[1].alt" }),
    );
  });

  it("escapes values and fallbacks, not the literal parts", () => {
    const template = parseTemplate('*Hi* {{ name }}, {{ x | "a.b" }}', "text");
    expect(fillTemplate(template, { name: "Jean-Luc" }, (v) => v.replace(/[-.]/g, "\\$&"))).toEqual(
      {
        ok: true,
        text: "*Hi* Jean\\-Luc, a\\.b",
      },
    );
  });
});

describe("messages", () => {
  const message: Message = {
    text: "Hi {{firstName}}",
    media: [
      { url: "https://cdn.example/a.jpg", alt: 'For {{ firstName | "you" }}' },
      { url: "https://cdn.example/b.jpg", alt: "Logo \\{{x}}" },
    ],
  };

  it("compiles fields without variables once, and keeps templates of the others", () => {
    const compiled = compileMessage(message);
    expect(compiled.message.media?.[1]?.alt).toBe("Logo {{x}}");
    expect(compiled.templates?.variables.map((v) => v.name)).toEqual(["firstName", "firstName"]);
    expect(compileMessage({ text: "Plain \\{{" })).toEqual({ message: { text: "Plain {{" } });
  });

  it("personalizes the text and alt texts; equal results share a key", () => {
    const { message: base, templates } = compileMessage(message);
    const a = personalizeMessage(base, templates!, { firstName: "Ada" });
    const b = personalizeMessage(base, templates!, { firstName: "Ada", other: 1 });
    const c = personalizeMessage(base, templates!, { firstName: "Bob" });
    expect(a).toMatchObject({
      ok: true,
      message: { text: "Hi Ada", media: [{ alt: "For Ada" }, { alt: "Logo {{x}}" }] },
    });
    expect(a.ok && b.ok && a.key === b.key).toBe(true);
    expect(a.ok && c.ok && a.key !== c.key).toBe(true);
  });

  it("refuses a recipient missing a variable, naming it", () => {
    const { message: base, templates } = compileMessage(message);
    const result = personalizeMessage(base, templates!, {}, { platform: "line" });
    expect(result.ok).toBe(false);
    const error = (result as { error: ValidationError }).error;
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.field).toBe("attributes.firstName");
    expect(error.platform).toBe("line");
    expect(error.message).toMatch(/\{\{firstName\}\} in text has no value and no fallback/);
  });

  it("escapes only the text", () => {
    const { message: base, templates } = compileMessage(message);
    const result = personalizeMessage(
      base,
      templates!,
      { firstName: "A.B" },
      { escapeText: (v) => v.replace(".", "\\.") },
    );
    expect(result).toMatchObject({
      ok: true,
      message: { text: "Hi A\\.B", media: [{ alt: "For A.B" }, { alt: "Logo {{x}}" }] },
    });
  });
});
