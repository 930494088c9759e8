/**
 * A small, strict parser for the XML WeChat sends (https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Receiving_standard_messages.html):
 * one `<xml>` root of elements holding text or CDATA, nested elements in a few events
 * (`MASSSENDJOBFINISH`'s `CopyrightCheckResult`). No attributes, comments, DOCTYPE or
 * processing instructions besides the XML declaration: anything else is refused, which also
 * rules out entity expansion attacks. Never reads beyond {@link MAX_DEPTH} levels.
 */

/** A parsed element: text, or child elements by name (repeated names become arrays). */
export type XmlValue = string | XmlObject | Array<string | XmlObject>;

/** Child elements by name. */
export interface XmlObject {
  [name: string]: XmlValue;
}

/** Deepest nesting accepted: WeChat's events nest three levels; our bound. */
const MAX_DEPTH = 16;

const ENTITIES: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };
/** What may stand between `&` and `;`: a name, `#digits` or `#xhex` (checked further after). */
const REFERENCE_NAME = /^#?\w+$/;

/** `[A-Za-z_]`, by char code. */
const isNameStart = (code: number) =>
  (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
/** `[\w.-]`, by char code. */
const isNameRest = (code: number) =>
  isNameStart(code) || (code >= 48 && code <= 57) || code === 45 || code === 46;

/** Thrown for input that is not WeChat's XML. */
export class XmlError extends Error {
  /** @internal */
  constructor(message: string, position: number) {
    super(`${message} at ${position}`);
    this.name = "XmlError";
  }
}

/** The character a reference (`lt`, `#60`, `#x3C`) stands for; throws for anything else. */
function referenced(name: string, at: number): string {
  if (name.startsWith("#")) {
    const hex = name[1] === "x";
    const digits = name.slice(hex ? 2 : 1);
    if (!(hex ? /^[0-9a-fA-F]+$/ : /^\d+$/).test(digits)) {
      throw new XmlError(`bad character reference &${name};`, at);
    }
    const code = hex ? Number.parseInt(digits, 16) : Number(digits);
    if (!(code > 0 && code <= 0x10ffff) || (code >= 0xd800 && code <= 0xdfff)) {
      throw new XmlError(`bad character reference &${name};`, at);
    }
    return String.fromCodePoint(code);
  }
  const value = Object.hasOwn(ENTITIES, name) ? ENTITIES[name] : undefined;
  if (value === undefined) throw new XmlError(`unknown entity &${name};`, at);
  return value;
}

/**
 * Decodes the references of a text, in one forward pass (String.replace with a callback was
 * super-linear in V8 on a text of many references: 7x the time for 4x the input).
 */
function decodeText(text: string, at: number): string {
  let amp = text.indexOf("&");
  if (amp < 0) return text;
  const parts: string[] = [];
  let from = 0;
  while (amp >= 0) {
    const end = text.indexOf(";", amp + 1);
    // a reference is a name or number up to `;`, with no space or `&` inside
    const name = end < 0 ? "" : text.slice(amp + 1, end);
    if (name === "" || !REFERENCE_NAME.test(name)) throw new XmlError("bare &", at + amp);
    parts.push(text.slice(from, amp), referenced(name, at + amp));
    from = end + 1;
    amp = text.indexOf("&", from);
  }
  parts.push(text.slice(from));
  return parts.join("");
}

class Parser {
  #pos = 0;
  constructor(private readonly text: string) {}

  document(): XmlObject {
    this.#skipSpace();
    if (this.text.startsWith("<?xml", this.#pos)) {
      const end = this.text.indexOf("?>", this.#pos);
      if (end < 0) throw new XmlError("unterminated XML declaration", this.#pos);
      this.#pos = end + 2;
      this.#skipSpace();
    }
    const [name, value] = this.#element(0);
    if (name !== "xml") throw new XmlError(`root <${name}> is not <xml>`, 0);
    this.#skipSpace();
    if (this.#pos !== this.text.length) throw new XmlError("content after the root", this.#pos);
    if (typeof value === "string") {
      if (value.trim() !== "") throw new XmlError("the root holds text", 0);
      return {};
    }
    return value;
  }

  #skipSpace(): void {
    const { text } = this;
    for (; this.#pos < text.length; this.#pos++) {
      const code = text.charCodeAt(this.#pos);
      // space, tab, LF, CR (XML's own); other spaces as \s has them, beyond ASCII
      if (code === 32 || (code >= 9 && code <= 13)) continue;
      if (code < 128 || !/\s/.test(text[this.#pos] as string)) return;
    }
  }

  /** A name (`[A-Za-z_][\w.-]*`), scanned by char code: no regex or match object per name. */
  #name(): string {
    const { text } = this;
    const start = this.#pos;
    let end = start;
    if (isNameStart(text.charCodeAt(end))) end++;
    while (end > start && end < text.length && isNameRest(text.charCodeAt(end))) end++;
    if (end === start) throw new XmlError("expected a name", start);
    this.#pos = end;
    return text.slice(start, end);
  }

  #expect(literal: string): void {
    if (!this.text.startsWith(literal, this.#pos))
      throw new XmlError(`expected ${literal}`, this.#pos);
    this.#pos += literal.length;
  }

  /** `<name>content</name>` or `<name/>`, the cursor on its `<`. */
  #element(depth: number): [string, string | XmlObject] {
    if (depth > MAX_DEPTH) throw new XmlError("too deep", this.#pos);
    this.#expect("<");
    const name = this.#name();
    this.#skipSpace();
    if (this.text.startsWith("/>", this.#pos)) {
      this.#pos += 2;
      return [name, ""];
    }
    this.#expect(">");
    let text = "";
    let textSeen = false;
    let children: XmlObject | undefined;
    for (;;) {
      if (this.#pos >= this.text.length) throw new XmlError(`unclosed <${name}>`, this.#pos);
      if (this.text.startsWith("</", this.#pos)) {
        this.#pos += 2;
        if (this.#name() !== name) throw new XmlError(`mismatched </…> for <${name}>`, this.#pos);
        this.#skipSpace();
        this.#expect(">");
        break;
      }
      if (this.text.startsWith("<![CDATA[", this.#pos)) {
        const end = this.text.indexOf("]]>", this.#pos + 9);
        if (end < 0) throw new XmlError("unterminated CDATA", this.#pos);
        text += this.text.slice(this.#pos + 9, end);
        textSeen = true;
        this.#pos = end + 3;
        continue;
      }
      if (this.text.charCodeAt(this.#pos) === 60 /* < */) {
        const second = this.text.charCodeAt(this.#pos + 1);
        if (second === 33 /* ! */ || second === 63 /* ? */) {
          throw new XmlError(
            "comments, DOCTYPE and processing instructions are not accepted",
            this.#pos,
          );
        }
        const at = this.#pos;
        const [child, value] = this.#element(depth + 1);
        // never a key that reaches the object's prototype
        if (child === "__proto__") throw new XmlError("element name __proto__", at);
        children ??= {};
        // an own key only: `constructor` or `toString` are element names like any other
        const previous = Object.hasOwn(children, child) ? children[child] : undefined;
        if (previous === undefined) children[child] = value;
        else if (Array.isArray(previous)) previous.push(value);
        else children[child] = [previous, value];
        continue;
      }
      const next = this.text.indexOf("<", this.#pos);
      const end = next < 0 ? this.text.length : next;
      const raw = this.text.slice(this.#pos, end);
      if (raw.includes("]]>")) throw new XmlError("]]> in text", this.#pos);
      if (raw.trim() !== "") textSeen = true;
      text += decodeText(raw, this.#pos);
      this.#pos = end;
    }
    if (children !== undefined) {
      if (textSeen) throw new XmlError(`<${name}> mixes text and elements`, this.#pos);
      return [name, children];
    }
    return [name, text];
  }
}

/**
 * Parses WeChat's XML into its root's children (`{ ToUserName, FromUserName, CreateTime, ... }`).
 * Texts are kept as they are (CDATA unwrapped, entities decoded); numbers stay strings.
 *
 * @throws XmlError for anything else.
 */
export function parseWechatXml(text: string): XmlObject {
  return new Parser(text).document();
}

/** Base64, as WeChat's `Encrypt` text is. */
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * The `Encrypt` text of a safe-mode envelope (`<xml><ToUserName>…</ToUserName><Encrypt><![CDATA[…]]></Encrypt></xml>`),
 * found without parsing the envelope, so that `msg_signature` is checked before any parse: the
 * first `<Encrypt>` element, holding base64 as plain text or as one CDATA section. Two forward
 * scans, linear in the body; `undefined` when there is none, or it holds anything else.
 */
export function findEncryptText(text: string): string | undefined {
  const open = "<Encrypt>";
  const start = text.indexOf(open);
  if (start < 0) return undefined;
  const end = text.indexOf("</Encrypt>", start + open.length);
  if (end < 0) return undefined;
  let value = text.slice(start + open.length, end);
  if (value.startsWith("<![CDATA[") && value.endsWith("]]>")) value = value.slice(9, -3);
  return value !== "" && BASE64.test(value) ? value : undefined;
}
