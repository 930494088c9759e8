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

const NAME = /[A-Za-z_][\w.-]*/y;
const ENTITIES: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

/** Thrown for input that is not WeChat's XML. */
export class XmlError extends Error {
  /** @internal */
  constructor(message: string, position: number) {
    super(`${message} at ${position}`);
    this.name = "XmlError";
  }
}

function decodeText(text: string, at: number): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);|&/g, (whole, name: string | undefined) => {
    if (name === undefined) throw new XmlError("bare &", at);
    if (name.startsWith("#")) {
      const code = name[1] === "x" ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
      if (!(code > 0 && code <= 0x10ffff) || (code >= 0xd800 && code <= 0xdfff)) {
        throw new XmlError(`bad character reference ${whole}`, at);
      }
      return String.fromCodePoint(code);
    }
    const value = ENTITIES[name];
    if (value === undefined) throw new XmlError(`unknown entity ${whole}`, at);
    return value;
  });
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
    while (this.#pos < this.text.length && /\s/.test(this.text[this.#pos] as string)) this.#pos++;
  }

  #name(): string {
    NAME.lastIndex = this.#pos;
    const match = NAME.exec(this.text);
    if (!match) throw new XmlError("expected a name", this.#pos);
    this.#pos = NAME.lastIndex;
    return match[0];
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
      if (this.text[this.#pos] === "<") {
        if (this.text[this.#pos + 1] === "!" || this.text[this.#pos + 1] === "?") {
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
        const previous = children[child];
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
