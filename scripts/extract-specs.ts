/**
 * Extracts small, self-contained JSON Schemas (draft-07) of the request bodies Herald sends from
 * the official API specs in `../shared/specs` (see its README.md), and writes them as TypeScript
 * modules to `src/generated/schemas/` so that `src/testing/validate.ts` can ship them in the package.
 *
 * Run: `npx tsx scripts/extract-specs.ts`. The output is deterministic (object keys sorted).
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parse as parseYaml } from "yaml";
import { openApiTypes, TG_ARRAY, type TgField, telegramTypes, tgConstant } from "./spec-types.js";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Schema = { [key: string]: Json };

interface Operation {
  def: string;
  contentType: "application/json" | "multipart/form-data";
  jsonFields: string[];
}

interface Bundle {
  source: string;
  operations: Record<string, Operation>;
  schema: Schema;
}

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
// SPECS_DIR overrides the location (a git worktree is not beside ../shared)
const SPECS_DIR = process.env.SPECS_DIR ?? resolve(REPO_ROOT, "../shared/specs");
const OUT_DIR = join(REPO_ROOT, "src/generated/schemas");
const DEFS = "#/definitions/";

/** Accepts any non-empty value: an `attach://name` marker, a file id/URL, or a Blob/File. */
const BINARY: Schema = { not: { enum: [null, ""] } };

// ---------------------------------------------------------------------------------------------
// Generic helpers

function isObject(value: unknown): value is Schema {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Recursively sorts object keys so the output does not depend on the spec's key order. */
function sortKeys(value: Json): Json {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (!isObject(value)) return value;
  const out: Schema = {};
  for (const key of Object.keys(value).sort()) out[key] = sortKeys(value[key] as Json);
  return out;
}

function readJson(path: string): Json {
  return JSON.parse(readFileSync(join(SPECS_DIR, path), "utf8")) as Json;
}

/** Keywords kept from OpenAPI schemas; everything else (nullable, example, discriminator,
 * externalDocs, xml, description, format, default, ...) is dropped or translated. */
const SCHEMA_MAPS = new Set(["properties", "patternProperties"]);
const SCHEMA_LISTS = new Set(["allOf", "anyOf", "oneOf"]);
const SCHEMA_SINGLE = new Set(["items", "additionalProperties", "not", "propertyNames"]);
const PLAIN = new Set([
  "type",
  "enum",
  "const",
  "required",
  "minimum",
  "maximum",
  "multipleOf",
  "minLength",
  "maxLength",
  "pattern",
  "minItems",
  "maxItems",
  "uniqueItems",
  "minProperties",
  "maxProperties",
]);

/**
 * Converts an OpenAPI 3.0/3.1 schema object to draft-07. `mapRef` turns a component `$ref`
 * into a local one (and records the dependency).
 */
function convertOpenApi(schema: Json, mapRef: (ref: string) => string): Schema {
  if (!isObject(schema)) return schema === false ? { not: {} } : {};
  if (schema.format === "binary") return BINARY;
  const out: Schema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (PLAIN.has(key)) out[key] = value;
    else if (SCHEMA_SINGLE.has(key))
      out[key] = typeof value === "boolean" ? value : convertOpenApi(value, mapRef);
    else if (SCHEMA_LISTS.has(key) && Array.isArray(value))
      out[key] = value.map((item) => convertOpenApi(item, mapRef));
    else if (SCHEMA_MAPS.has(key) && isObject(value)) {
      const map: Schema = {};
      for (const [name, sub] of Object.entries(value)) map[name] = convertOpenApi(sub, mapRef);
      out[key] = map;
    } else if (key === "exclusiveMinimum" || key === "exclusiveMaximum") {
      // OpenAPI 3.0 (draft-04) uses booleans beside minimum/maximum; 3.1 uses numbers.
      const bound = key === "exclusiveMinimum" ? "minimum" : "maximum";
      if (typeof value === "number") out[key] = value;
      else if (value === true && typeof schema[bound] === "number") out[key] = schema[bound];
    }
  }
  if (out.exclusiveMinimum !== undefined && schema.exclusiveMinimum === true) delete out.minimum;
  if (out.exclusiveMaximum !== undefined && schema.exclusiveMaximum === true) delete out.maximum;
  if (schema.nullable === true) {
    if (typeof out.type === "string") {
      out.type = [out.type, "null"];
      if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
    } else if (typeof schema.$ref === "string") {
      return { anyOf: [{ $ref: mapRef(schema.$ref) }, { type: "null" }] };
    }
  }
  if (typeof schema.$ref === "string") {
    const ref = { $ref: mapRef(schema.$ref) };
    // draft-07 ignores keywords beside $ref: keep them through allOf.
    return Object.keys(out).length === 0 ? ref : { allOf: [ref, out] };
  }
  return out;
}

