/** The google.rpc status names the stand-in answers with. */
export type GoogleRpcStatus =
  | 'INVALID_ARGUMENT'
  | 'FAILED_PRECONDITION'
  | 'NOT_FOUND'
  | 'PERMISSION_DENIED'
  | 'UNAUTHENTICATED'
  | 'RESOURCE_EXHAUSTED'
  | 'UNIMPLEMENTED'
  | 'INTERNAL'
  | 'UNAVAILABLE';

const HTTP_STATUS: Record<GoogleRpcStatus, number> = {
  INVALID_ARGUMENT: 400,
  FAILED_PRECONDITION: 400,
  NOT_FOUND: 404,
  PERMISSION_DENIED: 403,
  UNAUTHENTICATED: 401,
  RESOURCE_EXHAUSTED: 429,
  UNIMPLEMENTED: 501,
  INTERNAL: 500,
  UNAVAILABLE: 503,
};

/**
 * A Sheets API failure; `code` is the stable google.rpc status name and the error renders as
 * Google's envelope `{error:{code,message,status[,details]}}`.
 */
export class SheetsApiError extends Error {
  readonly code: GoogleRpcStatus;
  readonly httpStatus: number;
  readonly details: Array<Record<string, unknown>> | undefined;

  constructor(code: GoogleRpcStatus, message: string, details?: Array<Record<string, unknown>>) {
    super(message);
    this.name = 'SheetsApiError';
    this.code = code;
    this.httpStatus = HTTP_STATUS[code];
    this.details = details;
  }

  /** The usual 400 with no details. */
  static invalid(message: string): SheetsApiError {
    return new SheetsApiError('INVALID_ARGUMENT', message);
  }

  /** The same error with its message prefixed, as batch calls report `Invalid requests[2].addSheet: …`. */
  prefixed(prefix: string): SheetsApiError {
    return new SheetsApiError(this.code, `${prefix}${this.message}`, this.details);
  }

  /** The JSON body Google sends for this error. */
  toBody(): { error: Record<string, unknown> } {
    const error: Record<string, unknown> = {
      code: this.httpStatus,
      message: this.message,
      status: this.code,
    };
    if (this.details) error.details = this.details;
    return { error };
  }
}
