import { signRequest } from '../worker/request-signature';
import type { SheetStatus } from '../worker/sheet-status';

/** What came back from the Worker: its status, or its refusal (`{code, message}`) with the HTTP status. */
export type StatusReply =
  | { ok: true; status: SheetStatus }
  | { ok: false; httpStatus: number; code: string | undefined; message: string | undefined };

/** Asks the Worker for a sheet's status with a request signed by the sheet's key, as the menu does. */
export async function fetchSheetStatus(request: {
  worker: string;
  spreadsheetId: string;
  sheetKey: string;
  fetch: typeof fetch;
}): Promise<StatusReply> {
  const path = `/v1/sheets/${request.spreadsheetId}/status`;
  const headers = await signRequest({
    key: request.sheetKey,
    method: 'GET',
    path,
    body: '',
    timestamp: Date.now() / 1000,
  });
  const response = await request.fetch(new URL(path, request.worker), { headers });
  const answer = (await response.json().catch(() => undefined)) as
    | Record<string, unknown>
    | undefined;
  if (response.ok && answer && 'lastSync' in answer)
    return { ok: true, status: answer as unknown as SheetStatus };
  return {
    ok: false,
    httpStatus: response.status,
    code: typeof answer?.code === 'string' ? answer.code : undefined,
    message: typeof answer?.message === 'string' ? answer.message : undefined,
  };
}