/** `{if: {<prop> is <value>}, then: <schema>}`: applies `schema` only to that variant. */
function whenConst(prop: string, value: string, schema: Schema): Schema {
  return {
    if: { properties: { [prop]: { const: value } }, required: [prop] },
    // biome-ignore lint/suspicious/noThenProperty: `then` is the JSON Schema keyword.
    then: schema,
  };
}

function componentName(ref: string): string {
  const prefix = "#/components/schemas/";
  if (!ref.startsWith(prefix)) throw new Error(`unsupported $ref ${ref}`);
  return ref.slice(prefix.length);
}

// ---------------------------------------------------------------------------------------------
// OpenAPI components with discriminators (LINE, Mastodon)

/**
 * Pulls the components reachable from `roots` into draft-07 `definitions`. A base schema with
 * `discriminator: {propertyName, mapping}` becomes a dispatcher (an enum of the mapped values
 * plus an if/then per value that applies the mapped subtype); its subtypes `allOf` a copy of the
 * base without the discriminator, named `<Base>Base`, so validation does not recurse forever.
 */
function extractComponents(components: Schema, roots: string[]): Schema {
  const defs: Schema = {};
  const queue = [...roots];
  const seen = new Set<string>();
  const baseOf = (name: string): string => `${name}Base`;
  const discriminated = (name: string): Schema | undefined => {
    const schema = components[name];
    const d = isObject(schema) ? schema.discriminator : undefined;
    return isObject(d) && isObject(d.mapping) ? d : undefined;
  };

  while (queue.length > 0) {
    const name = queue.shift() as string;
    if (seen.has(name)) continue;
    seen.add(name);
    const schema = components[name];
    if (!isObject(schema)) throw new Error(`missing component ${name}`);
    const refTo = (ref: string): string => {
      const target = componentName(ref);
      queue.push(target);
      return DEFS + target;
    };
    const disc = discriminated(name);
    if (disc) {
      const prop = String(disc.propertyName);
      const mapping = disc.mapping as Schema;
      const values = Object.keys(mapping);
      if (components[baseOf(name)] !== undefined) throw new Error(`${baseOf(name)} exists`);
      defs[baseOf(name)] = convertOpenApi(schema, refTo);
      defs[name] = {
        type: "object",
        // OpenAPI 3.0: the discriminator property must be present in the payload.
        required: [prop],
        properties: { [prop]: { type: "string", enum: values } },
        allOf: values.map((value) =>
          whenConst(prop, value, { $ref: refTo(String(mapping[value])) }),
        ),
      };
      continue;
    }
    // A subtype's allOf entry that points at a discriminated base uses the plain base copy.
    const converted = convertOpenApi(schema, refTo);
    if (Array.isArray(schema.allOf) && Array.isArray(converted.allOf)) {
      converted.allOf = converted.allOf.map((entry, i) => {
        const original = (schema.allOf as Json[])[i];
        if (isObject(original) && typeof original.$ref === "string") {
          const target = componentName(original.$ref);
          if (discriminated(target)) return { $ref: DEFS + baseOf(target) };
        }
        return entry;
      });
    }
    defs[name] = converted;
  }
  return defs;
}

// ---------------------------------------------------------------------------------------------
// Telegram (scraped method/type tables, not JSON Schema)

interface TgEntry {
  name: string;
  fields?: TgField[];
  subtypes?: string[];
}

const TG_PRIMITIVES: Record<string, string> = {
  Integer: "integer",
  Float: "number",
  String: "string",
  Boolean: "boolean",
};

