/** Every way a call to Google (Sheets API or token endpoint) can fail; shells switch on these. */
export type SheetsErrorCode =
  /** 403 "The caller does not have permission": the spreadsheet is not shared with the service account. */
  | 'NOT_SHARED'
  /** 403 SERVICE_DISABLED: the Sheets API is not enabled in the service account's Cloud project. */
  | 'API_DISABLED'
  /** 403: the access token was minted without a Sheets scope. */
  | 'INSUFFICIENT_SCOPES'
  /** Any other 403 (e.g. a service account creating a file: it has no Drive storage). */
  | 'PERMISSION_DENIED'
  /** 404: no spreadsheet with that id, or the id belongs to another kind of Drive file. */
  | 'NOT_FOUND'
  /** 400 FAILED_PRECONDITION: the id is an uploaded .xlsx that was never converted to Google Sheets. */
  | 'OFFICE_FILE'
  /** Any other 4xx, a malformed spreadsheet id, or a request Google rejected; carries Google's message. */
  | 'BAD_REQUEST'
  /** 401 that survived one token refresh. */
  | 'UNAUTHENTICATED'
  /** 429 after every retry. */
  | 'RATE_LIMITED'
  /** 5xx after every retry. */
  | 'UNAVAILABLE'
  /** No answer within the per-attempt deadline, after every retry. */
  | 'TIMEOUT'
  /** The connection failed, after every retry. */
  | 'NETWORK'
  /** A 2xx whose body is not JSON, is truncated, or has the wrong shape. */
  | 'BAD_RESPONSE'
  /** The service-account key JSON is unusable. */
  | 'BAD_CREDENTIALS'
  /** The token endpoint refused the signed assertion (invalid_grant and friends). */
  | 'TOKEN_REJECTED';

/** Optional facts a {@link SheetsError} carries besides its code and message. */
export interface SheetsErrorDetails {
  status?: number;
  attempts?: number;
  ambiguous?: boolean;
  shareWith?: string;
  oauthError?: string;
  oauthErrorDescription?: string;
  cause?: unknown;
}

// Failures that may go away by themselves; everything else needs a person to change something.
const RETRYABLE_CODES: ReadonlySet<SheetsErrorCode> = new Set([
  'RATE_LIMITED',
  'UNAVAILABLE',
  'TIMEOUT',
  'NETWORK',
]);

/**
 * A failed call to Google, with a stable `code`. Messages are English and meant for developers;
 * no message or property ever holds an access token, a private key or a signed assertion.
 */
export class SheetsError extends Error {
  override readonly name = 'SheetsError';
  readonly code: SheetsErrorCode;
  /** The HTTP status of the last answer, when there was one. */
  readonly status: number | undefined;
  /** True when the same call may succeed later without anyone changing anything. */
  readonly retryable: boolean;
  /** HTTP requests sent for this call before giving up (0 when none was sent). */
  readonly attempts: number;
  /**
   * True when a write failed but may nevertheless have been applied (an attempt timed out or got
   * a 5xx, or a 2xx came back unreadable): re-read the spreadsheet before sending it again.
   */
  readonly ambiguous: boolean;
  /** NOT_SHARED: the e-mail the spreadsheet must be shared with as editor. */
  readonly shareWith: string | undefined;
  /** TOKEN_REJECTED: the OAuth `error`, e.g. `invalid_grant`. */
  readonly oauthError: string | undefined;
  /** TOKEN_REJECTED: the OAuth `error_description`. */
  readonly oauthErrorDescription: string | undefined;

  constructor(code: SheetsErrorCode, message: string, details: SheetsErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = code;
    this.status = details.status;
    this.retryable = RETRYABLE_CODES.has(code);
    this.attempts = details.attempts ?? 0;
    this.ambiguous = details.ambiguous ?? false;
    this.shareWith = details.shareWith;
    this.oauthError = details.oauthError;
    this.oauthErrorDescription = details.oauthErrorDescription;
  }
}
