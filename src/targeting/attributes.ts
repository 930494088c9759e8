/** A recipient's attributes, as `{ id, attributes }` carries them. */
export type Attributes = Readonly<Record<string, unknown>>;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null;

/**
 * Reads an attribute by name, or by a dotted path into nested objects and arrays
 * (`address.city`, `children.0.name`). A key holding the dots itself (`"address.city"`) wins
 * over the path. `undefined` when any step is missing.
 */
export function readAttribute(attributes: Attributes | undefined, path: string): unknown {
  if (attributes === undefined) return undefined;
  if (Object.hasOwn(attributes, path)) return attributes[path];
  let current: unknown = attributes;
  for (const step of path.split(".")) {
    if (!isRecord(current) || !Object.hasOwn(current, step)) return undefined;
    current = current[step];
  }
  return current;
}
