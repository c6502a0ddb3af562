import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlignTable,
  WidthType,
} from 'docx';
import type { Review, ReviewBlock } from '../domain/compose-review';
import { writeFileAtomically } from './write-file-atomically';

/**
 * The review as a Word document laid out the way Chinese offices print papers (GB/T 9704-2012,
 * 党政机关公文格式, followed where it fits a report): A4, margins 37/35/28/26 mm around a
 * 156 × 225 mm text block of 22 lines, title 2号 方正小标宋简体, section headings 3号 黑体,
 * sub-headings 3号 楷体, body 3号 仿宋 indented two characters, tables in 小四 仿宋 with a
 * 黑体 header row repeated on every page, and page numbers `— 1 —` in 4号 宋体, odd pages
 * right and even pages left. Fonts an office may lack name a fallback (see FONT_TABLE).
 */

const TITLE_FONT = '方正小标宋简体';
const HEADING_FONT = '黑体';
const SUBHEADING_FONT = '楷体_GB2312';
const BODY_FONT = '仿宋_GB2312';
const NUMBER_FONT = '宋体';

/** Half-points: 2号 22 pt, 3号 16 pt, 4号 14 pt, 小四 12 pt. */
const SIZE = { title: 44, body: 32, pageNumber: 28, table: 24 };
/** Twips (1/20 pt; 1 mm ≈ 56.7). */
const MM = 56.7;
const A4 = { width: 11906, height: 16838 };
const TEXT_WIDTH = Math.round(156 * MM);
/** 225 mm over 22 lines: an exact 28.95 pt line. */
const LINE = 579;
const INDENT = { firstLine: 2 * 16 * 20, firstLineChars: 200 };

/**
 * The fonts the document uses, each with the name Word and LibreOffice fall back to
 * (`w:altName`) and the GB2312 character set, so a machine without the GB2312-era fonts or
 * 方正小标宋 still shows 仿宋, 楷体, 黑体 and 宋体 rather than a Latin default.
 */
