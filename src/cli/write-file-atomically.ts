import { rename, rm, writeFile } from 'node:fs/promises';
import { FileError } from './file-error';

/**
 * Replaces the file at `path` through a temporary file beside it, so a crash mid-write never
 * leaves a half-written workbook. A failure is reported for `path`, the user's own name, and
 * the temporary file is removed.
 */
export async function writeFileAtomically(path: string, bytes: Uint8Array): Promise<void> {
  const temporary = `${path}.saving`;
  try {
    await writeFile(temporary, bytes);
    await rename(temporary, path);
  } catch (error) {
    // Best effort: the write's own error is the one to report.
    await rm(temporary, { force: true }).catch(() => undefined);
    throw FileError.of(error, 'write', path);
  }
}
