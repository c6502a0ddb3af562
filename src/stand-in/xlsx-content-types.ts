import { encodeXml, XmlScanner } from './xml-scanner';

/** The content types of the parts the stand-in writes. */
export const CONTENT_TYPES = {
  worksheet: 'application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml',
  comments: 'application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml',
  vmlDrawing: 'application/vnd.openxmlformats-officedocument.vmlDrawing',
  styles: 'application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml',
  workbook: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml',
  core: 'application/vnd.openxmlformats-package.core-properties+xml',
  relationships: 'application/vnd.openxmlformats-package.relationships+xml',
  xml: 'application/xml',
} as const;

/** `[Content_Types].xml`: the type of each package part, by extension or by name. */
export class XlsxContentTypes {
  private constructor(
    private readonly defaults: Map<string, string>,
    private readonly overrides: Map<string, string>,
  ) {}

  static parse(xml: string | undefined, malformed: () => Error): XlsxContentTypes {
    const types = new XlsxContentTypes(new Map(), new Map());
    if (xml === undefined) return types;
    const scanner = new XmlScanner(xml, malformed);
    while (scanner.next()) {
      if (scanner.closing) continue;
      const type = scanner.attribute('ContentType') ?? '';
      if (scanner.is('Default'))
        types.defaults.set((scanner.attribute('Extension') ?? '').toLowerCase(), type);
      else if (scanner.is('Override'))
        types.overrides.set((scanner.attribute('PartName') ?? '').replace(/^\//, ''), type);
    }
    return types;
  }

  /** The type of the part at `path`. */
  typeOf(path: string): string | undefined {
    return (
      this.overrides.get(path) ??
      this.defaults.get(path.slice(path.lastIndexOf('.') + 1).toLowerCase())
    );
  }

  /** Gives the part at `path` its own type. */
  set(path: string, type: string): void {
    this.overrides.set(path, type);
  }

  /** Gives every part ending in `.extension` without one of its own this type. */
  setDefault(extension: string, type: string): void {
    if (!this.defaults.has(extension)) this.defaults.set(extension, type);
  }

  remove(path: string): void {
    this.overrides.delete(path);
  }

  toXml(): string {
    return (
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
      '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      [...this.defaults]
        .map(
          ([extension, type]) =>
            `<Default Extension="${encodeXml(extension)}" ContentType="${encodeXml(type)}"/>`,
        )
        .join('') +
      [...this.overrides]
        .map(
          ([path, type]) =>
            `<Override PartName="/${encodeXml(path)}" ContentType="${encodeXml(type)}"/>`,
        )
        .join('') +
      '</Types>'
    );
  }
}
