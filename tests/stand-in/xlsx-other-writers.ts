import { elements, XlsxPackage, xmlEscape, xmlText } from '../support/xlsx-package';

/**
 * Rewrites an .xlsx package the way other writers lay out the same workbook, so tests can
 * check that a file saved by them still syncs as ours. Each quirk is one that a real writer
 * produces (see the comments); the cell values stay the same.
 */

const CJK = /[\u3000-\u9fff\uff00-\uffef]/;

/** Text split into runs by script, as LibreOffice saves mixed CJK and Latin text. */
function scriptRuns(text: string): string[] {
  const runs: string[] = [];
  for (const char of text) {
    const last = runs[runs.length - 1];
    if (last !== undefined && CJK.test(last.slice(-1)) === CJK.test(char))
      runs[runs.length - 1] = last + char;
    else runs.push(char);
  }
  return runs;
}

function richText(runs: string[], font: (run: string) => string): string {
  return runs
    .map(
      (run) =>
        `<r><rPr><sz val="11"/><color rgb="FF000000"/><rFont val="${font(run)}"/><family val="2"/></rPr><t xml:space="preserve">${xmlEscape(run)}</t></r>`,
    )
    .join('');
}

const SHARED_STRINGS = 'xl/sharedStrings.xml';

/**
 * Moves every inline string into the shared strings part (made when missing), as LibreOffice,
 * Excel and WPS do when they save: they keep all text there.
 */
async function shareStrings(xlsx: XlsxPackage): Promise<void> {
  const existing = xlsx.has(SHARED_STRINGS) ? await xlsx.text(SHARED_STRINGS) : undefined;
  const items = existing === undefined ? [] : elements(existing, 'si');
  for (const path of await worksheetPaths(xlsx)) {
    const xml = await xlsx.text(path);
    xlsx.set(
      path,
      xml.replace(
        /<c\b([^>]*?)\st="inlineStr"([^>]*)><is>([\s\S]*?)<\/is><\/c>/g,
        (_, a: string, b: string, inline: string) => {
          items.push(`<si>${inline}</si>`);
          return `<c${a} t="s"${b}><v>${items.length - 1}</v></c>`;
        },
      ),
    );
  }
  xlsx.set(
    SHARED_STRINGS,
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${items.length}" uniqueCount="${items.length}">${items.join('')}</sst>`,
  );
  if (existing !== undefined) return;
  await relate(xlsx, 'xl/workbook.xml', 'sharedStrings', 'sharedStrings.xml');
  await contentType(
    xlsx,
    SHARED_STRINGS,
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml',
  );
}

async function rewriteSharedStrings(
  xlsx: XlsxPackage,
  rewrite: (text: string) => string | undefined,
): Promise<void> {
  await shareStrings(xlsx);
  const xml = await xlsx.text(SHARED_STRINGS);
  xlsx.set(
    SHARED_STRINGS,
    xml.replace(/<si>([\s\S]*?)<\/si>/g, (si, inner: string) => {
      const text = [...inner.matchAll(/<t(?:\s[^>]*)?>([\s\S]*?)<\/t>/g)]
        .map((m) => xmlText(m[1] ?? ''))
        .join('');
      const runs = rewrite(text);
      return runs === undefined ? si : `<si>${runs}</si>`;
    }),
  );
}

async function worksheetPaths(xlsx: XlsxPackage): Promise<string[]> {
  return Promise.all((await xlsx.sheets()).map((s) => xlsx.sheetPath(s.name)));
}

/** Adds an override to [Content_Types].xml. */
async function contentType(xlsx: XlsxPackage, part: string, type: string): Promise<void> {
  const xml = await xlsx.text('[Content_Types].xml');
  xlsx.set(
    '[Content_Types].xml',
    xml.replace('</Types>', `<Override PartName="/${part}" ContentType="${type}"/></Types>`),
  );
}

/** Adds a relationship to a part's .rels (made when missing); returns its id. */
async function relate(
  xlsx: XlsxPackage,
  from: string,
  type: string,
  target: string,
): Promise<string> {
  const slash = from.lastIndexOf('/');
  const rels = `${from.slice(0, slash)}/_rels/${from.slice(slash + 1)}.rels`;
  const xml = xlsx.has(rels)
    ? await xlsx.text(rels)
    : '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>';
  const id = `rIdOther${elements(xml, 'Relationship').length + 1}`;
  xlsx.set(
    rels,
    xml.replace(
      '</Relationships>',
      `<Relationship Id="${id}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/${type}" Target="${target}"/></Relationships>`,
    ),
  );
  return id;
}

/** Inserts an element into a worksheet before the first of `before` that it has. */
function insertIntoSheet(xml: string, element: string, before: string[]): string {
  for (const tag of before) {
    const at = xml.indexOf(`<${tag}`);
    if (at >= 0) return xml.slice(0, at) + element + xml.slice(at);
  }
  return xml.replace('</worksheet>', `${element}</worksheet>`);
}

