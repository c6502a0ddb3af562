import { encodeXml, XmlScanner } from './xml-scanner';

/** One relationship of a package part. */
export interface XlsxRelationship {
  id: string;
  /** The full type URI; compare by its last segment (`/worksheet`), which Strict files share. */
  type: string;
  target: string;
  external: boolean;
}

/** The relationship type URIs the stand-in writes. */
const TYPE_BASE = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/';

/**
 * A `.rels` part: the relationships of one package part (or of the package, `_rels/.rels`),
 * and how their targets resolve to package paths.
 */
export class XlsxRelationships {
  private constructor(
    /** The part these relationships are of ('' for the package). */
    private readonly source: string,
    readonly list: XlsxRelationship[],
  ) {}

  /** The relationships of `source` in `xml`; none for a part without a `.rels`. */
  static parse(source: string, xml: string | undefined, malformed: () => Error): XlsxRelationships {
    const list: XlsxRelationship[] = [];
    if (xml === undefined) return new XlsxRelationships(source, list);
    const scanner = new XmlScanner(xml, malformed);
    while (scanner.next()) {
      if (scanner.closing || !scanner.is('Relationship')) continue;
      list.push({
        id: scanner.attribute('Id') ?? '',
        type: scanner.attribute('Type') ?? '',
        target: scanner.attribute('Target') ?? '',
        external: scanner.attribute('TargetMode') === 'External',
      });
    }
    return new XlsxRelationships(source, list);
  }

  /** The `.rels` part holding the relationships of `part`. */
  static pathOf(part: string): string {
    const slash = part.lastIndexOf('/');
    return `${part.slice(0, slash + 1)}_rels/${part.slice(slash + 1)}.rels`;
  }

  /** The package path a target of `part` points to ('' for the package itself). */
  static resolve(part: string, target: string): string {
    if (target.startsWith('/')) return target.slice(1);
    const segments = part.split('/').slice(0, -1);
    for (const segment of target.split('/')) {
      if (segment === '..') segments.pop();
      else if (segment !== '.' && segment !== '') segments.push(segment);
    }
    return segments.join('/');
  }

  /** The first relationship whose type ends in `/kind` (`worksheet`, `styles`). */
  find(kind: string): XlsxRelationship | undefined {
    return this.list.find((relationship) => relationship.type.endsWith(`/${kind}`));
  }

  /** Every relationship whose type ends in `/kind`. */
  all(kind: string): XlsxRelationship[] {
    return this.list.filter((relationship) => relationship.type.endsWith(`/${kind}`));
  }

  byId(id: string): XlsxRelationship | undefined {
    return this.list.find((relationship) => relationship.id === id);
  }

  /** Adds a relationship of type `kind` to the part at `path`, and returns its new id. */
  add(kind: string, path: string): string {
    const taken = new Set(this.list.map((relationship) => relationship.id));
    let n = this.list.length + 1;
    while (taken.has(`rId${n}`)) n++;
    const id = `rId${n}`;
    // Relative, as Excel writes targets: some readers (exceljs) expect it.
    const from = this.source.split('/').slice(0, -1);
    const to = path.split('/');
    let common = 0;
    while (common < from.length && common < to.length - 1 && from[common] === to[common]) common++;
    const target = [...from.slice(common).map(() => '..'), ...to.slice(common)].join('/');
    this.list.push({ id, type: TYPE_BASE + kind, target, external: false });
    return id;
  }

  /** Removes the relationships whose type ends in `/kind`, or the one with id `id`. */
  remove(match: { kind: string } | { id: string }): void {
    for (let i = this.list.length - 1; i >= 0; i--) {
      const relationship = this.list[i] as XlsxRelationship;
      if (
        'id' in match ? relationship.id === match.id : relationship.type.endsWith(`/${match.kind}`)
      )
        this.list.splice(i, 1);
    }
  }

  toXml(): string {
    return (
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
      '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      this.list
        .map(
          (r) =>
            `<Relationship Id="${encodeXml(r.id)}" Type="${encodeXml(r.type)}" Target="${encodeXml(r.target)}"${r.external ? ' TargetMode="External"' : ''}/>`,
        )
        .join('') +
      '</Relationships>'
    );
  }
}
