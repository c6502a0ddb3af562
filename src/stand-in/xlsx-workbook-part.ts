import { XmlChildren } from './xml-children';
import { encodeXml, XmlScanner, xmlAttributes } from './xml-scanner';

/** A tab as workbook.xml lists it. */
export interface XlsxSheetEntry {
  name: string;
  /** The workbook's own number for it (not the Sheets sheetId). */
  sheetId: number;
  state: 'visible' | 'hidden' | 'veryHidden';
  relationshipId: string;
}

/** A defined name; `sheet` is the tab it is local to (workbook.xml says it by position). */
export interface XlsxDefinedName {
  name: string;
  sheet: string | undefined;
  /** Every attribute but name and localSheetId, as written. */
  attributes: Array<[string, string]>;
  text: string;
}

/** The elements of workbook.xml in schema order. */
const ORDER = [
  'fileVersion',
  'fileSharing',
  'workbookPr',
  'workbookProtection',
  'bookViews',
  'sheets',
  'functionGroups',
  'externalReferences',
  'definedNames',
  'calcPr',
  'oleSize',
  'customWorkbookViews',
  'pivotCaches',
  'smartTagPr',
  'smartTagTypes',
  'webPublishing',
  'fileRecoveryPr',
  'webPublishObjects',
  'extLst',
];

/** workbook.xml of a new package. */
const NEW_WORKBOOK =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ' +
  'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
  '<bookViews><workbookView/></bookViews><sheets/><calcPr calcId="171027"/></workbook>';

/**
 * workbook.xml: the tabs in order with their visibility, the date system, defined names and
 * the active tab. A save rewrites the tab list and the defined names and copies the rest.
 */
export class XlsxWorkbookPart {
  readonly sheets: XlsxSheetEntry[] = [];
  readonly definedNames: XlsxDefinedName[] = [];
  /** Whether dates count from 1904 (old Mac Excel). */
  readonly date1904: boolean;
  private readonly elements: XmlChildren;
  /** The tab shown when the file opens. */
  private readonly activeSheet: string | undefined;
  /** How the tab list names a relationship id (`r:id`, with the part's own prefix). */
  private relationshipAttribute = 'r:id';

  constructor(
    xml: string = NEW_WORKBOOK,
    malformed: () => Error = () => new Error('workbook.xml'),
  ) {
    this.elements = XmlChildren.of(xml, malformed);
    const scanner = new XmlScanner(xml, malformed);
    let date1904 = false;
    let activeTab = 0;
    const local: Array<number | undefined> = [];
    while (scanner.next()) {
      if (scanner.closing) continue;
      if (scanner.is('workbookPr'))
        date1904 = ['1', 'true'].includes(scanner.attribute('date1904') ?? '');
      else if (scanner.is('workbookView') && activeTab === 0)
        activeTab = Number(scanner.attribute('activeTab') ?? 0);
      else if (scanner.is('sheet')) {
        const attributes = scanner.attributeList();
        const id = attributes.find(([name]) => name === 'id' || name.endsWith(':id'));
        if (id) this.relationshipAttribute = id[0];
        const state = scanner.attribute('state');
        this.sheets.push({
          name: scanner.attribute('name') ?? '',
          sheetId: Number(scanner.attribute('sheetId') ?? 0),
          state: state === 'hidden' || state === 'veryHidden' ? state : 'visible',
          relationshipId: id?.[1] ?? '',
        });
      } else if (scanner.is('definedName')) {
        const attributes = scanner.attributeList();
        const at = attributes.find(([name]) => name === 'localSheetId')?.[1];
        local.push(at === undefined ? undefined : Number(at));
        this.definedNames.push({
          name: scanner.attribute('name') ?? '',
          sheet: undefined,
          attributes: attributes.filter(([name]) => name !== 'name' && name !== 'localSheetId'),
          text: scanner.text(),
        });
      }
    }
    this.definedNames.forEach((definedName, i) => {
      const index = local[i];
      if (index !== undefined) definedName.sheet = this.sheets[index]?.name ?? '';
    });
    this.date1904 = date1904;
    this.activeSheet = this.sheets[activeTab]?.name;
  }

  /**
   * workbook.xml listing `sheets` in order, with `definedNames` (a name local to a tab that is
   * gone is dropped), the same tab active as before when it is still there.
   */
  write(sheets: readonly XlsxSheetEntry[], definedNames: readonly XlsxDefinedName[]): string {
    const index = new Map(sheets.map((sheet, i) => [sheet.name, i]));
    const list = sheets
      .map(
        (sheet) =>
          `<sheet name="${encodeXml(sheet.name)}" sheetId="${sheet.sheetId}"${sheet.state === 'visible' ? '' : ` state="${sheet.state}"`} ${this.relationshipAttribute}="${sheet.relationshipId}"/>`,
      )
      .join('');
    const names = definedNames.flatMap((definedName) => {
      const at = definedName.sheet === undefined ? undefined : index.get(definedName.sheet);
      if (definedName.sheet !== undefined && at === undefined) return [];
      const attributes: Array<[string, string]> = [['name', definedName.name]];
      if (at !== undefined) attributes.push(['localSheetId', String(at)]);
      return [
        `<definedName${xmlAttributes([...attributes, ...definedName.attributes])}>${encodeXml(definedName.text)}</definedName>`,
      ];
    });
    const replaced = new Map([
      ['sheets', `<sheets>${list}</sheets>`],
      ['definedNames', names.length > 0 ? `<definedNames>${names.join('')}</definedNames>` : ''],
    ]);
    const views = this.elements.find('bookViews');
    if (views) {
      const active = index.get(this.activeSheet ?? '') ?? 0;
      replaced.set(
        'bookViews',
        views.replace(/<workbookView\b[^>]*?(\/?)>/, (tag, close: string) => {
          const attributes = XmlScanner.attributesOf(tag).filter(
            ([name]) => name !== 'activeTab' && name !== 'firstSheet',
          );
          if (active > 0) attributes.push(['activeTab', String(active)]);
          return `<workbookView${xmlAttributes(attributes)}${close}>`;
        }),
      );
    }
    return this.elements.replace(replaced, ORDER);
  }
}