function extractTelegram(): Bundle {
  // telegram/bot-api.json: PaulSonOfLars/telegram-bot-api-spec api.json (see specs/README.md).
  const spec = readJson("telegram/bot-api.json") as unknown as {
    version: string;
    methods: Record<string, TgEntry>;
    types: Record<string, TgEntry>;
  };
  const methods = [
    "sendMessage",
    "sendPhoto",
    "sendVideo",
    "sendMediaGroup",
    "getMe",
    "editMessageText",
    "editMessageCaption",
    "deleteMessage",
    "deleteMessages",
  ];
  const defs: Schema = {};
  const queue: string[] = [];

  const typeSchema = (type: string): Schema => {
    if (type.startsWith(TG_ARRAY)) return { type: "array", items: typeSchema(type.slice(9)) };
    const primitive = TG_PRIMITIVES[type];
    if (primitive) return { type: primitive };
    if (!spec.types[type]) throw new Error(`unknown Telegram type ${type}`);
    queue.push(type);
    return { $ref: DEFS + type };
  };

  /** The `type` constant of a type, when it has one (InputMediaPhoto -> "photo"). */
  const constantOf = (type: string): string | undefined => {
    const field = spec.types[type]?.fields?.find((f) => f.name === "type");
    return field ? tgConstant(field) : undefined;
  };

  const unionSchema = (types: string[]): Schema => {
    // "InputFile or String": the file may be an upload or a file_id/URL string.
    if (types.includes("InputFile")) return typeSchema("InputFile");
    if (types.length === 1) return typeSchema(types[0] as string);
    // "Array of A, B and C" is scraped as ["Array of A", "Array of B", ...]: one array of A|B|C.
    if (types.every((t) => t.startsWith(TG_ARRAY)))
      return { type: "array", items: unionSchema(types.map((t) => t.slice(9))) };
    if (types.every((t) => TG_PRIMITIVES[t])) {
      const names = [...new Set(types.map((t) => TG_PRIMITIVES[t] as string))];
      return { type: names.includes("number") ? names.filter((n) => n !== "integer") : names };
    }
    const constants = types.map(constantOf);
    if (constants.every((c): c is string => c !== undefined) && new Set(constants).size > 1) {
      // Subtypes told apart by their `type` constant: dispatch on it for readable errors.
      return {
        type: "object",
        required: ["type"],
        properties: { type: { type: "string", enum: constants } },
        allOf: types.map((t, i) => whenConst("type", constants[i] as string, typeSchema(t))),
      };
    }
    return { anyOf: types.map(typeSchema) };
  };

  const fieldSchema = (field: TgField): Schema => {
    const schema = unionSchema(field.types);
    const constant = tgConstant(field);
    if (constant !== undefined) schema.const = constant;
    // "A JSON-serialized array describing messages to be sent, must include 2-10 items"
    // (https://core.telegram.org/bots/api#sendmediagroup).
    const items = /must include (\d+)-(\d+) items/.exec(field.description);
    if (items && schema.type === "array") {
      schema.minItems = Number(items[1]);
      schema.maxItems = Number(items[2]);
    }
    return schema;
  };

  const objectSchema = (fields: TgField[]): Schema => {
    const properties: Schema = {};
    for (const field of fields) properties[field.name] = fieldSchema(field);
    const required = fields.filter((f) => f.required).map((f) => f.name);
    return { type: "object", properties, ...(required.length > 0 ? { required } : {}) };
  };

  const operations: Record<string, Operation> = {};
  for (const name of methods) {
    const method = spec.methods[name];
    if (!method) throw new Error(`unknown Telegram method ${name}`);
    const fields = method.fields ?? [];
    defs[name] = { ...objectSchema(fields), additionalProperties: false };
    const jsonFields = fields
      .filter((f) => f.types.some((t) => !TG_PRIMITIVES[t] && t !== "InputFile"))
      .map((f) => f.name);
    // The Bot API takes JSON, urlencoded or multipart bodies alike
    // (https://core.telegram.org/bots/api#making-requests): JSON unless the caller says "form".
    operations[name] = { def: name, contentType: "application/json", jsonFields };
  }

  // "Documents and audio files can be only grouped in an album with messages of the same type."
  // (https://core.telegram.org/bots/api#sendmediagroup); photos, live photos and videos mix.
  const group = defs.sendMediaGroup as Schema;
  const media = (group.properties as Schema).media as Schema;
  media.allOf = ["audio", "document"].map((only) => ({
    if: { contains: { properties: { type: { const: only } }, required: ["type"] } },
    // biome-ignore lint/suspicious/noThenProperty: `then` is the JSON Schema keyword.
    then: { items: { properties: { type: { const: only } } } },
  }));

  const seen = new Set<string>();
  while (queue.length > 0) {
    const name = queue.shift() as string;
    if (seen.has(name)) continue;
    seen.add(name);
    const entry = spec.types[name] as TgEntry;
    if (name === "InputFile") defs[name] = BINARY;
    else if (entry.subtypes) defs[name] = unionSchema(entry.subtypes);
    else if (entry.fields) defs[name] = objectSchema(entry.fields);
    else defs[name] = { type: "object" }; // placeholders such as CallbackGame
  }

  return {
    source: `telegram/bot-api.json (${spec.version})`,
    operations,
    schema: { $schema: "http://json-schema.org/draft-07/schema#", definitions: defs },
  };
}

