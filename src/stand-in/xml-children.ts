import { XmlScanner } from './xml-scanner';

/** One element directly under the root, and where it lies. */
export interface XmlChild {
  name: string;
  start: number;
  end: number;
}

/**
 * The elements directly under the root of an XML part, for rewriting some of them and copying
 * the rest as written. Package parts (a worksheet, workbook.xml) require their elements in
 * schema order, so a replacement goes where the element was, and a new element where `order`
 * puts it.
 */
export class XmlChildren {
  constructor(
    readonly xml: string,
    /** One past the root's start tag, and where its end tag starts. */
    readonly bodyStart: number,
    readonly bodyEnd: number,
    readonly children: readonly XmlChild[],
  ) {}

  /** The children of `xml`'s root; `malformed` makes the error for a part that is not XML. */
  static of(xml: string, malformed: () => Error): XmlChildren {
    const scanner = new XmlScanner(xml, malformed);
    const children: XmlChild[] = [];
    let bodyStart = 0;
    let bodyEnd = 0;
    while (scanner.next()) {
      if (scanner.depth === 0) {
        if (scanner.selfClosing) throw malformed();
        if (scanner.closing) bodyEnd = scanner.start;
        else bodyStart = scanner.end;
        continue;
      }
      const start = scanner.start;
      const name = scanner.name;
      scanner.skip();
      children.push({ name, start, end: scanner.end });
    }
    return new XmlChildren(xml, bodyStart, bodyEnd, children);
  }

  /** The first child named `name`, as written. */
  find(name: string): string | undefined {
    const child = this.children.find((c) => c.name === name);
    return child && this.xml.slice(child.start, child.end);
  }

  /**
   * The part with each child named in `replaced` replaced by its text ('' removes it; a repeated
   * element is replaced once) and each one missing inserted before the first child `order` puts
   * after it. Children `order` does not name stay where they are.
   */
  replace(replaced: ReadonlyMap<string, string>, order: readonly string[]): string {
    const { xml } = this;
    const rank = (name: string) => order.indexOf(name);
    const present = new Set(this.children.map((child) => child.name));
    const missing = [...replaced]
      .filter(([name]) => !present.has(name))
      .sort(([a], [b]) => rank(a) - rank(b));
    const out: string[] = [xml.slice(0, this.bodyStart)];
    const written = new Set<string>();
    let next = 0;
    const insertBefore = (at: number) => {
      while (next < missing.length && rank(missing[next]?.[0] ?? '') < at)
        out.push(missing[next++]?.[1] ?? '');
    };
    for (const child of this.children) {
      const at = rank(child.name);
      if (at >= 0) insertBefore(at);
      const replacement = replaced.get(child.name);
      if (replacement === undefined) out.push(xml.slice(child.start, child.end));
      else if (!written.has(child.name)) out.push(replacement);
      written.add(child.name);
    }
    insertBefore(Number.POSITIVE_INFINITY);
    out.push(xml.slice(this.bodyEnd));
    return out.join('');
  }
}
