/**
 * Generates TypeScript types of webhook payloads from the platforms' specs (used by
 * scripts/extract-specs.ts): Telegram's scraped type tables and OpenAPI 3.0/3.1 components.
 * Every generated type is prefixed (`Telegram`, `Line`, `Mastodon`) so none clashes with a
 * global (`Event`, `Source`). Discriminated OpenAPI bases become a union of their subtypes,
 * each narrowed to its discriminator value; their shared fields live in `<Base>Base`.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Schema = { [key: string]: Json };

const isObject = (value: unknown): value is Schema =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** A TSDoc comment of a description: first paragraph, one line, no comment terminator. */
function doc(description: unknown, indent: string): string {
  const text = Array.isArray(description) ? description.join(" ") : String(description ?? "");
  const line = text
    .split(/\n\s*\n/)[0]!
    .replace(/\s+/g, " ")
    .replace(/\*\//g, "*\\/")
    .trim();
  return line === "" ? "" : `${indent}/** ${line} */\n`;
}

const key = (name: string): string =>
  /^[A-Za-z_$][\w$]*$/.test(name) ? name : JSON.stringify(name);

/** Emits `export type` declarations in the order given, with a header comment. */
function module(header: string, declarations: string[]): string {
  return `${header}\n\n${declarations.join("\n\n")}\n`;
}

// ---------------------------------------------------------------------------------------------
// Telegram

interface TgField {
  name: string;
  types: string[];
  required: boolean;
  description: string;
}
interface TgEntry {
  description?: string[];
  fields?: TgField[];
  subtypes?: string[];
}

const TG_PRIMITIVES: Record<string, string> = {
  Integer: "number",
  Float: "number",
  String: "string",
  Boolean: "boolean",
  True: "true",
};
const TG_ARRAY = "Array of ";

/** `type`/`status` fields documented as 'always "emoji"' or "must be photo" carry a constant. */
function tgConstant(field: TgField): string | undefined {
  if (field.types.length !== 1 || field.types[0] !== "String") return undefined;
  const match = /(?:^|, )(?:must be|always) ["“]?([a-z_]+)["”]?$/.exec(field.description);
  return match?.[1];
}

/**
 * TypeScript types of the Telegram types reachable from `roots` (prefixed `Telegram`), and a
 * constant listing the optional field names of `kinds.type` (the update kinds of `Update`).
 */
export function telegramTypes(
  spec: { version: string; types: Record<string, TgEntry> },
  roots: string[],
  header: string,
  kinds: { type: string; name: string },
): string {
  const queue = [...roots];
  const seen = new Set<string>();
  const out: string[] = [];
  const ref = (type: string): string => {
    if (type.startsWith(TG_ARRAY)) {
      const inner = ref(type.slice(TG_ARRAY.length));
      return /[|&]/.test(inner) ? `Array<${inner}>` : `${inner}[]`;
    }
    const primitive = TG_PRIMITIVES[type];
    if (primitive) return primitive;
    if (!spec.types[type]) throw new Error(`unknown Telegram type ${type}`);
    queue.push(type);
    return `Telegram${type}`;
  };
  while (queue.length > 0) {
    const name = queue.shift()!;
    if (seen.has(name)) continue;
    seen.add(name);
    const entry = spec.types[name]!;
    const comment = doc(entry.description, "");
    if (entry.subtypes) {
      out.push(`${comment}export type Telegram${name} = ${entry.subtypes.map(ref).join(" | ")};`);
      continue;
    }
    if (!entry.fields || entry.fields.length === 0) {
      out.push(`${comment}export type Telegram${name} = Record<string, unknown>;`);
      continue;
    }
    const fields = entry.fields.map((field) => {
      const constant = tgConstant(field);
      const type =
        constant !== undefined
          ? JSON.stringify(constant)
          : [...new Set(field.types.map(ref))].join(" | ");
      return `${doc(field.description, "  ")}  ${key(field.name)}${field.required ? "" : "?"}: ${type};`;
    });
    out.push(`${comment}export interface Telegram${name} {\n${fields.join("\n")}\n}`);
  }
  const optional = (spec.types[kinds.type]?.fields ?? []).filter((f) => !f.required);
  out.push(
    `/** The optional fields of Telegram${kinds.type}, one of which each ${kinds.type} holds. */\nexport const ${kinds.name} = ${JSON.stringify(optional.map((f) => f.name))} as const;`,
  );
  return module(header, out);
}

// ---------------------------------------------------------------------------------------------
// OpenAPI 3.0 / 3.1 components

/**
 * TypeScript types of the components reachable from `roots`, prefixed with `prefix`; with
 * `values`, also a constant listing the discriminator values of one discriminated component.
 */
export function openApiTypes(
  components: Schema,
  roots: string[],
  prefix: string,
  header: string,
  values?: { component: string; name: string },
): string {
  const queue = [...roots];
  const seen = new Set<string>();
  const out: string[] = [];
  const componentName = (ref: string): string => {
    const head = "#/components/schemas/";
    if (!ref.startsWith(head)) throw new Error(`unsupported $ref ${ref}`);
    return ref.slice(head.length);
  };
  const discriminatorOf = (name: string): { prop: string; mapping: Schema } | undefined => {
    const d = components[name];
    const disc = isObject(d) ? d.discriminator : undefined;
    return isObject(disc) && isObject(disc.mapping)
      ? { prop: String(disc.propertyName), mapping: disc.mapping }
      : undefined;
  };
  /** The discriminator value a subtype is mapped from, and its base. */
  const discriminatorValue = (
    name: string,
  ): { base: string; prop: string; value: string } | undefined => {
    const schema = components[name];
    const parts = isObject(schema) && Array.isArray(schema.allOf) ? schema.allOf : [];
    for (const part of parts) {
      if (!isObject(part) || typeof part.$ref !== "string") continue;
      const base = componentName(part.$ref);
      const disc = discriminatorOf(base);
      if (!disc) continue;
      const value = Object.entries(disc.mapping).find(
        ([, target]) => componentName(String(target)) === name,
      );
      if (value) return { base, prop: disc.prop, value: value[0] };
    }
    return undefined;
  };
  const refName = (ref: string, asBase = false): string => {
    const name = componentName(ref);
    queue.push(name);
    return `${prefix}${name}${asBase && discriminatorOf(name) ? "Base" : ""}`;
  };

  const type = (schema: Json, indent: string): string => {
    if (!isObject(schema)) return "unknown";
    const nullable =
      schema.nullable === true || (Array.isArray(schema.type) && schema.type.includes("null"));
    const withNull = (t: string) => (nullable && t !== "unknown" ? `${t} | null` : t);
    if (typeof schema.$ref === "string") return withNull(refName(schema.$ref));
    if (Array.isArray(schema.enum)) return schema.enum.map((v) => JSON.stringify(v)).join(" | ");
    if (Array.isArray(schema.allOf)) {
      // a part with nothing in it (`type: object` alone) adds nothing to the intersection
      const parts = schema.allOf.filter(
        (part) =>
          !isObject(part) || Object.keys(part).some((k) => k !== "type" && k !== "description"),
      );
      if (parts.length === 0) return withNull("Record<string, unknown>");
      return withNull(
        parts
          .map((part) =>
            isObject(part) && typeof part.$ref === "string"
              ? refName(part.$ref, true)
              : type(part, indent),
          )
          .join(" & "),
      );
    }
    for (const list of ["oneOf", "anyOf"]) {
      if (Array.isArray(schema[list]))
        return (schema[list] as Json[]).map((s) => type(s, indent)).join(" | ");
    }
    const types = (Array.isArray(schema.type) ? schema.type : [schema.type]).filter(
      (t) => t !== "null",
    );
    const t = types[0];
    if (t === "string") return withNull("string");
    if (t === "integer" || t === "number") return withNull("number");
    if (t === "boolean") return withNull("boolean");
    if (t === "array") {
      const item = type(schema.items ?? {}, indent);
      return withNull(/[|&]/.test(item) ? `Array<${item}>` : `${item}[]`);
    }
    if (t === "object" || isObject(schema.properties)) {
      const properties = isObject(schema.properties) ? schema.properties : {};
      const required = new Set(Array.isArray(schema.required) ? schema.required.map(String) : []);
      const lines = Object.entries(properties).map(
        ([name, sub]) =>
          `${doc(isObject(sub) ? sub.description : undefined, `${indent}  `)}${indent}  ${key(name)}${required.has(name) ? "" : "?"}: ${type(sub, `${indent}  `)};`,
      );
      if (lines.length === 0) return withNull("Record<string, unknown>");
      return withNull(`{\n${lines.join("\n")}\n${indent}}`);
    }
    return "unknown";
  };

  while (queue.length > 0) {
    const name = queue.shift()!;
    if (seen.has(name)) continue;
    seen.add(name);
    const schema = components[name];
    if (!isObject(schema)) throw new Error(`missing component ${name}`);
    const comment = doc(schema.description, "");
    const disc = discriminatorOf(name);
    if (disc) {
      const { discriminator: _, ...base } = schema;
      out.push(
        `/** The fields every ${prefix}${name} shares. */\nexport type ${prefix}${name}Base = ${type(base, "")};`,
      );
      const variants = Object.values(disc.mapping).map((target) => refName(String(target)));
      out.push(`${comment}export type ${prefix}${name} = ${variants.join(" | ")};`);
      continue;
    }
    let body = type(schema, "");
    const narrowed = discriminatorValue(name);
    if (narrowed) body = `${body} & { ${key(narrowed.prop)}: ${JSON.stringify(narrowed.value)} }`;
    out.push(`${comment}export type ${prefix}${name} = ${body};`);
  }
  if (values) {
    const disc = discriminatorOf(values.component);
    if (!disc) throw new Error(`${values.component} has no discriminator`);
    out.push(
      `/** The \`${disc.prop}\` values of ${prefix}${values.component}. */\nexport const ${values.name} = ${JSON.stringify(Object.keys(disc.mapping))} as const;`,
    );
  }
  return module(header, out);
}
