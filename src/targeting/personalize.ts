import type { Message } from "../message/schema.js";
import { ValidationError } from "../transport/errors.js";
import type { Attributes } from "./attributes.js";
import {
  fillTemplate,
  parseTemplate,
  sampleTemplate,
  type Template,
  type TemplateVariable,
} from "./template.js";

/** The personalized fields of a message: its text and the media alt texts with variables. */
export interface MessageTemplates {
  /** The text's template, when the text has variables. */
  text?: Template;
  /** Alt-text templates by media index, for those with variables. */
  alts: ReadonlyMap<number, Template>;
  /** Every variable, in order of appearance (text first). */
  variables: readonly TemplateVariable[];
}

/** A message made for one recipient, and the key of its rendered fields for batching. */
export type Personalized =
  | { ok: true; message: Message; key: string }
  | { ok: false; error: ValidationError };

/**
 * Parses the variables of a message's text and media alt texts (see `parseTemplate`). Fields
 * without variables are resolved once (`\{{` becomes `{{`) into the returned message;
 * `templates` is set only when some field has a variable.
 *
 * @throws ValidationError for a malformed variable, naming the field (`text`, `media[0].alt`).
 */
export function compileMessage(message: Message): {
  message: Message;
  templates?: MessageTemplates;
} {
  const resolved: Message = { ...message };
  let text: Template | undefined;
  if (message.text !== undefined) {
    const template = parseTemplate(message.text, "text");
    if (template.variables.length > 0) text = template;
    else resolved.text = sampleTemplate(template, () => "");
  }
  const alts = new Map<number, Template>();
  if (message.media !== undefined) {
    resolved.media = message.media.map((item, i) => {
      if (item.alt === undefined) return item;
      const template = parseTemplate(item.alt, `media[${i}].alt`);
      if (template.variables.length > 0) alts.set(i, template);
      return template.variables.length > 0
        ? item
        : { ...item, alt: sampleTemplate(template, () => "") };
    });
  }
  const variables = [...(text?.variables ?? []), ...[...alts.values()].flatMap((t) => t.variables)];
  if (variables.length === 0) return { message: resolved };
  return { message: resolved, templates: { ...(text ? { text } : {}), alts, variables } };
}

function withFields(
  message: Message,
  text: string | undefined,
  alts: Map<number, string>,
): Message {
  return {
    ...message,
    ...(text !== undefined ? { text } : {}),
    ...(message.media !== undefined && alts.size > 0
      ? {
          media: message.media.map((item, i) => {
            const alt = alts.get(i);
            return alt === undefined ? item : { ...item, alt };
          }),
        }
      : {}),
  };
}

/**
 * Fills the message for one recipient. `escapeText` escapes values inserted into the text for
 * its markup (Telegram MarkdownV2 or HTML); alt texts are plain. A variable with no value and
 * no fallback gives a `ValidationError` whose field is `attributes.<name>`.
 */
export function personalizeMessage(
  message: Message,
  templates: MessageTemplates,
  attributes: Attributes | undefined,
  options: { escapeText?: (value: string) => string; platform?: string } = {},
): Personalized {
  const fail = (field: string, variable: string, problem: string): Personalized => ({
    ok: false,
    error: new ValidationError(`attributes.${variable}`, `{{${variable}}} in ${field} ${problem}`, {
      ...(options.platform !== undefined ? { platform: options.platform } : {}),
      hint: `give the recipient the attribute, or the variable a fallback: {{ ${variable} | "..." }}`,
    }),
  });
  let text: string | undefined;
  if (templates.text !== undefined) {
    const filled = fillTemplate(templates.text, attributes, options.escapeText);
    if (!filled.ok) return fail("text", filled.variable, filled.problem);
    text = filled.text;
  }
  const alts = new Map<number, string>();
  for (const [index, template] of templates.alts) {
    const filled = fillTemplate(template, attributes);
    if (!filled.ok) return fail(`media[${index}].alt`, filled.variable, filled.problem);
    alts.set(index, filled.text);
  }
  const key = [text ?? "", ...alts.values()].join("\u0000");
  return { ok: true, message: withFields(message, text, alts), key };
}

/** The message with every variable replaced by `value(variable)`, for checks and previews. */
export function sampleMessage(
  message: Message,
  templates: MessageTemplates,
  value: (variable: TemplateVariable) => string,
): Message {
  const alts = new Map<number, string>();
  for (const [index, template] of templates.alts) alts.set(index, sampleTemplate(template, value));
  const text = templates.text === undefined ? undefined : sampleTemplate(templates.text, value);
  return withFields(message, text, alts);
}
