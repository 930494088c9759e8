import { ValidationError } from "../transport/errors.js";
import { type Attributes, readAttribute } from "./attributes.js";

/** A `{{ name }}` or `{{ name | "fallback" }}` in a text. */
export interface TemplateVariable {
  /** The attribute name or dotted path (`firstName`, `address.city`). */
  name: string;
  /** Text used when the recipient has no value for it; none means the recipient is not sent. */
  fallback?: string;
}

/** A text split into literal parts and variables. */
export interface Template {
  /** Literal strings (with `\{{` already turned into `{{`) and variables, in order. */
  parts: ReadonlyArray<string | TemplateVariable>;
  /** The variables, in order of appearance. */
  variables: readonly TemplateVariable[];
}

/** The result of filling a template for one recipient. */
export type Filled = { ok: true; text: string } | { ok: false; variable: string; problem: string };

/** `{{`, a name or dotted path, an optional `| "JSON string"` fallback, `}}`; spaces allowed. */
const VARIABLE =
  /\{\{\s*([A-Za-z_$][\w$]*(?:\.(?:[A-Za-z_$][\w$]*|\d+))*)\s*(?:\|\s*("(?:[^"\\]|\\.)*")\s*)?\}\}/y;

const SYNTAX_HINT =
  'write {{ name }}, {{ name | "fallback" }} or {{ address.city }}; for a literal {{ write \\{{';

/**
 * Parses a text with personalization variables: `{{ firstName }}`, `{{ address.city }}`,
 * `{{ firstName | "there" }}` (the fallback is a JSON string literal). `\{{` stands for a
 * literal `{{`; any other `{{` that is not a variable is an error.
 *
 * @param field the field for errors (`text`, `media[0].alt`).
 * @throws ValidationError naming the position of a malformed variable.
 */
export function parseTemplate(source: string, field: string): Template {
  const parts: Array<string | TemplateVariable> = [];
  const variables: TemplateVariable[] = [];
  let literal = "";
  let i = 0;
  while (i < source.length) {
    if (source.startsWith("\\{{", i)) {
      literal += "{{";
      i += 3;
      continue;
    }
    if (!source.startsWith("{{", i)) {
      literal += source[i];
      i++;
      continue;
    }
    VARIABLE.lastIndex = i;
    const match = VARIABLE.exec(source);
    if (!match) {
      const excerpt = source.slice(i, i + 24);
      const rule = source.includes("}}", i)
        ? `"${excerpt}" at position ${i} is not a variable`
        : `"${excerpt}" at position ${i} is not closed with }}`;
      throw new ValidationError(field, rule, { hint: SYNTAX_HINT });
    }
    let fallback: string | undefined;
    if (match[2] !== undefined) {
      try {
        fallback = JSON.parse(match[2]) as string;
      } catch {
        throw new ValidationError(field, `the fallback ${match[2]} is not a JSON string`, {
          hint: 'escape only \\" \\\\ \\n \\uXXXX inside a fallback',
        });
      }
    }
    const variable: TemplateVariable = {
      name: match[1]!,
      ...(fallback !== undefined ? { fallback } : {}),
    };
    if (literal !== "") parts.push(literal);
    literal = "";
    parts.push(variable);
    variables.push(variable);
    i += match[0].length;
  }
  if (literal !== "") parts.push(literal);
  return { parts, variables };
}

/** A recipient's value as text; `undefined` when missing or blank, an error for an object. */
function textOf(value: unknown): string | undefined | { problem: string } {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "string") return value.trim() === "" ? undefined : value;
  if (typeof value === "number" || typeof value === "bigint" || typeof value === "boolean") {
    return String(value);
  }
  return { problem: `is ${Array.isArray(value) ? "an array" : "an object"}, not text` };
}

/**
 * Fills a template from a recipient's attributes. A missing or blank value takes the
 * variable's fallback; without one, the result names the variable instead of any text. Values
 * and fallbacks pass through `escapeValue` (the adapter's markup escaping), literal parts do not.
 */
export function fillTemplate(
  template: Template,
  attributes: Attributes | undefined,
  escapeValue: (value: string) => string = (value) => value,
): Filled {
  let text = "";
  for (const part of template.parts) {
    if (typeof part === "string") {
      text += part;
      continue;
    }
    const value = textOf(readAttribute(attributes, part.name));
    if (typeof value === "object")
      return { ok: false, variable: part.name, problem: value.problem };
    const chosen = value ?? part.fallback;
    if (chosen === undefined) {
      return { ok: false, variable: part.name, problem: "has no value and no fallback" };
    }
    text += escapeValue(chosen);
  }
  return { ok: true, text };
}

/** Fills every variable with `value(variable)`, unescaped (samples for checks and preview). */
export function sampleTemplate(
  template: Template,
  value: (variable: TemplateVariable) => string,
): string {
  return template.parts.map((part) => (typeof part === "string" ? part : value(part))).join("");
}
