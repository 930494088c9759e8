import type {
  Destination,
  DestinationKind,
  PlatformAdapter,
  RenderContext,
  Rendering,
} from "../adapters/contract.js";
import type { Message } from "../message/schema.js";
import { ValidationError } from "../transport/errors.js";
import { type MessageTemplates, sampleMessage } from "./personalize.js";

/**
 * A one-character value: no recipient's value is shorter (blank values count as missing), so
 * a message that fails with it fails for every recipient.
 */
const SHORTEST_VALUE = "x";

/**
 * Renders a target before sending, for the checks and `preview`. Without variables: the
 * message as it is. With variables: only `recipients` targets take them (a channel or a feed
 * has no attributes); the message is checked with the shortest values a recipient can have, so
 * that what every recipient would fail on fails now, and the rendering shown is the one with
 * `{{name}}` placeholders (each recipient's text is measured again when it is sent).
 *
 * @param field the target's path (`to[1]`).
 * @throws ValidationError for variables in a message to anything but recipients, or whatever
 *   the adapter refuses.
 */
export function renderForPlan(
  adapter: PlatformAdapter,
  kind: DestinationKind,
  message: Message,
  templates: MessageTemplates | undefined,
  destination: Destination,
  context: RenderContext,
  field: string,
): Rendering {
  if (templates === undefined) return adapter.render(message, destination, context);
  if (kind !== "recipients") {
    const name = templates.variables[0]?.name ?? "";
    throw new ValidationError(
      field,
      `{{${name}}} needs a recipient's attributes; a ${kind} has none`,
      {
        platform: adapter.platform,
        hint: "send personalized messages to `recipients` with attributes, or write the text without variables",
      },
    );
  }
  const checked = adapter.render(
    sampleMessage(message, templates, () => SHORTEST_VALUE),
    destination,
    context,
  );
  try {
    return adapter.render(
      sampleMessage(message, templates, (variable) => `{{${variable.name}}}`),
      destination,
      context,
    );
  } catch (error) {
    // the placeholders are longer than the shortest values: show the rendering that passed
    if (error instanceof ValidationError) return checked;
    throw error;
  }
}
