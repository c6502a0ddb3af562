import { execFile, spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, extname, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** One page of a PDF: its size in points and its text, laid out as printed. */
export interface PdfPage {
  number: number;
  width: number;
  height: number;
  text: string;
  /** Where the lowest text above the footer ends, in points from the top. */
  contentBottom: number;
}

/** The band at the foot of a page that holds the page footer. */
const FOOTER_BAND = 0.9;

/**
 * LibreOffice and poppler, driven headless: how the project sees its workbooks as a clerk's
 * spreadsheet app shows and prints them (tests, screenshots). Each conversion runs with its
 * own throwaway profile, so parallel runs on one machine never share LibreOffice's lock.
 */
export const libreOffice = {
  /** Whether `soffice` and the poppler tools (pdfinfo, pdftotext, pdftoppm) are installed. */
  available(): boolean {
    const probes: Array<[string, string]> = [
      ['soffice', '--version'],
      ['pdfinfo', '-v'],
      ['pdftotext', '-v'],
      ['pdftoppm', '-v'],
    ];
    return probes.every(
      ([tool, flag]) => spawnSync(tool, [flag], { stdio: 'ignore' }).status === 0,
    );
  },

  /** Converts `input` (e.g. to `xlsx` or `pdf`) into `outDir`; returns the new file's path. */
  async convert(input: string, format: string, outDir: string): Promise<string> {
    const profile = await mkdtemp(join(tmpdir(), 'lo-profile-'));
    try {
      await run(
        'soffice',
        [
          `-env:UserInstallation=file://${profile}`,
          '--headless',
          '--convert-to',
          format,
          '--outdir',
          outDir,
          input,
        ],
        { timeout: 300_000 },
      );
    } finally {
      await rm(profile, { recursive: true, force: true });
    }
    return join(outDir, `${basename(input, extname(input))}.${format}`);
  },

  /** Every page of a PDF with its size and its text. */
  async pages(pdf: string): Promise<PdfPage[]> {
    const { stdout: info } = await run('pdfinfo', ['-f', '1', '-l', '100000', pdf]);
    const pages: PdfPage[] = [];
    for (const [, number, width, height] of info.matchAll(
      /^Page\s+(\d+) size:\s+([\d.]+) x ([\d.]+) pts/gm,
    )) {
      const n = Number(number);
      const range = ['-f', `${n}`, '-l', `${n}`];
      const { stdout: text } = await run('pdftotext', [...range, '-layout', pdf, '-']);
      const { stdout: boxes } = await run('pdftotext', [...range, '-bbox', pdf, '-']);
      const footer = Number(height) * FOOTER_BAND;
      const bottoms = [...boxes.matchAll(/<word [^>]*yMax="([\d.]+)"/g)]
        .map((m) => Number(m[1]))
        .filter((y) => y < footer);
      pages.push({
        number: n,
        width: Number(width),
        height: Number(height),
        text,
        contentBottom: Math.max(0, ...bottoms),
      });
    }
    return pages;
  },

  /**
   * Renders one page of a PDF as a PNG at `dpi`, cut below its content (the page footer and
   * the blank rest left out); returns its path.
   */
  async renderPage(pdf: string, page: PdfPage, dpi: number, outBase: string): Promise<string> {
    const scale = dpi / 72;
    const margin = 24;
    await run('pdftoppm', [
      ...['-f', `${page.number}`, '-l', `${page.number}`, '-r', `${dpi}`],
      ...['-x', '0', '-y', '0', '-W', `${Math.round(page.width * scale)}`],
      ...['-H', `${Math.round((page.contentBottom + margin) * scale)}`],
      ...['-png', '-singlefile', pdf, outBase],
    ]);
    return `${outBase}.png`;
  },
};
