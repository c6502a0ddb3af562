import type { DeveloperMetadata } from './sheets-api-types';

/**
 * The Sheets API has no page setup, so a tab's print setup travels as developer metadata
 * under this key (Google keeps it and ignores it; its own print dialog decides). The offline
 * .xlsx writer of the local stand-in turns it into the file's page setup, so a workbook synced
 * offline prints as the sync meant.
 */
export const PRINT_SETUP_KEY = 'dual-coverage.print-setup';

/** A tab's print setup: A4, fitted to one page wide. */
export interface PrintSetup {
  landscape: boolean;
  /** Rows repeated at the top of every page. */
  repeatRows: number;
  /** The page header's left, centre and right parts. */
  header: [string, string, string];
  /** The page footer; `{page}` and `{pages}` stand for the page number and count. */
  footer: string;
}

/** The print setup among a tab's metadata; undefined when there is none or it is unreadable. */
export function findPrintSetup(metadata: readonly DeveloperMetadata[]): PrintSetup | undefined {
  const value = metadata.find((m) => m.metadataKey === PRINT_SETUP_KEY)?.metadataValue;
  if (value === undefined) return undefined;
  try {
    const setup = JSON.parse(value) as Partial<PrintSetup>;
    const header = setup.header;
    if (
      typeof setup.landscape !== 'boolean' ||
      !Number.isInteger(setup.repeatRows) ||
      !Array.isArray(header) ||
      header.length !== 3 ||
      !header.every((part) => typeof part === 'string') ||
      typeof setup.footer !== 'string'
    )
      return undefined;
    return setup as PrintSetup;
  } catch (error) {
    // Someone else's value under our key: the tab prints with the file's own setup.
    if (error instanceof SyntaxError) return undefined;
    throw error;
  }
}
