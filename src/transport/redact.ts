/** Secrets shorter than this are ignored: redacting them would mangle ordinary text. */
const MIN_SECRET_LENGTH = 4;

/** Replaces every secret value in strings and nested data with `[redacted]`. */
export class Redactor {
  #secrets: string[] = [];
  readonly #known = new Set<string>();

  /** Starts with the given secrets; {@link add} learns more (tokens fetched at send time). */
  constructor(secrets: Iterable<string>) {
    this.add(secrets);
  }

  /** Adds secrets to redact from now on (longest first, so a secret inside another is covered). */
  add(secrets: Iterable<string>): void {
    let changed = false;
    for (const secret of secrets) {
      if (secret.length < MIN_SECRET_LENGTH || this.#known.has(secret)) continue;
      this.#known.add(secret);
      changed = true;
    }
    if (changed) this.#secrets = [...this.#known].sort((a, b) => b.length - a.length);
  }

  /** Redacts one string. */
  text(value: string): string {
    let out = value;
    for (const secret of this.#secrets) {
      if (out.includes(secret)) out = out.split(secret).join("[redacted]");
    }
    return out;
  }

  /** Redacts strings anywhere inside plain data (objects, arrays); other values pass through. */
  data<T>(value: T): T {
    if (typeof value === "string") return this.text(value) as T;
    if (Array.isArray(value)) return value.map((v) => this.data(v)) as T;
    if (
      value !== null &&
      typeof value === "object" &&
      Object.getPrototypeOf(value) === Object.prototype
    ) {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = this.data(v);
      return out as T;
    }
    return value;
  }
}
