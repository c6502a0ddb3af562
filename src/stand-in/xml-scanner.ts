const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;
const EQUALS = 0x3d;
const QUOTE = 0x22;
const APOSTROPHE = 0x27;
const BANG = 0x21;
const QUESTION = 0x3f;
/** Attributes a tag may have before the scanner stops recording them (all are still checked). */
const MAX_ATTRIBUTES = 64;

const ENTITY = /&(?:(amp|lt|gt|quot|apos)|#x([0-9a-fA-F]+)|#(\d+));/g;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** XML text with its character references and the five predefined entities replaced. */
export function decodeXml(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(ENTITY, (_, name?: string, hex?: string, decimal?: string) =>
    name
      ? (NAMED[name] as string)
      : String.fromCodePoint(Number.parseInt(hex ?? decimal ?? '', hex ? 16 : 10)),
  );
}

/** Text escaped for an XML element or a double-quoted attribute. */
export function encodeXml(text: string): string {
  return text.replace(/[&<>"]/g, (char) =>
    char === '&' ? '&amp;' : char === '<' ? '&lt;' : char === '>' ? '&gt;' : '&quot;',
  );
}

/** Attributes as written in a start tag: ` name="value"` each, escaped. */
export function xmlAttributes(attributes: ReadonlyArray<[string, string]>): string {
  return attributes.map(([name, value]) => ` ${name}="${encodeXml(value)}"`).join('');
}

/** ASCII codes that end a name: white space, `<`, `>`, `/`, `=` and quotes. */
const ENDS_NAME = new Uint8Array(128);
for (const char of ' \n\t\r<>/="\'') ENDS_NAME[char.charCodeAt(0)] = 1;

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x09 || code === 0x0d;
}

/** Whether `code` (NaN past the end) can continue a tag or attribute name. */
function isNameChar(code: number): boolean {
  return code < 128 ? ENDS_NAME[code] === 0 : !Number.isNaN(code);
}

/**
 * A pull scanner over XML text: tags one at a time, their attributes by name, the text inside
 * an element. It checks what a cut or hand-edited part lacks — whole tags, quoted attributes,
 * end tags matching start tags, one root — and calls `malformed` for the error to throw; it is
 * not a validating parser (no DTDs, no namespaces: names are compared with their prefix).
 * Worksheets are tens of megabytes, so it allocates little: attribute values are sliced only
 * when asked for.
 */
export class XmlScanner {
  /** Whether the current tag is an end tag. */
  closing = false;
  /** Whether the current start tag closes itself (`<c r="A1"/>`). */
  selfClosing = false;
  /** Where the current tag starts (its `<`) and one past its `>`. */
  start = 0;
  end = 0;
  /** Where the current tag's name lies; sliced only when asked for (see `name`). */
  private nameStart = 0;
  private nameEnd = 0;
  private cachedName: string | undefined;
  /** Where the text before the current tag starts (it ends at `start`). */
  private textStart = 0;
  private position = 0;
  /** The open elements' names, as [start, end) pairs into the text. */
  private open = new Int32Array(64);
  private openCount = 0;
  private rootSeen = false;
  /** [name start, name end, value start, value end] per attribute of the current tag. */
  private readonly attributes = new Int32Array(MAX_ATTRIBUTES * 4);
  private attributeCount = 0;

  constructor(
    readonly xml: string,
    private readonly malformed: () => Error,
  ) {}

  /** The attributes of one start tag given as text (`<row r="2" ht="20">`), decoded, in order. */
  static attributesOf(tag: string): Array<[string, string]> {
    const closed = tag.endsWith('/>') ? tag : `${tag.slice(0, -1)}/>`;
    const scanner = new XmlScanner(closed, () => new Error(`not a start tag: ${tag}`));
    scanner.next();
    return scanner.attributeList();
  }

  /** The current tag's name, with its prefix (`x14:id`). */
  get name(): string {
    this.cachedName ??= this.xml.slice(this.nameStart, this.nameEnd);
    return this.cachedName;
  }

  /** Whether the current tag is named `name` (a method, so a test does not narrow `name`). */
  is(name: string): boolean {
    return (
      this.nameEnd - this.nameStart === name.length && this.xml.startsWith(name, this.nameStart)
    );
  }

  /** How many elements enclose the current tag (0 for the root's own tags). */
  get depth(): number {
    return this.closing || this.selfClosing ? this.openCount : this.openCount - 1;
  }

  /** Moves to the next start or end tag; false at the end of a complete document. */
  next(): boolean {
    const xml = this.xml;
    this.textStart = this.position;
    for (;;) {
      const lt = xml.indexOf('<', this.position);
      if (lt < 0) {
        if (this.openCount > 0 || !this.rootSeen) throw this.malformed();
        this.position = xml.length;
        return false;
      }
      const second = xml.charCodeAt(lt + 1);
      if (second === QUESTION || second === BANG) {
        this.position = this.skipMarkup(lt, second);
        continue;
      }
      this.start = lt;
      if (second === SLASH) this.endTag(lt);
      else this.startTag(lt);
      return true;
    }
  }

  /** Past a processing instruction, comment, CDATA section or declaration starting at `lt`. */
  private skipMarkup(lt: number, second: number): number {
    const xml = this.xml;
    let close = '>';
    if (second === QUESTION) close = '?>';
    else if (xml.startsWith('<!--', lt)) close = '-->';
    else if (xml.startsWith('<![CDATA[', lt)) {
      if (this.openCount === 0) throw this.malformed();
      close = ']]>';
    }
    const at = xml.indexOf(close, lt + 2);
    if (at < 0) throw this.malformed();
    return at + close.length;
  }

  private endTag(lt: number): void {
    const xml = this.xml;
    let i = lt + 2;
    while (isNameChar(xml.charCodeAt(i))) i++;
    if (this.openCount === 0) throw this.malformed();
    this.openCount--;
    const start = this.open[this.openCount * 2] as number;
    const length = (this.open[this.openCount * 2 + 1] as number) - start;
    if (i - lt - 2 !== length) throw this.malformed();
    for (let k = 0; k < length; k++)
      if (xml.charCodeAt(start + k) !== xml.charCodeAt(lt + 2 + k)) throw this.malformed();
    while (isSpace(xml.charCodeAt(i))) i++;
    if (xml.charCodeAt(i) !== GT) throw this.malformed();
    this.setName(lt + 2, lt + 2 + length);
    this.closing = true;
    this.selfClosing = false;
    this.attributeCount = 0;
    this.end = this.position = i + 1;
  }

  private setName(start: number, end: number): void {
    this.nameStart = start;
    this.nameEnd = end;
    this.cachedName = undefined;
  }

  private startTag(lt: number): void {
    const xml = this.xml;
    let i = lt + 1;
    while (isNameChar(xml.charCodeAt(i))) i++;
    if (i === lt + 1) throw this.malformed();
    const nameEnd = i;
    let count = 0;
    for (;;) {
      const before = i;
      while (isSpace(xml.charCodeAt(i))) i++;
      const code = xml.charCodeAt(i);
      if (code === GT || code === SLASH) break;
      if (i === before) throw this.malformed();
      const attributeStart = i;
      while (isNameChar(xml.charCodeAt(i))) i++;
      const attributeEnd = i;
      while (isSpace(xml.charCodeAt(i))) i++;
      if (attributeEnd === attributeStart || xml.charCodeAt(i) !== EQUALS) throw this.malformed();
      i++;
      while (isSpace(xml.charCodeAt(i))) i++;
      const quote = xml.charCodeAt(i);
      if (quote !== QUOTE && quote !== APOSTROPHE) throw this.malformed();
      const valueEnd = xml.indexOf(quote === QUOTE ? '"' : "'", i + 1);
      if (valueEnd < 0) throw this.malformed();
      if (count < MAX_ATTRIBUTES) {
        const at = count * 4;
        this.attributes[at] = attributeStart;
        this.attributes[at + 1] = attributeEnd;
        this.attributes[at + 2] = i + 1;
        this.attributes[at + 3] = valueEnd;
        count++;
      }
      i = valueEnd + 1;
    }
    let selfClosing = false;
    if (xml.charCodeAt(i) === SLASH) {
      selfClosing = true;
      i++;
    }
    // No `<` inside the tag, attribute values included: what a cut part shows.
    const lessThan = xml.indexOf('<', lt + 1);
    if (xml.charCodeAt(i) !== GT || (lessThan >= 0 && lessThan < i)) throw this.malformed();
    if (this.openCount === 0) {
      if (this.rootSeen) throw this.malformed();
      this.rootSeen = true;
    }
    if (!selfClosing) {
      if (this.openCount * 2 === this.open.length) {
        const grown = new Int32Array(this.open.length * 2);
        grown.set(this.open);
        this.open = grown;
      }
      this.open[this.openCount * 2] = lt + 1;
      this.open[this.openCount * 2 + 1] = nameEnd;
      this.openCount++;
    }
    this.setName(lt + 1, nameEnd);
    this.closing = false;
    this.selfClosing = selfClosing;
    this.attributeCount = count;
    this.end = this.position = i + 1;
  }

  /** Where the value of the current tag's attribute `name` starts, or -1 without one. */
  valueStart(name: string): number {
    const xml = this.xml;
    for (let a = 0; a < this.attributeCount * 4; a += 4) {
      const start = this.attributes[a] as number;
      if ((this.attributes[a + 1] as number) - start === name.length && xml.startsWith(name, start))
        return this.attributes[a + 2] as number;
    }
    return -1;
  }

  /** The current tag's attribute `name`, decoded; undefined without one. */
  attribute(name: string): string | undefined {
    const xml = this.xml;
    for (let a = 0; a < this.attributeCount * 4; a += 4) {
      const start = this.attributes[a] as number;
      if ((this.attributes[a + 1] as number) - start === name.length && xml.startsWith(name, start))
        return decodeXml(xml.slice(this.attributes[a + 2], this.attributes[a + 3]));
    }
    return undefined;
  }

  /** The current tag's attributes, decoded, in order. */
  attributeList(): Array<[string, string]> {
    const list: Array<[string, string]> = [];
    for (let a = 0; a < this.attributeCount * 4; a += 4)
      list.push([
        this.xml.slice(this.attributes[a], this.attributes[a + 1]),
        decodeXml(this.xml.slice(this.attributes[a + 2], this.attributes[a + 3])),
      ]);
    return list;
  }

  /**
   * The text inside the element whose start tag is current, decoded, with the text of any
   * elements inside it; moves to its end tag.
   */
  text(): string {
    if (this.closing || this.selfClosing) return '';
    const depth = this.openCount;
    let text = '';
    for (;;) {
      if (!this.next()) throw this.malformed();
      text += this.textBefore();
      if (this.closing && this.openCount === depth - 1) return text;
    }
  }

  /**
   * When the current start tag is directly followed by `<name>text</name>` with plain text
   * inside (a cell's `<v>`), moves past that element and returns its text, decoded; otherwise
   * moves nowhere and returns undefined. A shortcut past the tokens of the commonest element.
   */
  leafText(name: string): string | undefined {
    const xml = this.xml;
    const at = this.position;
    if (this.closing || this.selfClosing || xml.charCodeAt(at) !== LT) return undefined;
    if (!xml.startsWith(name, at + 1) || xml.charCodeAt(at + 1 + name.length) !== GT)
      return undefined;
    const from = at + name.length + 2;
    const close = xml.indexOf('</', from);
    if (
      close < 0 ||
      xml.indexOf('<', from) !== close ||
      !xml.startsWith(name, close + 2) ||
      xml.charCodeAt(close + 2 + name.length) !== GT
    )
      return undefined;
    this.position = close + name.length + 3;
    return decodeXml(xml.slice(from, close));
  }

  /**
   * Calls `visit` at each start tag inside the element whose start tag is current (at any
   * depth), then moves to its end tag. `visit` may move on itself (`text`, `skip`).
   */
  within(visit: () => void): void {
    if (this.closing || this.selfClosing) return;
    const depth = this.depth;
    while (this.next() && this.depth > depth) if (!this.closing) visit();
  }

  /** Moves to the end tag of the element whose start tag is current (at once if self-closing). */
  skip(): void {
    if (this.closing || this.selfClosing) return;
    const depth = this.openCount;
    while (this.openCount >= depth) if (!this.next()) throw this.malformed();
  }

  /** The character data between the previous tag and the current one, decoded. */
  private textBefore(): string {
    const raw = this.xml.slice(this.textStart, this.start);
    if (!raw.includes('<')) return decodeXml(raw);
    // CDATA sections are taken as they are; comments and instructions are left out.
    let text = '';
    for (const part of raw.split(/(<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->|<\?[\s\S]*?\?>)/)) {
      if (part.startsWith('<![CDATA[')) text += part.slice(9, -3);
      else if (!part.startsWith('<')) text += decodeXml(part);
    }
    return text;
  }
}
