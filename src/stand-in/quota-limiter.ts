import { SheetsApiError } from './sheets-api-error';

/** Per-minute request quotas (§9); Google's defaults are 60 per user and 300 per project. */
export interface QuotaOptions {
  perUserPerMinute?: number;
  perProjectPerMinute?: number;
  /** Shown in the 429 message as `project_number:<n>`. */
  projectNumber?: string;
}

/** Read requests retrieve data (get, batchGet, search); write requests change a spreadsheet. */
export type QuotaMetric = 'read' | 'write';

const HELP_LINK = {
  '@type': 'type.googleapis.com/google.rpc.Help',
  links: [
    {
      description: 'Request a higher quota limit.',
      url: 'https://cloud.google.com/docs/quotas/help/request_increase',
    },
  ],
};

/**
 * Counts Sheets requests per calendar minute, per token subject and per project, and answers
 * the 60th-plus-one with Google's full 429 body (§7.3). Requests refused are not counted.
 */
export class QuotaLimiter {
  private readonly perUser: number;
  private readonly perProject: number;
  private readonly projectNumber: string;
  private readonly now: () => number;
  private minute = -1;
  private counts = new Map<string, number>();

  constructor(options: QuotaOptions, now: () => number) {
    this.perUser = options.perUserPerMinute ?? 60;
    this.perProject = options.perProjectPerMinute ?? 300;
    this.projectNumber = options.projectNumber ?? '123456789';
    this.now = now;
  }

  /** Records one request, or throws the 429 when a quota is used up. */
  take(subject: string, metric: QuotaMetric): void {
    const minute = Math.floor(this.now() / 60_000);
    if (minute !== this.minute) {
      this.minute = minute;
      this.counts = new Map();
    }
    const userKey = `${metric} user ${subject}`;
    const projectKey = `${metric} project`;
    const user = this.counts.get(userKey) ?? 0;
    const project = this.counts.get(projectKey) ?? 0;
    if (user >= this.perUser) throw this.exhausted(metric, true);
    if (project >= this.perProject) throw this.exhausted(metric, false);
    this.counts.set(userKey, user + 1);
    this.counts.set(projectKey, project + 1);
  }

  private exhausted(metric: QuotaMetric, perUser: boolean): SheetsApiError {
    const label = metric === 'read' ? 'Read' : 'Write';
    const limitName = `${label} requests per minute${perUser ? ' per user' : ''}`;
    const limitId = `${label}RequestsPerMinutePer${perUser ? 'User' : 'Project'}`;
    return new SheetsApiError(
      'RESOURCE_EXHAUSTED',
      `Quota exceeded for quota metric '${label} requests' and limit '${limitName}' of service 'sheets.googleapis.com' for consumer 'project_number:${this.projectNumber}'.`,
      [
        {
          '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
          reason: 'RATE_LIMIT_EXCEEDED',
          domain: 'googleapis.com',
          metadata: {
            consumer: `projects/${this.projectNumber}`,
            service: 'sheets.googleapis.com',
            quota_metric: `sheets.googleapis.com/${metric}_requests`,
            quota_limit: limitId,
            quota_limit_value: String(perUser ? this.perUser : this.perProject),
            quota_location: 'global',
          },
        },
        HELP_LINK,
      ],
    );
  }
}
