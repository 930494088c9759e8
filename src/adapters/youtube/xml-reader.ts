/**
 * A streaming reader of well-formed XML (elements, attributes, text, CDATA, comments, the
 * declaration; no DOCTYPE), for the Atom notifications of YouTube's hub. One forward pass: every
 * scan starts where the previous one stopped, and a construct left open (a tag, a quote, a
 * comment, CDATA) ends the reading with an error instead of being searched for again from
 * elsewhere, so the work is linear in the text. Nothing is built but what the handler keeps.
 */

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

/**
 * Longest reference looked at after an `&` (`&#x10FFFF;` is 10 characters): our bound, with
 * room for leading zeros; a longer one is kept as it is. Bounding it keeps a text full of
 * unterminated `&` linear.
 */
const MAX_REFERENCE = 16;

/** Deepest nesting read: notifications nest four levels (feed, entry, author, name); our bound. */
const MAX_DEPTH = 32;

/** What the reader tells as it goes. */
export interface XmlHandler {
  /** Whether the attributes of an element of this name are wanted (they are checked anyway). */
  wantsAttributes(name: string): boolean;
  /** An element opens at `depth` (the root's is 0), with its attributes when wanted. */
  open(name: string, depth: number, attributes: ReadonlyMap<string, string> | undefined): void;
  /** Text of the element open at `depth`: raw (references not decoded) or a CDATA section's. */
  text(raw: string, depth: number, cdata: boolean): void;
  /** The element open at `depth` closes. */
  close(depth: number): void;
}

/** The character a reference stands for, or `undefined` to keep it as it is. */
function referenced(name: string): string | undefined {
  if (name[0] !== "#") return Object.hasOwn(ENTITIES, name) ? ENTITIES[name] : undefined;
  const hex = name[1] === "x" || name[1] === "X";
  const digits = name.slice(hex ? 2 : 1);
  if (!(hex ? /^[0-9a-fA-F]+$/ : /^\d+$/).test(digits)) return undefined;
  const code = hex ? Number.parseInt(digits, 16) : Number(digits);
  return code <= 0x10ffff ? String.fromCodePoint(code) : undefined;
}

/** The `;` ending the reference at `amp`, looked for in the next {@link MAX_REFERENCE} only; -1. */
function semicolonAfter(text: string, amp: number): number {
  const last = Math.min(text.length, amp + MAX_REFERENCE + 1);
  for (let i = amp + 1; i < last; i++) if (text.charCodeAt(i) === 59) return i;
  return -1;
}

/** Decodes the five XML entities and numeric references, in one forward pass; others stay. */
export function decodeXmlText(text: string): string {
  let amp = text.indexOf("&");
  if (amp < 0) return text;
  const parts: string[] = [];
  let from = 0;
  while (amp >= 0) {
    const semicolon = semicolonAfter(text, amp);
    const value = semicolon > amp + 1 ? referenced(text.slice(amp + 1, semicolon)) : undefined;
    if (value !== undefined) {
      parts.push(text.slice(from, amp), value);
      from = semicolon + 1;
    }
    amp = text.indexOf("&", amp + 1);
  }
  parts.push(text.slice(from));
  return parts.join("");
}

/** Whitespace as XML has it: space, tab, LF, CR. */
const isSpace = (code: number) => code === 32 || code === 9 || code === 10 || code === 13;

/** Ends a name: whitespace, `/`, `>`, `=`, `<`, a quote, or the end of the text (NaN). */
const endsName = (code: number) =>
  Number.isNaN(code) ||
  isSpace(code) ||
  code === 47 ||
  code === 62 ||
  code === 61 ||
  code === 60 ||
  code === 34 ||
  code === 39;

class Reader {
  #pos = 0;
  readonly #open: string[] = [];
  #rootSeen = false;

  constructor(
    private readonly xml: string,
    private readonly handler: XmlHandler,
  ) {}

