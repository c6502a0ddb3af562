/** The spreadsheet ids of SYNC_SPREADSHEETS (comma-separated), synced every night. */
export function configuredSpreadsheets(env: { SYNC_SPREADSHEETS: string }): string[] {
  return env.SYNC_SPREADSHEETS.split(',')
    .map((id) => id.trim())
    .filter((id) => id !== '');
}