// ---------------------------------------------------------------------------------------------
// LINE (OpenAPI 3.0)

function extractLine(): Bundle {
  const text = readFileSync(join(SPECS_DIR, "line/messaging-api.yml"), "utf8");
  const spec = parseYaml(text) as { info: { version: string }; components: { schemas: Schema } };
  const roots: Record<string, string> = {
    push: "PushMessageRequest",
    multicast: "MulticastRequest",
    broadcast: "BroadcastRequest",
    narrowcast: "NarrowcastRequest",
    reply: "ReplyMessageRequest",
  };
  const defs = extractComponents(spec.components.schemas, Object.values(roots));
  const operations: Record<string, Operation> = {};
  for (const [op, def] of Object.entries(roots))
    operations[op] = { def, contentType: "application/json", jsonFields: [] };
  return {
    source: `line/messaging-api.yml (${spec.info.version})`,
    operations,
    schema: { $schema: "http://json-schema.org/draft-07/schema#", definitions: defs },
  };
}

// ---------------------------------------------------------------------------------------------
// Mastodon (OpenAPI 3.1)

/**
 * createStatus is `oneOf: [TextStatus, MediaStatus, PollStatus]`, each `allOf: [BaseStatus,
 * {properties, required}]`. As written, a status with text AND media matches two variants and
 * fails `oneOf`, though the docs allow it (https://docs.joinmastodon.org/methods/statuses/#create).
 * So: one object with the base, the union of the variants' properties, and `anyOf` of their
 * `required` lists (which also keeps errors about a shared field from repeating per variant).
 */
function flattenVariants(
  body: Schema,
  components: Schema,
  mapRef: (ref: string) => string,
): Schema {
  const variants = (body.oneOf ?? body.anyOf) as Json[] | undefined;
  if (!Array.isArray(variants)) throw new Error("createStatus: expected oneOf variants");
  let base: string | undefined;
  const properties: Schema = {};
  const required: Json[] = [];
  for (const ref of variants) {
    const variant =
      isObject(ref) && typeof ref.$ref === "string" ? components[componentName(ref.$ref)] : ref;
    const parts = isObject(variant) ? variant.allOf : undefined;
    if (!Array.isArray(parts) || parts.length !== 2)
      throw new Error("createStatus: unexpected variant");
    const [head, own] = parts as [Schema, Schema];
    if (typeof head.$ref !== "string" || (base !== undefined && base !== head.$ref))
      throw new Error("createStatus: variants do not share one base");
    base = head.$ref;
    for (const [name, sub] of Object.entries((own.properties ?? {}) as Schema)) {
      const converted = convertOpenApi(sub, mapRef);
      if (
        properties[name] !== undefined &&
        JSON.stringify(properties[name]) !== JSON.stringify(converted)
      )
        throw new Error(`createStatus: variants disagree on ${name}`);
      properties[name] = converted;
    }
    required.push({ required: (own.required ?? []) as Json[] });
  }
  return {
    allOf: [{ $ref: mapRef(base as string) }, { type: "object", properties }],
    anyOf: required,
  };
}

function extractMastodon(): Bundle {
  const spec = readJson("mastodon/openapi.json") as unknown as {
    info: { version: string };
    paths: Record<string, Record<string, Schema>>;
    components: { schemas: Schema };
  };
  const bodySchema = (path: string, type: string): Schema => {
    const op = spec.paths[path]?.post as Schema | undefined;
    const content = ((op?.requestBody as Schema | undefined)?.content ?? {}) as Schema;
    const schema = (content[type] as Schema | undefined)?.schema;
    if (!isObject(schema)) throw new Error(`no ${type} body for POST ${path}`);
    return schema;
  };

  const status = bodySchema("/api/v1/statuses", "application/json");
  const media = bodySchema("/api/v2/media", "multipart/form-data");
  const refs = new Set<string>();
  const collect = (ref: string): string => {
    const name = componentName(ref);
    refs.add(name);
    return DEFS + name;
  };
  const createStatus = flattenVariants(status, spec.components.schemas, collect);
  // "If [media_ids is] provided, ... poll cannot be used" (MediaStatus.media_ids in the spec;
  // https://docs.joinmastodon.org/methods/statuses/#create).
  createStatus.not = { required: ["media_ids", "poll"] };
  const defs = extractComponents(spec.components.schemas, [...refs]);
  defs.createStatus = createStatus;
  defs.createMedia = convertOpenApi(media, collect);
  return {
    source: `mastodon/openapi.json (${spec.info.version})`,
    operations: {
      createStatus: { def: "createStatus", contentType: "application/json", jsonFields: [] },
      createMedia: { def: "createMedia", contentType: "multipart/form-data", jsonFields: [] },
    },
    schema: { $schema: "http://json-schema.org/draft-07/schema#", definitions: defs },
  };
}

