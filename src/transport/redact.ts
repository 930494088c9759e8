/** Replaces every secret value in strings and nested data with `[redacted]`. */
export class Redactor {
  readonly #secrets: string[];

  /** Secrets shorter than 4 characters are ignored: redacting them would mangle ordinary text. */
  constructor(secrets: Iterable<string>) {
    this.#secrets = [...new Set(secrets)]
      .filter((s) => s.length >= 4)
      .sort((a, b) => b.length - a.length);
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