const FONT_TABLE = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">${[
  [TITLE_FONT, '宋体', 'roman'],
  [HEADING_FONT, 'SimHei', 'modern'],
  [SUBHEADING_FONT, '楷体', 'modern'],
  [BODY_FONT, '仿宋', 'modern'],
  [NUMBER_FONT, 'SimSun', 'roman'],
]
  .map(
    ([name, alt, family]) =>
      `<w:font w:name="${name}"><w:altName w:val="${alt}"/><w:charset w:val="86"/><w:family w:val="${family}"/><w:pitch w:val="variable"/></w:font>`,
  )
  .join('')}</w:fonts>`;

/** Writes the review (contract §7.4) to `path` as a .docx. */
export async function writeReviewDocx(review: Review, path: string): Promise<void> {
  const children: Array<Paragraph | Table> = [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { line: 700, lineRule: LineRuleType.EXACT },
      children: titleLines(review.title).map((line, i) => run(line, TITLE_FONT, SIZE.title, i > 0)),
    }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      children: [run(review.subtitle, SUBHEADING_FONT, SIZE.body)],
    }),
    new Paragraph({}),
  ];
  for (const section of review.sections) {
    children.push(
      new Paragraph({
        indent: INDENT,
        keepNext: true,
        children: [run(section.heading, HEADING_FONT, SIZE.body)],
      }),
    );
    for (const block of section.blocks) children.push(...blockContent(block));
  }

  const document = new Document({
    title: review.title,
    evenAndOddHeaderAndFooters: true,
    styles: {
      default: {
        document: {
          run: { font: fontOf(BODY_FONT), size: SIZE.body, language: CHINESE },
          paragraph: { spacing: { line: LINE, lineRule: LineRuleType.EXACT } },
        },
      },
    },
    sections: [
      {
        properties: {
          page: {
            size: A4,
            margin: {
              top: Math.round(37 * MM),
              bottom: Math.round(35 * MM),
              left: Math.round(28 * MM),
              right: Math.round(26 * MM),
              footer: Math.round(23 * MM),
              header: Math.round(15 * MM),
            },
          },
          grid: { linePitch: LINE },
        },
        footers: { default: pageNumber('right'), even: pageNumber('left') },
        children,
      },
    ],
  });
  const bytes = await Packer.toBuffer(document, false, [
    { path: 'word/fontTable.xml', data: FONT_TABLE },
  ]);
  await writeFileAtomically(path, bytes);
}

function blockContent(block: ReviewBlock): Array<Paragraph | Table> {
  if (block.kind === 'subheading')
    return [
      new Paragraph({
        indent: INDENT,
        keepNext: true,
        children: [run(block.text, SUBHEADING_FONT, SIZE.body)],
      }),
    ];
  if (block.kind === 'paragraph')
    return [
      new Paragraph({
        indent: INDENT,
        alignment: AlignmentType.JUSTIFIED,
        children: [run(block.text, BODY_FONT, SIZE.body)],
      }),
    ];
  // A table is followed by a blank line, as offices space them from the text.
  return [table(block.columns, block.rows), new Paragraph({})];
}

/** A full-width table; columns share the width by their longest text, the header repeats. */
function table(columns: string[], rows: string[][]): Table {
  const widths = columnWidths(columns, rows);
  const border = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
  const cell = (text: string, header: boolean, width: number) =>
    new TableCell({
      width: { size: width, type: WidthType.DXA },
      verticalAlign: VerticalAlignTable.CENTER,
      margins: { left: 80, right: 80, top: 40, bottom: 40 },
      children: [
        new Paragraph({
          alignment: header ? AlignmentType.CENTER : AlignmentType.LEFT,
          spacing: { line: 320, lineRule: LineRuleType.AT_LEAST },
          children: [run(text, header ? HEADING_FONT : BODY_FONT, SIZE.table)],
        }),
      ],
    });
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    borders: {
      top: border,
      bottom: border,
      left: border,
      right: border,
      insideHorizontal: border,
      insideVertical: border,
    },
    rows: [
      new TableRow({
        tableHeader: true,
        cantSplit: true,
        children: columns.map((text, i) => cell(text, true, widths[i] as number)),
      }),
      ...rows.map(
        (row) =>
          new TableRow({
            cantSplit: true,
            children: row.map((text, i) => cell(text, false, widths[i] as number)),
          }),
      ),
    ],
  });
}

/**
 * Column widths in twips: each column asks for its longest cell (a long header two lines),
 * narrow columns get what they ask, and the widest share what is left, so short figures never
 * wrap and long text wraps in its own column.
 */
function columnWidths(columns: string[], rows: string[][]): number[] {
  // Half a 小四 character, in twips; two units of slack for cell margins and wide digits.
  const unit = SIZE.table * 5;
  const need = columns.map(
    (header, i) => Math.max(headerUnits(header), ...rows.map((row) => units(row[i] ?? ''))) + 2,
  );
  let rest = TEXT_WIDTH / unit;
  let cap = Number.POSITIVE_INFINITY;
  const ascending = [...need].sort((a, b) => a - b);
  for (const [k, n] of ascending.entries()) {
    const share = rest / (ascending.length - k);
    if (n > share) {
      cap = share;
      break;
    }
    rest -= n;
  }
  const fitted = need.map((n) => Math.min(n, cap));
  const total = fitted.reduce((a, b) => a + b, 0);
  const widths = fitted.map((n) => Math.floor((TEXT_WIDTH * n) / total));
  widths[widths.length - 1] = TEXT_WIDTH - widths.slice(0, -1).reduce((a, b) => a + b, 0);
  return widths;
}

/** A header of more than four characters may take two lines. */
function headerUnits(header: string): number {
  const n = units(header);
  return n > 8 ? Math.ceil(n / 2) : n;
}

function units(text: string): number {
  let n = 0;
  for (const char of text) n += char.charCodeAt(0) > 0xff ? 2 : 1;
  return n;
}

/** `— n —` one character in from the outer edge: odd pages right, even pages left. */
function pageNumber(side: 'left' | 'right'): Footer {
  const size = SIZE.pageNumber;
  return new Footer({
    children: [
      new Paragraph({
        alignment: side === 'right' ? AlignmentType.RIGHT : AlignmentType.LEFT,
        indent: side === 'right' ? { right: size * 10 } : { left: size * 10 },
        children: [
          run('— ', NUMBER_FONT, size),
          new TextRun({
            children: [PageNumber.CURRENT],
            font: fontOf(NUMBER_FONT),
            size,
            language: CHINESE,
          }),
          run(' —', NUMBER_FONT, size),
        ],
      }),
    ],
  });
}

function run(text: string, font: string, size: number, breakBefore = false): TextRun {
  return new TextRun({
    text,
    font: fontOf(font),
    size,
    language: CHINESE,
    break: breakBefore ? 1 : undefined,
  });
}

/** 2号 characters in one line of the text block. */
const TITLE_CHARS = 20;

/**
 * A title too long for one line breaks before `“两个全覆盖”`, keeping the committee's name
 * whole on the first line, rather than leaving one character on the second.
 */
function titleLines(title: string): string[] {
  const at = title.indexOf('“');
  return units(title) > TITLE_CHARS * 2 && at > 0 ? [title.slice(0, at), title.slice(at)] : [title];
}

/** Marks the text as Simplified Chinese, so a substituted font is a Chinese one. */
const CHINESE = { value: 'zh-CN', eastAsia: 'zh-CN' };

function fontOf(name: string) {
  return { ascii: name, hAnsi: name, eastAsia: name, cs: name };
}