// ---------------------------------------------------------------------------------------------
// X (OpenAPI 3.0, xdevplatform/xdk)

function extractX(): Bundle {
  const spec = readJson("x/openapi.json") as unknown as {
    info: { version: string };
    components: { schemas: Schema };
  };
  // The request bodies the X adapter sends (POST /2/tweets, the chunked media upload, alt text,
  // Direct Messages); the append is multipart (its `media` part is the file).
  const roots: Record<string, [string, Operation["contentType"]]> = {
    createPosts: ["CreatePostsRequest", "application/json"],
    initializeMediaUpload: ["InitializeMediaUploadRequest", "application/json"],
    appendMediaUpload: ["AppendMediaUploadRequest", "multipart/form-data"],
    createMediaMetadata: ["CreateMediaMetadataRequest", "application/json"],
    createDirectMessagesByParticipantId: [
      "CreateDirectMessagesByParticipantIdRequest",
      "application/json",
    ],
  };
  const defs = extractComponents(
    spec.components.schemas,
    Object.values(roots).map(([def]) => def),
  );
  const operations: Record<string, Operation> = {};
  for (const [op, [def, contentType]] of Object.entries(roots))
    operations[op] = { def, contentType, jsonFields: [] };
  return {
    source: `x/openapi.json (${spec.info.version})`,
    operations,
    schema: { $schema: "http://json-schema.org/draft-07/schema#", definitions: defs },
  };
}

// ---------------------------------------------------------------------------------------------
// Output

function write(platform: string, exportName: string, bundle: Bundle): void {
  const body = JSON.stringify(sortKeys(bundle as unknown as Json), null, 1);
  const source = [
    `// Generated by scripts/extract-specs.ts from ${bundle.source}. Do not edit by hand.`,
    `import type { SpecBundle } from "../spec-bundle.js";`,
    "",
    `/** Request body schemas of ${platform}, from ${bundle.source}. */`,
    `export const ${exportName}: SpecBundle = ${body};`,
    "",
  ].join("\n");
  emit(join(OUT_DIR, `${platform}.ts`), source);
}

/** With `--check`, compare instead of writing: CI fails when the shipped schemas drift from the specs. */
const CHECK = process.argv.includes("--check");
const stale: string[] = [];

function emit(file: string, content: string): void {
  if (CHECK) {
    if (!existsSync(file) || readFileSync(file, "utf8") !== content) stale.push(file);
    return;
  }
  writeFileSync(file, content);
  console.log(`wrote ${file} (${content.length} bytes)`);
}

/** Upstream of each spec, as listed in the specs folder's README.md. */
const UPSTREAM = [
  {
    platform: "Telegram",
    folder: "telegram",
    file: "bot-api.json",
    repo: "PaulSonOfLars/telegram-bot-api-spec @ 160fd99 (2026-06-18), api.json",
    licence: "MIT",
  },
  {
    platform: "LINE",
    folder: "line",
    file: "messaging-api.yml",
    repo: "line/line-openapi @ 6e4c2a2 (2026-07-01)",
    licence: "Apache-2.0",
  },
  {
    platform: "Mastodon",
    folder: "mastodon",
    file: "openapi.json",
    repo: "abraham/mastodon-openapi @ 89b11e7 (2026-08-19), dist/schema.json",
    licence: "MIT",
  },
  {
    platform: "X",
    folder: "x",
    file: "openapi.json",
    repo: "xdevplatform/xdk @ 84c2654 (2026-07-25), specs/openapi.json",
    licence: "MIT",
  },
];

