/** Google's alphabet for spreadsheet ids: never a path of its own, never an admin label. */
export const SPREADSHEET_ID = /^[A-Za-z0-9_-]{1,200}$/;
