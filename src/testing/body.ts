import type { BodyEncoding, UploadedBytes, UploadedFile } from "./types.js";

/** Content types read as raw bytes (an upload PUT), not as JSON. */
const BINARY_TYPE = /^(?:image|video|audio)\/|^application\/octet-stream/;

/** A request body read and decoded by the simulator. */
export interface ParsedBody {
  /** JSON value, an object of form fields (nested by `a[b][]` bracket names), or {@link UploadedBytes}. */
  value: unknown;
  /** How it was encoded. */
  encoding: BodyEncoding;
  /** Set when the body could not be decoded (malformed JSON). */
  error: string | undefined;
  /** The bytes of a `binary` body (a piece of an upload); not recorded in `sim.requests`. */
  bytes?: Uint8Array;
}

/** Reads and decodes the body of `request`: JSON, urlencoded or multipart form data. */
export async function parseBody(request: Request): Promise<ParsedBody> {
  const type = (request.headers.get("content-type") ?? "").toLowerCase();
  if (request.method === "GET" || request.method === "HEAD" || request.body === null) {
    return { value: undefined, encoding: "none", error: undefined };
  }
  if (type.startsWith("multipart/form-data")) {
    const form = await request.formData();
    const fields: [string, string | UploadedFile][] = [];
    for (const [name, entry] of form) {
      fields.push([name, typeof entry === "string" ? entry : fileOf(entry)]);
    }
    return { value: nestFields(fields), encoding: "multipart", error: undefined };
  }
  if (BINARY_TYPE.test(type)) {
    const data = new Uint8Array(await request.arrayBuffer());
    const type0 = type.split(";")[0] ?? type;
    const value: UploadedBytes = { kind: "bytes", type: type0, size: data.byteLength };
    return { value, encoding: "binary", error: undefined, bytes: data };
  }
  const text = await request.text();
  if (type.startsWith("application/x-www-form-urlencoded")) {
    return {
      value: nestFields([...new URLSearchParams(text)]),
      encoding: "form",
      error: undefined,
    };
  }
  if (text === "") return { value: undefined, encoding: "none", error: undefined };
  try {
    return { value: JSON.parse(text) as unknown, encoding: "json", error: undefined };
  } catch {
    return { value: text, encoding: "json", error: "malformed JSON" };
  }
}

function fileOf(file: File): UploadedFile {
  return { kind: "file", name: file.name, type: file.type, size: file.size };
}

/** True when `value` is {@link UploadedBytes} (a raw upload body). */
export function isUploadedBytes(value: unknown): value is UploadedBytes {
  return (
    typeof value === "object" && value !== null && (value as { kind?: unknown }).kind === "bytes"
  );
}

/** True when `value` is an {@link UploadedFile}. */
export function isUploadedFile(value: unknown): value is UploadedFile {
  return (
    typeof value === "object" && value !== null && (value as { kind?: unknown }).kind === "file"
  );
}

type Tree = { [key: string]: Tree | Tree[] | string | UploadedFile | (string | UploadedFile)[] };

/**
 * Turns form fields into an object: `media_ids[]=1&media_ids[]=2` gives `{media_ids: ["1","2"]}`,
 * `poll[options][]=a` gives `{poll: {options: ["a"]}}`; a repeated plain name keeps the last value.
 */
export function nestFields(
  fields: Iterable<[string, string | UploadedFile]>,
): Record<string, unknown> {
  const root: Tree = {};
  for (const [name, value] of fields) {
    const match = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(name);
    if (!match) {
      root[name] = value;
      continue;
    }
    const keys = [
      match[1] as string,
      ...[...(match[2] ?? "").matchAll(/\[([^[\]]*)\]/g)].map((m) => m[1] as string),
    ];
    let node: Tree = root;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] as string;
      const last = i === keys.length - 1;
      const nextIsArray = keys[i + 1] === "";
      if (key === "") break;
      if (last) {
        node[key] = value;
      } else if (nextIsArray && i + 1 === keys.length - 1) {
        const existing = node[key];
        const list = Array.isArray(existing) ? (existing as (string | UploadedFile)[]) : [];
        list.push(value);
        node[key] = list;
        break;
      } else {
        const existing = node[key];
        const child: Tree =
          typeof existing === "object" &&
          existing !== null &&
          !Array.isArray(existing) &&
          !isUploadedFile(existing)
            ? (existing as Tree)
            : {};
        node[key] = child;
        node = child;
      }
    }
  }
  return root;
}
