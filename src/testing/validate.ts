/**
 * Checks request bodies against the platforms' official request schemas (extracted by
 * `scripts/extract-specs.ts` into `./schemas/`), for the simulator and the tests.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import { lineSpec } from "../generated/schemas/line.js";
import { mastodonSpec } from "../generated/schemas/mastodon.js";
import { telegramSpec } from "../generated/schemas/telegram.js";
import { xSpec } from "../generated/schemas/x.js";
import type { SpecBundle, SpecOperation } from "../generated/spec-bundle.js";
import { facebookShapes } from "./platforms/facebook/shapes.js";
import { linkedinShapes } from "./platforms/linkedin/shapes.js";

/**
 * Platforms whose request bodies have a schema: extracted from the official spec (telegram, line,
 * mastodon, x), or written by hand from the reference documentation where none is published
 * (facebook, linkedin: `./shapes/`).
 */
export type SpecPlatform = "telegram" | "line" | "mastodon" | "x" | "facebook" | "linkedin";

/** How the body travelled. */
export interface ValidateRequestOptions {
  /**
   * `json` (default unless the platform documents a multipart body, as Mastodon `createMedia`):
   * values are checked as they are. `form`: multipart or urlencoded, every value arrived as a
   * string: numbers and booleans are coerced, Telegram's JSON-serialized fields are parsed, and
   * `FormData`/`URLSearchParams` bodies (with `a[b][]` keys) are read into an object first.
   */
  encoding?: "json" | "form";
}

/** A validator with its own compiled-schema cache. */
export interface RequestValidator {
  /**
   * Validates `body` as the request of `operation` on `platform`: telegram method names
   * (`sendMessage`, `sendPhoto`, `sendMediaGroup`, `getMe`); line `push` | `multicast` |
   * `broadcast` | `narrowcast` | `reply`; mastodon `createStatus` | `createMedia`; x `createPosts` |
   * `initializeMediaUpload` | `appendMediaUpload` | `createMediaMetadata` |
   * `createDirectMessagesByParticipantId`; facebook `createFeedPost` | `createPhoto` |
   * `createVideo` | `createComment`; linkedin `createPost` | `initializeImageUpload` |
   * `createComment`.
   * Returns `[]` when valid, else one readable message per problem, each starting with the
   * field's path (`messages[0].text: is required`). An `undefined` body counts as `{}`.
   * @throws RangeError when the platform or operation has no schema (see {@link hasSchema}).
   */
  validateRequest(
    platform: SpecPlatform,
    operation: string,
    body: unknown,
    options?: ValidateRequestOptions,
  ): string[];
  /** Whether `operation` of `platform` has an extracted schema. */
  hasSchema(platform: SpecPlatform, operation: string): boolean;
}

const BUNDLES: Readonly<Record<SpecPlatform, SpecBundle>> = {
  telegram: telegramSpec,
  line: lineSpec,
  mastodon: mastodonSpec,
  x: xSpec,
  facebook: facebookShapes,
  linkedin: linkedinShapes,
};

/**
 * Creates a validator whose Ajv instances and compiled schemas belong to it alone. Schemas are
 * compiled lazily, once per operation and encoding.
 */
export function createRequestValidator(): RequestValidator {
  const ajv = { json: newAjv(false), form: newAjv(true) };
  const compiled = new Map<string, ValidateFunction>();

  const compile = (platform: SpecPlatform, op: SpecOperation, encoding: "json" | "form") => {
    const key = `${platform}\u0000${op.def}\u0000${encoding}`;
    let validate = compiled.get(key);
    if (!validate) {
      const { schema } = BUNDLES[platform];
      validate = ajv[encoding].compile({ ...schema, $ref: `#/definitions/${op.def}` });
      compiled.set(key, validate);
    }
    return validate;
  };

  return {
    hasSchema: (platform, operation) => findOperation(platform, operation) !== undefined,
    validateRequest(platform, operation, body, options = {}) {
      const op = findOperation(platform, operation);
      if (!op) throw new RangeError(`no request schema for ${platform} operation "${operation}"`);
      const defaultEncoding = op.contentType === "multipart/form-data" ? "form" : "json";
      const encoding = options.encoding ?? defaultEncoding;
      const problems: string[] = [];
      let data: unknown = body === undefined ? {} : body;
      if (encoding === "form") data = readForm(data, op.jsonFields, problems);
      const validate = compile(platform, op, encoding);
      if (!validate(data)) problems.push(...formatErrors(validate.errors ?? []));
      return [...new Set(problems)];
    },
  };
}

let shared: RequestValidator | undefined;

/**
 * {@link RequestValidator.validateRequest} on a validator created on first use and kept for the
 * module's lifetime (it only caches compiled, stateless schemas; use
 * {@link createRequestValidator} for a private cache).
 */
export function validateRequest(
  platform: SpecPlatform,
  operation: string,
  body: unknown,
  options?: ValidateRequestOptions,
): string[] {
  shared ??= createRequestValidator();
  return shared.validateRequest(platform, operation, body, options);
}

/** Whether `platform` has a machine-readable spec whose schemas requests are checked against. */
export function isSpecPlatform(platform: string): platform is SpecPlatform {
  return Object.hasOwn(BUNDLES, platform);
}

/** Whether `operation` of `platform` has an extracted schema (see {@link validateRequest}). */
export function hasSchema(platform: SpecPlatform, operation: string): boolean {
  return findOperation(platform, operation) !== undefined;
}

