// Checks a request against the platform's published spec in ../shared/specs (see its
// README.md): the method exists on the path template, the query parameters are declared (and
// comma-listed values are among the declared enum), and the body's fields are the
// operation's. OpenAPI for Mastodon, X and LINE; the Bot API's method table for Telegram.
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parse as parseYaml } from "yaml";

const SPECS =
  process.env.SPECS_DIR ??
  resolve(dirname(fileURLToPath(import.meta.url)), "../../../shared/specs");

type Json = Record<string, unknown>;
const cache = new Map<string, Json>();
function load(file: string): Json {
  let spec = cache.get(file);
  if (!spec) {
    const text = readFileSync(resolve(SPECS, file), "utf8");
    spec = (file.endsWith(".yml") ? parseYaml(text) : JSON.parse(text)) as Json;
    cache.set(file, spec);
  }
  return spec;
}

const FILES = {
  mastodon: "mastodon/openapi.json",
  x: "x/openapi.json",
  line: "line/messaging-api.yml",
};

function resolveRef(spec: Json, value: unknown): Json {
  const ref = (value as Json | undefined)?.$ref;
  if (typeof ref !== "string") return (value ?? {}) as Json;
  return ref
    .slice(2)
    .split("/")
    .reduce<Json>((node, key) => (node[key] ?? {}) as Json, spec);
}

/** Problems of `method path?query` with `body` against the OpenAPI spec of `platform`. */
export function specProblems(
  platform: keyof typeof FILES,
  method: string,
  path: string,
  body?: unknown,
  query: Record<string, string> = {},
): string[] {
  const spec = load(FILES[platform]);
  const paths = spec.paths as Record<string, Json>;
  const template = Object.keys(paths).find((t) =>
    new RegExp(`^${t.replace(/\{[^}]+\}/g, "[^/]+")}$`).test(path),
  );
  if (!template) return [`${path}: no such path`];
  const operation = paths[template]![method.toLowerCase()] as Json | undefined;
  if (!operation) return [`${method} ${template}: no such operation`];
  const problems: string[] = [];
  const params = ((operation.parameters ?? []) as unknown[]).map((p) => resolveRef(spec, p));
  for (const [name, value] of Object.entries(query)) {
    const param = params.find((p) => p.in === "query" && p.name === name);
    if (!param) {
      problems.push(`query ${name}: not a parameter of ${method} ${template}`);
      continue;
    }
    const items = resolveRef(spec, resolveRef(spec, param.schema).items);
    const allowed = items.enum as unknown[] | undefined;
    for (const part of allowed ? value.split(",") : []) {
      if (!allowed?.includes(part))
        problems.push(`query ${name}: "${part}" is not one of the spec's values`);
    }
  }
  if (body !== undefined) {
    const content = ((operation.requestBody as Json | undefined)?.content ?? {}) as Json;
    const schema = resolveRef(spec, (content["application/json"] as Json | undefined)?.schema);
    const properties = (schema.properties ?? {}) as Json;
    for (const key of Object.keys(body as Json)) {
      if (!(key in properties)) problems.push(`body ${key}: not a field of ${method} ${template}`);
    }
  }
  return problems;
}

/** Problems of a Bot API call `method` with `fields` against the method table. */
export function telegramProblems(method: string, fields: Record<string, unknown>): string[] {
  const spec = load("telegram/bot-api.json") as {
    methods?: Record<string, { fields?: Array<{ name: string; required: boolean }> }>;
  };
  const entry = spec.methods?.[method];
  if (!entry) return [`${method}: no such method`];
  const declared = entry.fields ?? [];
  const problems = Object.keys(fields)
    .filter((k) => !declared.some((f) => f.name === k))
    .map((k) => `${k}: not a field of ${method}`);
  for (const f of declared)
    if (f.required && !(f.name in fields)) problems.push(`${f.name}: required`);
  return problems;
}