  read(): void {
    const { xml } = this;
    while (this.#pos < xml.length) {
      const lt = xml.indexOf("<", this.#pos);
      const end = lt < 0 ? xml.length : lt;
      if (end > this.#pos) this.#text(xml.slice(this.#pos, end), false);
      if (lt < 0) break;
      this.#pos = lt;
      if (xml.startsWith("<!--", lt)) this.#pos = this.#past("-->", lt + 4, "comment");
      else if (xml.startsWith("<![CDATA[", lt)) {
        const close = this.#past("]]>", lt + 9, "CDATA section");
        this.#text(xml.slice(lt + 9, close - 3), true);
        this.#pos = close;
      } else if (xml.startsWith("<?", lt)) this.#pos = this.#past("?>", lt + 2, "declaration");
      else if (xml.startsWith("<!", lt)) throw new Error("a DOCTYPE is not accepted");
      else if (xml.startsWith("</", lt)) this.#close();
      else this.#element();
    }
    if (this.#open.length > 0) throw new Error(`unclosed <${this.#open.at(-1)}>`);
    if (!this.#rootSeen) throw new Error("no element");
  }

  /** The position after the next `literal` from `from`; an error when there is none. */
  #past(literal: string, from: number, what: string): number {
    const at = this.xml.indexOf(literal, from);
    if (at < 0) throw new Error(`unterminated ${what}`);
    return at + literal.length;
  }

  #text(text: string, cdata: boolean): void {
    const depth = this.#open.length - 1;
    if (depth >= 0) this.handler.text(text, depth, cdata);
    else if (cdata || text.trim() !== "") throw new Error("text outside the root element");
  }

  #name(): string {
    const start = this.#pos;
    while (!endsName(this.xml.charCodeAt(this.#pos))) this.#pos++;
    if (this.#pos === start) throw new Error(`expected a name at ${start}`);
    return this.xml.slice(start, this.#pos);
  }

  #skipSpace(): void {
    while (isSpace(this.xml.charCodeAt(this.#pos))) this.#pos++;
  }

  /** `<name attr="value" ...>` or `<name .../>`, the cursor on its `<`. */
  #element(): void {
    this.#pos++;
    const name = this.#name();
    const depth = this.#open.length;
    if (depth === 0 && this.#rootSeen) throw new Error("a second root element");
    if (depth >= MAX_DEPTH) throw new Error("nested too deep");
    const attributes = this.handler.wantsAttributes(name) ? new Map<string, string>() : undefined;
    for (;;) {
      this.#skipSpace();
      const code = this.xml.charCodeAt(this.#pos);
      if (code === 62 /* > */ || (code === 47 /* / */ && this.xml.startsWith("/>", this.#pos))) {
        break;
      }
      if (Number.isNaN(code)) throw new Error(`unterminated <${name}>`);
      const attribute = this.#name();
      this.#skipSpace();
      if (this.xml.charCodeAt(this.#pos) !== 61 /* = */) throw new Error(`${attribute} without =`);
      this.#pos++;
      this.#skipSpace();
      const quote = this.xml[this.#pos];
      if (quote !== '"' && quote !== "'") throw new Error(`${attribute} without quotes`);
      const close = this.#past(quote, this.#pos + 1, `${attribute} value`);
      // the first of repeated attributes counts
      if (attributes && !attributes.has(attribute)) {
        attributes.set(attribute, decodeXmlText(this.xml.slice(this.#pos + 1, close - 1)));
      }
      this.#pos = close;
    }
    const selfClosing = this.xml.charCodeAt(this.#pos) === 47;
    this.#pos += selfClosing ? 2 : 1;
    this.#rootSeen = true;
    this.handler.open(name, depth, attributes);
    if (selfClosing) this.handler.close(depth);
    else this.#open.push(name);
  }

  /** `</name>`, the cursor on its `<`. */
  #close(): void {
    this.#pos += 2;
    const name = this.#name();
    this.#skipSpace();
    if (this.xml.charCodeAt(this.#pos) !== 62) throw new Error(`unterminated </${name}>`);
    this.#pos++;
    if (this.#open.pop() !== name) throw new Error(`mismatched </${name}>`);
    this.handler.close(this.#open.length);
  }
}

/**
 * Reads `xml` through `handler` in one forward pass, linear in the text.
 *
 * @throws Error when the text is not well-formed XML of the kind described above, or the
 * handler throws.
 */
export function readXml(xml: string, handler: XmlHandler): void {
  new Reader(xml, handler).read();
}