function newAjv(coerceTypes: boolean): Ajv {
  // verbose: errors carry the failing subschema, which `not` messages need.
  return new Ajv({ allErrors: true, strict: false, coerceTypes, verbose: true });
}

function findOperation(platform: string, operation: string): SpecOperation | undefined {
  if (!Object.hasOwn(BUNDLES, platform)) return undefined;
  const { operations } = BUNDLES[platform as SpecPlatform];
  return Object.hasOwn(operations, operation) ? operations[operation] : undefined;
}

// ---------------------------------------------------------------------------------------------
// Form bodies

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Deep copy of plain objects and arrays (Ajv's coercion writes into the data it checks). */
function clonePlain(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(clonePlain);
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[key] = clonePlain(item);
  return out;
}

function formEntries(body: unknown): [string, unknown][] | undefined {
  if (body instanceof URLSearchParams) return [...body.entries()];
  if (typeof FormData !== "undefined" && body instanceof FormData) return [...body.entries()];
  if (isPlainObject(body)) return Object.entries(body);
  return undefined;
}

/** Sets `poll[options][]`-style keys (Rack/Rails form nesting, as Mastodon reads them). */
function setFormValue(target: Record<string, unknown>, key: string, value: unknown): void {
  const match = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(key);
  const path: string[] = match
    ? [match[1] ?? key, ...[...(match[2] ?? "").matchAll(/\[([^[\]]*)\]/g)].map((m) => m[1] ?? "")]
    : [key];
  let container: Record<string, unknown> | unknown[] = target;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i] ?? "";
    const last = i === path.length - 1;
    const fresh = (): Record<string, unknown> | unknown[] => (path[i + 1] === "" ? [] : {});
    if (Array.isArray(container)) {
      if (last) {
        container.push(...(Array.isArray(value) ? value : [value]));
      } else {
        const created = fresh();
        container.push(created);
        container = created;
      }
    } else if (last) {
      container[segment] = value;
    } else {
      const existing: unknown = container[segment];
      if (typeof existing !== "object" || existing === null) container[segment] = fresh();
      container = container[segment] as Record<string, unknown> | unknown[];
    }
  }
}

function readForm(body: unknown, jsonFields: readonly string[], problems: string[]): unknown {
  const entries = formEntries(body);
  if (!entries) return body;
  const data: Record<string, unknown> = {};
  for (const [key, value] of entries) setFormValue(data, key, clonePlain(value));
  for (const field of jsonFields) {
    const value = data[field];
    if (typeof value !== "string") continue;
    try {
      data[field] = JSON.parse(value);
    } catch {
      problems.push(`${field}: must be a JSON-serialized value`);
    }
  }
  takeAttachments(data, problems);
  return data;
}

/** Marker by which Telegram form fields point at a file part (`attach://<name>`). */
const ATTACH = "attach://";

/**
 * Removes the file parts that `attach://<name>` markers point at (they are not fields of the
 * method) and reports markers whose part is missing
 * (https://core.telegram.org/bots/api#sending-files).
 */
function takeAttachments(data: Record<string, unknown>, problems: string[]): void {
  const used = new Set<string>();
  const visit = (value: unknown, path: string): void => {
    if (typeof value === "string" && value.startsWith(ATTACH)) {
      const name = value.slice(ATTACH.length);
      if (Object.hasOwn(data, name)) used.add(name);
      else problems.push(`${path}: no file part named "${name}" for ${value}`);
    } else if (Array.isArray(value)) {
      for (const [i, item] of value.entries()) visit(item, `${path}[${i}]`);
    } else if (isPlainObject(value)) {
      for (const [key, item] of Object.entries(value)) visit(item, child(path, key));
    }
  };
  visit(data, "");
  for (const name of used) delete data[name];
}

// ---------------------------------------------------------------------------------------------
// Messages

/** `/messages/0/text` -> `messages[0].text`. */
function pointerToPath(pointer: string): string {
  let path = "";
  for (const raw of pointer.split("/").slice(1)) {
    const segment = raw.replaceAll("~1", "/").replaceAll("~0", "~");
    if (/^\d+$/.test(segment)) path += `[${segment}]`;
    else path += path ? `.${segment}` : segment;
  }
  return path;
}

function child(path: string, name: unknown): string {
  return path ? `${path}.${String(name)}` : String(name);
}

function formatError(error: ErrorObject): string | undefined {
  const path = pointerToPath(error.instancePath);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "if": // the failing `then` branch reports the real problem
      return undefined;
    case "required":
      return `${child(path, params.missingProperty)}: is required`;
    case "additionalProperties":
      return `${child(path, params.additionalProperty)}: is not a field of this request`;
    case "enum": {
      const allowed = (params.allowedValues as unknown[]).map((v) => JSON.stringify(v));
      return `${path || "(body)"}: must be one of ${allowed.join(", ")}`;
    }
    case "not": {
      const schema = error.schema as { enum?: unknown[]; required?: string[] } | undefined;
      if (schema?.required)
        return `${path || "(body)"}: must not combine ${schema.required.join(" and ")}`;
      if (schema?.enum) return `${path || "(body)"}: must not be empty`;
      return `${path || "(body)"}: ${error.message ?? error.keyword}`;
    }
    case "anyOf":
      return `${path || "(body)"}: must match one of the alternatives above`;
    case "const":
      return `${path || "(body)"}: must be ${JSON.stringify(params.allowedValue)}`;
    default:
      return `${path || "(body)"}: ${error.message ?? error.keyword}`;
  }
}

function formatErrors(errors: readonly ErrorObject[]): string[] {
  return errors.map(formatError).filter((m): m is string => m !== undefined);
}