export const otherWriters = {
  /**
   * LibreOffice Calc: text with CJK characters becomes rich text, one run per script (with
   * the CJK font named); `veryHidden` sheets become `hidden`.
   */
  async libreOffice(bytes: Uint8Array): Promise<Uint8Array> {
    const xlsx = await XlsxPackage.open(bytes);
    await rewriteSharedStrings(xlsx, (text) =>
      CJK.test(text)
        ? richText(scriptRuns(text), (run) => (CJK.test(run) ? 'Noto Sans CJK SC' : 'Calibri'))
        : undefined,
    );
    const workbook = await xlsx.text('xl/workbook.xml');
    xlsx.set('xl/workbook.xml', workbook.replaceAll('state="veryHidden"', 'state="hidden"'));
    return xlsx.bytes();
  },

  /**
   * A file written before the metadata was kept in ASCII: the JSON records of the hidden
   * metadata tab hold their CJK characters as they are (then LibreOffice splits them in runs).
   */
  async unescapedMetadata(bytes: Uint8Array): Promise<Uint8Array> {
    const xlsx = await XlsxPackage.open(bytes);
    await rewriteSharedStrings(xlsx, (text) =>
      text.startsWith('{') && text.includes('\\u')
        ? `<t xml:space="preserve">${xmlEscape(
            text.replace(/\\u([0-9a-f]{4})/g, (_, hex: string) =>
              String.fromCharCode(Number.parseInt(hex, 16)),
            ),
          )}</t>`
        : undefined,
    );
    return xlsx.bytes();
  },

  /** WPS and streaming writers: every string inline in its cell, no shared-strings part. */
  async inlineStrings(bytes: Uint8Array): Promise<Uint8Array> {
    const xlsx = await XlsxPackage.open(bytes);
    const strings = await xlsx.sharedStrings();
    for (const path of await worksheetPaths(xlsx)) {
      const xml = await xlsx.text(path);
      xlsx.set(
        path,
        xml.replace(/<c\b([^>]*?)\st="s"([^>]*)><v>(\d+)<\/v><\/c>/g, (_, a, b, index: string) => {
          const text = strings[Number(index)] ?? '';
          return `<c${a} t="inlineStr"${b}><is><t xml:space="preserve">${xmlEscape(text)}</t></is></c>`;
        }),
      );
    }
    xlsx.remove('xl/sharedStrings.xml');
    const rels = await xlsx.text('xl/_rels/workbook.xml.rels');
    xlsx.set(
      'xl/_rels/workbook.xml.rels',
      rels.replace(/<Relationship\b[^>]*sharedStrings[^>]*\/>/, ''),
    );
    const types = await xlsx.text('[Content_Types].xml');
    xlsx.set('[Content_Types].xml', types.replace(/<Override\b[^>]*sharedStrings[^>]*\/>/, ''));
    return xlsx.bytes();
  },

  /** Excel: a cell formatted in part (the first character bold) is saved as rich text. */
  async excelRichText(bytes: Uint8Array): Promise<Uint8Array> {
    const xlsx = await XlsxPackage.open(bytes);
    await rewriteSharedStrings(xlsx, (text) =>
      CJK.test(text) && [...text].length > 1
        ? `<r><rPr><b/><sz val="11"/><rFont val="等线"/></rPr><t>${xmlEscape([...text][0] ?? '')}</t></r><r><rPr><sz val="11"/><rFont val="等线"/></rPr><t xml:space="preserve">${xmlEscape([...text].slice(1).join(''))}</t></r>`
        : undefined,
    );
    return xlsx.bytes();
  },

  /**
   * openpyxl's notes: the comments at `/xl/comments/comment1.xml` and their VML at
   * `/xl/drawings/commentsDrawing1.vml`, both named by absolute targets, the VML by a
   * `legacyDrawing` element. exceljs looks for neither name and crashed on such files.
   */
  async openpyxlNote(
    bytes: Uint8Array,
    sheet: string,
    ref: string,
    note: string,
  ): Promise<Uint8Array> {
    const xlsx = await XlsxPackage.open(bytes);
    const path = await xlsx.sheetPath(sheet);
    xlsx.set(
      'xl/comments/comment1.xml',
      `<?xml version="1.0" encoding="UTF-8"?><comments xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><authors><author>openpyxl</author></authors><commentList><comment ref="${ref}" authorId="0"><text><t>${xmlEscape(note)}</t></text></comment></commentList></comments>`,
    );
    const [, column = 'A', row = '1'] = /^([A-Z]+)(\d+)$/.exec(ref) ?? [];
    xlsx.set(
      'xl/drawings/commentsDrawing1.vml',
      `<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel"><o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="1"/></o:shapelayout><v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype><v:shape id="anchor_0" type="#_x0000_t202" style="position:absolute;margin-left:59.25pt;margin-top:1.5pt;width:108pt;height:59.25pt;z-index:1;visibility:hidden" fillcolor="#ffffe1" o:insetmode="auto"><v:fill color2="#ffffe1"/><v:shadow on="t" color="black" obscured="t"/><v:path o:connecttype="none"/><v:textbox style="mso-direction-alt:auto"><div style="text-align:left"/></v:textbox><x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/><x:AutoFill>False</x:AutoFill><x:Row>${Number(row) - 1}</x:Row><x:Column>${column.charCodeAt(0) - 65}</x:Column></x:ClientData></v:shape></xml>`,
    );
    await relate(xlsx, path, 'comments', '/xl/comments/comment1.xml');
    const vml = await relate(xlsx, path, 'vmlDrawing', '/xl/drawings/commentsDrawing1.vml');
    xlsx.set(
      path,
      insertIntoSheet(await xlsx.text(path), `<legacyDrawing r:id="${vml}"/>`, [
        'legacyDrawingHF',
        'picture',
        'oleObjects',
        'tableParts',
        'extLst',
      ]),
    );
    await contentType(
      xlsx,
      'xl/comments/comment1.xml',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml',
    );
    return xlsx.bytes();
  },

  /** openpyxl and similar libraries: a formula saved with an empty value, no result. */
  async formulaWithoutResult(
    bytes: Uint8Array,
    sheet: string,
    ref: string,
    formula: string,
  ): Promise<Uint8Array> {
    const xlsx = await XlsxPackage.open(bytes);
    const path = await xlsx.sheetPath(sheet);
    const xml = await xlsx.text(path);
    const cell = `<c r="${ref}"><f>${xmlEscape(formula)}</f><v></v></c>`;
    const existing = new RegExp(`<c r="${ref}"[^>]*?(?:/>|>[\\s\\S]*?</c>)`);
    if (!existing.test(xml)) throw new Error(`no cell ${ref} in ${sheet}`);
    xlsx.set(path, xml.replace(existing, cell));
    return xlsx.bytes();
  },

  /**
   * A chart another app drew on a staff tab: a drawing whose graphic frame points at a chart
   * part. exceljs keeps no charts, but must load the file.
   */
  async chart(bytes: Uint8Array, sheet: string): Promise<Uint8Array> {
    const xlsx = await XlsxPackage.open(bytes);
    const path = await xlsx.sheetPath(sheet);
    xlsx.set(
      'xl/charts/chart1.xml',
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><c:chart><c:plotArea><c:layout/><c:barChart><c:barDir val="col"/><c:grouping val="clustered"/><c:ser><c:idx val="0"/><c:order val="0"/><c:val><c:numRef><c:f>'${sheet}'!$B$2:$B$3</c:f></c:numRef></c:val></c:ser><c:axId val="1"/><c:axId val="2"/></c:barChart><c:catAx><c:axId val="1"/><c:scaling/><c:axPos val="b"/><c:crossAx val="2"/></c:catAx><c:valAx><c:axId val="2"/><c:scaling/><c:axPos val="l"/><c:crossAx val="1"/></c:valAx></c:plotArea></c:chart></c:chartSpace>`,
    );
    const drawing = 'xl/drawings/drawing9.xml';
    xlsx.set(
      drawing,
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><xdr:twoCellAnchor><xdr:from><xdr:col>3</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>1</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from><xdr:to><xdr:col>9</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>15</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to><xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="2" name="图表 1"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr><xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart"><c:chart r:id="rId1"/></a:graphicData></a:graphic></xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor></xdr:wsDr>`,
    );
    xlsx.set(
      'xl/drawings/_rels/drawing9.xml.rels',
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart" Target="../charts/chart1.xml"/></Relationships>',
    );
    const id = await relate(xlsx, path, 'drawing', '../drawings/drawing9.xml');
    xlsx.set(
      path,
      insertIntoSheet(await xlsx.text(path), `<drawing r:id="${id}"/>`, [
        'legacyDrawing',
        'legacyDrawingHF',
        'picture',
        'oleObjects',
        'tableParts',
        'extLst',
      ]),
    );
    await contentType(xlsx, drawing, 'application/vnd.openxmlformats-officedocument.drawing+xml');
    await contentType(
      xlsx,
      'xl/charts/chart1.xml',
      'application/vnd.openxmlformats-officedocument.drawingml.chart+xml',
    );
    return xlsx.bytes();
  },
};

/** Every cell's shown text on the given tabs, for comparing workbooks before and after. */
export async function cellTexts(
  bytes: Uint8Array,
  tabs: readonly string[],
): Promise<Record<string, string>> {
  const xlsx = await XlsxPackage.open(bytes);
  const texts: Record<string, string> = {};
  for (const tab of tabs) {
    for (const [address, cell] of await xlsx.cells(tab)) {
      const shown = cell.formula === undefined ? cell.text : `=${cell.formula}`;
      if (shown !== '') texts[`${tab}!${address}`] = shown;
    }
  }
  return texts;
}