function writeLicenses(): void {
  const lines = [
    "# Licences of the request schemas in this folder",
    "",
    "`telegram.ts`, `line.ts`, `mastodon.ts` and `x.ts` are generated by `scripts/extract-specs.ts` from",
    "the API specifications below. They are modified extracts: only the request bodies Herald sends,",
    "converted to JSON Schema draft-07 (descriptions, examples and formats dropped, OpenAPI",
    "discriminators rewritten as if/then dispatch, Mastodon createStatus variants flattened, and a few",
    "limits from the platforms' prose documentation added, each noted in the script).",
    "",
    "| schema | upstream repository @ commit (copied to /work/shared/specs as) | licence |",
    "| --- | --- | --- |",
    ...UPSTREAM.map((u) => `| ${u.folder}.ts | ${u.repo} (${u.folder}/${u.file}) | ${u.licence} |`),
    "",
  ];
  for (const u of UPSTREAM) {
    const text = readFileSync(join(SPECS_DIR, u.folder, "LICENSE"), "utf8").trimEnd();
    lines.push(`## ${u.platform}: ${u.repo}`, "", "```text", text, "```", "");
  }
  emit(join(OUT_DIR, "LICENSES.md"), lines.join("\n"));
}

// ---------------------------------------------------------------------------------------------
// Webhook payload types (TypeScript), for the adapters' typed webhook events

function generated(source: string, what: string): string {
  return [
    `// Generated by scripts/extract-specs.ts from ${source}. Do not edit by hand.`,
    "/**",
    ` * ${what}`,
    " *",
    " * @packageDocumentation",
    " */",
  ].join("\n");
}

/** Formats generated TypeScript with the repo's biome settings, so `biome check` passes on it. */
function formatted(file: string, source: string): string {
  return execFileSync(
    join(REPO_ROOT, "node_modules/.bin/biome"),
    ["format", `--stdin-file-path=${file}`],
    { input: source, encoding: "utf8" },
  );
}

function emitTypes(file: string, source: string): void {
  emit(file, formatted(file, source));
}

function writeWebhookTypes(): void {
  const telegram = readJson("telegram/bot-api.json") as unknown as Parameters<
    typeof telegramTypes
  >[0];
  emitTypes(
    join(REPO_ROOT, "src/generated/telegram/update-types.ts"),
    telegramTypes(
      telegram,
      ["Update"],
      generated(
        `telegram/bot-api.json (${telegram.version}), PaulSonOfLars/telegram-bot-api-spec, MIT`,
        "Telegram Bot API types of webhook updates (https://core.telegram.org/bots/api#update).",
      ),
      { type: "Update", name: "TELEGRAM_UPDATE_KINDS" },
    ),
  );
  const line = parseYaml(readFileSync(join(SPECS_DIR, "line/webhook.yml"), "utf8")) as {
    info: { version: string };
    components: { schemas: Schema };
  };
  emitTypes(
    join(REPO_ROOT, "src/generated/line/webhook-types.ts"),
    openApiTypes(
      line.components.schemas,
      ["CallbackRequest"],
      "Line",
      generated(
        `line/webhook.yml (${line.info.version}), line/line-openapi, Apache-2.0`,
        "LINE webhook payload types (https://developers.line.biz/en/reference/messaging-api/#webhook-event-objects).",
      ),
      { component: "Event", name: "LINE_EVENT_TYPES" },
    ),
  );
  const mastodon = readJson("mastodon/openapi.json") as unknown as {
    info: { version: string };
    components: { schemas: Schema };
  };
  emitTypes(
    join(REPO_ROOT, "src/generated/mastodon/webhook-types.ts"),
    openApiTypes(
      mastodon.components.schemas,
      ["Status", "AdminAccount", "AdminReport"],
      "Mastodon",
      generated(
        `mastodon/openapi.json (${mastodon.info.version}), abraham/mastodon-openapi, MIT`,
        "Mastodon entities carried by admin webhooks (https://docs.joinmastodon.org/methods/admin/webhooks/).",
      ),
    ),
  );
}

mkdirSync(OUT_DIR, { recursive: true });
writeLicenses();
writeWebhookTypes();
write("telegram", "telegramSpec", extractTelegram());
write("line", "lineSpec", extractLine());
write("mastodon", "mastodonSpec", extractMastodon());
write("x", "xSpec", extractX());
if (CHECK) {
  if (stale.length > 0) {
    console.error(`out of date with ${SPECS_DIR}: ${stale.join(", ")}; run npm run specs:extract`);
    process.exit(1);
  }
  console.log(`the shipped schemas match ${SPECS_DIR}`);
}
