import { readFile } from 'node:fs/promises';
import { google } from 'googleapis';
import { sampleWorkbook } from '../../sheets-template/sample-committee';
import { templateRequests, templateSpreadsheet } from '../sync/template-requests';
import { deriveSheetKey } from '../worker/request-signature';

/** The Google user credentials googleapis accepts (an OAuth2 client, GoogleAuth, …). */
type GoogleAuthOption = NonNullable<Parameters<typeof google.sheets>[0] & object>['auth'];

export interface ProvisionOptions {
  /** A person's credentials: a service account can neither own the sheet nor use the Apps Script API. */
  auth: GoogleAuthOption | undefined;
  title: string;
  /** Fill the input tabs with the sample committee. */
  sample?: boolean;
  /** The Worker's service account: shared as editor, without a notification e-mail. */
  serviceAccountEmail: string;
  /** Staff who keep the sheet: shared as editors, with Google's invitation e-mail. */
  staffEmails?: string[];
  /** The Worker's SYNC_SIGNING_SECRET, to print the new sheet's key. */
  signingSecret?: string;
  /** Local development and tests only: one root URL for the Sheets, Drive and Apps Script APIs. */
  googleRoot?: string;
}

export interface Provisioned {
  spreadsheetId: string;
  spreadsheetUrl: string;
  scriptId: string;
  sheetKey: string | undefined;
}

/** What provisioning asks of the administrator's Google account, and no more. */
export const PROVISION_SCOPES: readonly string[] = [
  'https://www.googleapis.com/auth/spreadsheets',
  'https://www.googleapis.com/auth/drive.file',
  'https://www.googleapis.com/auth/script.projects',
];

const SCRIPT_DIR = new URL('../../sheets-template/apps-script/', import.meta.url);

/**
 * Sets a committee up: creates the spreadsheet from the template definition (the input tabs
 * with headers, notes, dropdowns, and the five output tabs), shares it with the service account
 * and the staff, and creates its bound Apps Script project with the 两个全覆盖 menu. Only the
 * Worker URL and the sheet key remain to be entered in the sheet (Script Properties cannot be
 * set through the API).
 */
export async function provisionCommittee(options: ProvisionOptions): Promise<Provisioned> {
  const root = options.googleRoot ? { rootUrl: options.googleRoot } : {};
  const sheets = google.sheets({ version: 'v4', auth: options.auth, ...root });
  const drive = google.drive({ version: 'v3', auth: options.auth, ...root });
  const script = google.script({ version: 'v1', auth: options.auth, ...root });

  const created = await sheets.spreadsheets.create({
    requestBody: templateSpreadsheet(options.title),
  });
  const spreadsheetId = created.data.spreadsheetId as string;
  await sheets.spreadsheets.batchUpdate({
    spreadsheetId,
    requestBody: { requests: templateRequests(options.sample ? sampleWorkbook() : undefined) },
  });

  await drive.permissions.create({
    fileId: spreadsheetId,
    sendNotificationEmail: false,
    requestBody: { type: 'user', role: 'writer', emailAddress: options.serviceAccountEmail },
  });
  for (const emailAddress of options.staffEmails ?? [])
    await drive.permissions.create({
      fileId: spreadsheetId,
      requestBody: { type: 'user', role: 'writer', emailAddress },
    });

  const project = await script.projects.create({
    requestBody: { title: `${options.title} · 两个全覆盖`, parentId: spreadsheetId },
  });
  const scriptId = project.data.scriptId as string;
  const [code, manifest] = await Promise.all([
    readFile(new URL('Code.js', SCRIPT_DIR), 'utf8'),
    readFile(new URL('appsscript.json', SCRIPT_DIR), 'utf8'),
  ]);
  await script.projects.updateContent({
    scriptId,
    requestBody: {
      files: [
        { name: 'appsscript', type: 'JSON', source: manifest },
        { name: 'Code', type: 'SERVER_JS', source: code },
      ],
    },
  });

  return {
    spreadsheetId,
    spreadsheetUrl:
      created.data.spreadsheetUrl ?? `https://docs.google.com/spreadsheets/d/${spreadsheetId}/edit`,
    scriptId,
    sheetKey: options.signingSecret
      ? await deriveSheetKey(options.signingSecret, spreadsheetId)
      : undefined,
  };
}
