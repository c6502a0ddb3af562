import { type Context, Hono } from 'hono';
import type { BatchUpdateSpreadsheetRequest, Spreadsheet } from '../sheets/sheets-api-types';
import { applyBatchUpdate } from './apply-batch-update';
import { buildSpreadsheetView } from './build-spreadsheet-view';
import { checkFieldMask } from './check-field-mask';
import { createSpreadsheet } from './create-spreadsheet';
import { type DiscoveryMethod, discoveryDocument } from './discovery-document';
import { discoverySchemas } from './discovery-schemas';
import { type DataFilter, findDeveloperMetadata } from './find-developer-metadata';
import type { OAuthTokenService } from './oauth-token-service';
import { type FieldMask, parseFieldMask } from './parse-field-mask';
import { projectFields } from './project-fields';
import type { QuotaLimiter, QuotaMetric } from './quota-limiter';
import type { ReadOptions } from './read-value-range';
import { SheetsApiError } from './sheets-api-error';
import type { StoredSpreadsheet } from './stored-spreadsheet';
import { toProto3Json } from './to-proto3-json';
import { validateAgainstDiscovery } from './validate-against-discovery';
import { type BatchUpdateValuesRequest, valuesMethods } from './values-methods';

/** Which API method a request is, as the fault hook and the request log name it. */
export type StandInRequestKind =
  | 'spreadsheets.get'
  | 'spreadsheets.create'
  | 'spreadsheets.batchUpdate'
  | 'values.batchGet'
  | 'values.batchUpdate'
  | 'values.batchClear'
  | 'developerMetadata.search'
  | 'token'
  | 'unknown';

/** What the fault hook is told about each request before it is handled. */
export interface StandInRequestInfo {
  method: string;
  /** The URL path, e.g. `/v4/spreadsheets/abc:batchUpdate`. */
  path: string;
  kind: StandInRequestKind;
}

/** One handled request, in the order they arrived. */
export interface StandInLogEntry extends StandInRequestInfo {
  status: number;
}

/** Called before each request; a returned Response is sent instead of handling the request. */
export type StandInFaultHook = (
  info: StandInRequestInfo,
) => Response | undefined | Promise<Response | undefined>;

/** The state the routes work on, owned by SheetsStandIn. */
export interface StandInAppState {
  spreadsheets: Map<string, StoredSpreadsheet>;
  tokens: OAuthTokenService;
  quota: QuotaLimiter | undefined;
  requireAuth: () => boolean;
  random: () => number;
  log: StandInLogEntry[];
  newSpreadsheetId: () => string;
  newSheetId: (taken: Set<number>) => number;
  onRequest: StandInFaultHook | undefined;
  onCommit: ((spreadsheetId: string) => void | Promise<void>) | undefined;
}

/** Who a bearer token speaks for. */
export interface Caller {
  email: string;
}

/** The Hono environment of the stand-in app: the authenticated caller, if any. */
export type StandInAppEnv = { Variables: { caller: Caller | undefined } };

interface MethodInfo {
  metric: QuotaMetric;
  discovery: DiscoveryMethod;
}

const spreadsheetsResource = discoveryDocument.resources.spreadsheets;

function discoveryMethod(resource: string | undefined, name: string): DiscoveryMethod {
  const methods = resource
    ? spreadsheetsResource?.resources?.[resource]?.methods
    : spreadsheetsResource?.methods;
  const method = methods?.[name];
  if (!method)
    throw new Error(`The discovery document lacks spreadsheets.${resource ?? ''}.${name}`);
  return method;
}

const METHODS: Record<Exclude<StandInRequestKind, 'token' | 'unknown'>, MethodInfo> = {
  'spreadsheets.get': { metric: 'read', discovery: discoveryMethod(undefined, 'get') },
  'spreadsheets.create': { metric: 'write', discovery: discoveryMethod(undefined, 'create') },
  'spreadsheets.batchUpdate': {
    metric: 'write',
    discovery: discoveryMethod(undefined, 'batchUpdate'),
  },
  'values.batchGet': { metric: 'read', discovery: discoveryMethod('values', 'batchGet') },
  'values.batchUpdate': { metric: 'write', discovery: discoveryMethod('values', 'batchUpdate') },
  'values.batchClear': { metric: 'write', discovery: discoveryMethod('values', 'batchClear') },
  'developerMetadata.search': {
    metric: 'read',
    discovery: discoveryMethod('developerMetadata', 'search'),
  },
};

const UNREGISTERED_CALLER =
  "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.";
const INVALID_CREDENTIALS =
  'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.';

// Names the API method of a request from its method and path.
function classifyRequest(method: string, path: string): StandInRequestKind {
  if (method === 'POST' && path === '/token') return 'token';
  if (method === 'POST' && path === '/v4/spreadsheets') return 'spreadsheets.create';
  const match =
    /^\/v4\/spreadsheets\/([^/:]+)(:batchUpdate|\/values:batchGet|\/values:batchUpdate|\/values:batchClear|\/developerMetadata:search)?$/.exec(
      path,
    );
  if (!match) return 'unknown';
  const verb = match[2];
  if (method === 'GET' && verb === undefined) return 'spreadsheets.get';
  if (method === 'GET' && verb === '/values:batchGet') return 'values.batchGet';
  if (method !== 'POST') return 'unknown';
  if (verb === ':batchUpdate') return 'spreadsheets.batchUpdate';
  if (verb === '/values:batchUpdate') return 'values.batchUpdate';
  if (verb === '/values:batchClear') return 'values.batchClear';
  if (verb === '/developerMetadata:search') return 'developerMetadata.search';
  return 'unknown';
}

function json(
  body: unknown,
  status: number,
  pretty: boolean,
  headers: Record<string, string> = {},
): Response {
  return new Response(JSON.stringify(body, null, pretty ? 2 : undefined), {
    status,
    headers: { 'content-type': 'application/json; charset=UTF-8', ...headers },
  });
}

function isPretty(c: Context): boolean {
  return new URL(c.req.url).searchParams.get('prettyPrint') !== 'false';
}

function errorInfo(reason: string): Record<string, unknown> {
  return {
    '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
    reason,
    domain: 'googleapis.com',
    metadata: { service: 'sheets.googleapis.com' },
  };
}

function badRequest(
  message: string,
  violations: Array<{ field: string; description: string }>,
): SheetsApiError {
  return new SheetsApiError('INVALID_ARGUMENT', message, [
    {
      '@type': 'type.googleapis.com/google.rpc.BadRequest',
      fieldViolations: violations.map(({ field, description }) =>
        field ? { field, description } : { description },
      ),
    },
  ]);
}

// Parses, validates against the discovery schema and proto3-normalises a JSON request body.
async function readBody<T>(c: Context, schemaName: string): Promise<T> {
  const text = await c.req.text();
  let value: unknown = {};
  if (text.trim() !== '') {
    try {
      value = JSON.parse(text);
    } catch {
      throw badRequest('Invalid JSON payload received. Unexpected token.', [
        { field: '', description: 'Invalid JSON payload received. Unexpected token.' },
      ]);
    }
  }
  const problems = validateAgainstDiscovery(schemaName, value);
  if (problems.length > 0) {
    throw badRequest(
      problems.map((p) => p.problem).join('\n'),
      problems.map((p) => ({ field: discoverySchemas.protoPath(p.path), description: p.problem })),
    );
  }
  return toProto3Json<T>(schemaName, value);
}

function fieldMaskOf(c: Context, responseSchema: string): FieldMask | undefined {
  const fields = new URL(c.req.url).searchParams.get('fields');
  if (fields === null || fields.trim() === '') return undefined;
  const mask = parseFieldMask(fields);
  const unknown = checkFieldMask(responseSchema, mask);
  if (unknown) {
    throw badRequest('Request contains an invalid argument.', [
      {
        field: 'fields',
        description: `Error expanding 'fields' parameter. Cannot find matching fields for path '${unknown}'.`,
      },
    ]);
  }
  return mask;
}

function enumParameter<T extends string>(
  c: Context,
  method: DiscoveryMethod,
  name: string,
  typeName: string,
  fallback: T,
): T {
  const value = new URL(c.req.url).searchParams.get(name);
  if (value === null) return fallback;
  if (!method.parameters?.[name]?.enum?.includes(value)) {
    const message = `Invalid value at '${discoverySchemas.protoPath(name)}' (type.googleapis.com/google.apps.sheets.v4.${typeName}), ${JSON.stringify(value)}`;
    throw badRequest(message, [{ field: discoverySchemas.protoPath(name), description: message }]);
  }
  return value as T;
}

function booleanParameter(c: Context, name: string): boolean {
  const value = new URL(c.req.url).searchParams.get(name);
  if (value === null || value === 'false') return false;
  if (value === 'true') return true;
  const message = `Invalid value at '${discoverySchemas.protoPath(name)}' (TYPE_BOOL), ${JSON.stringify(value)}`;
  throw badRequest(message, [{ field: discoverySchemas.protoPath(name), description: message }]);
}

/** The Hono app of the stand-in: token endpoint, Sheets v4 routes, auth, quota, faults, log. */
export function createStandInApp(state: StandInAppState): Hono<StandInAppEnv> {
  const app = new Hono<StandInAppEnv>();

  app.use('*', async (c, next) => {
    const path = new URL(c.req.url).pathname;
    const info: StandInRequestInfo = {
      method: c.req.method,
      path,
      kind: classifyRequest(c.req.method, path),
    };
    const fault = await state.onRequest?.(info);
    if (fault) {
      state.log.push({ ...info, status: fault.status });
      return fault;
    }
    await next();
    state.log.push({ ...info, status: c.res.status });
  });

  app.onError((error, c) => {
    if (error instanceof SheetsApiError) {
      const headers: Record<string, string> =
        error.code === 'UNAUTHENTICATED'
          ? { 'www-authenticate': 'Bearer realm="https://accounts.google.com/"' }
          : {};
      return json(error.toBody(), error.httpStatus, isPretty(c), headers);
    }
    console.error('Sheets stand-in internal error:', error);
    return json(
      new SheetsApiError('INTERNAL', 'Internal error encountered.').toBody(),
      500,
      isPretty(c),
    );
  });

  app.notFound((c) =>
    json(new SheetsApiError('NOT_FOUND', 'Method not found.').toBody(), 404, isPretty(c)),
  );

  app.post('/token', (c) => state.tokens.exchange(c.req.raw));

  // Authentication, scope and quota for every Sheets call (§7, §8, §9).
  app.use('/v4/*', async (c, next) => {
    const kind = classifyRequest(c.req.method, new URL(c.req.url).pathname);
    if (kind === 'unknown' || kind === 'token') return next();
    const method = METHODS[kind];
    const header = c.req.header('authorization');
    const bearer =
      header?.match(/^Bearer\s+(.+)$/i)?.[1] ?? new URL(c.req.url).searchParams.get('access_token');
    let caller: Caller | undefined;
    if (bearer) {
      const grant = state.tokens.verify(bearer);
      if (grant === 'unknown' || grant === 'expired') {
        throw new SheetsApiError('UNAUTHENTICATED', INVALID_CREDENTIALS, [
          errorInfo(grant === 'expired' ? 'ACCESS_TOKEN_EXPIRED' : 'ACCESS_TOKEN_TYPE_UNSUPPORTED'),
        ]);
      }
      caller = { email: grant.email };
      if (!grant.scopes.some((scope) => method.discovery.scopes?.includes(scope))) {
        throw new SheetsApiError(
          'PERMISSION_DENIED',
          'Request had insufficient authentication scopes.',
          [errorInfo('ACCESS_TOKEN_SCOPE_INSUFFICIENT')],
        );
      }
    } else if (state.requireAuth()) {
      throw new SheetsApiError('PERMISSION_DENIED', UNREGISTERED_CALLER);
    }
    state.quota?.take(caller?.email ?? 'anonymous', method.metric);
    c.set('caller', caller);
    await next();
  });

  // A viewer may read but not write; Google answers both refusals with the same sentence.
  function spreadsheetFor(
    c: Context<StandInAppEnv>,
    id: string,
    access: 'read' | 'write',
  ): StoredSpreadsheet {
    const spreadsheet = state.spreadsheets.get(id);
    if (!spreadsheet) throw new SheetsApiError('NOT_FOUND', 'Requested entity was not found.');
    const allowed = [
      ...(spreadsheet.sharedWith ?? []),
      ...(access === 'read' ? (spreadsheet.viewers ?? []) : []),
    ].map((email) => email.toLowerCase());
    const caller = c.get('caller')?.email.toLowerCase();
    if (spreadsheet.sharedWith && (caller === undefined || !allowed.includes(caller))) {
      throw new SheetsApiError('PERMISSION_DENIED', 'The caller does not have permission');
    }
    return spreadsheet;
  }

  async function commit(spreadsheet: StoredSpreadsheet): Promise<void> {
    state.spreadsheets.set(spreadsheet.spreadsheetId, spreadsheet);
    await state.onCommit?.(spreadsheet.spreadsheetId);
  }

  function reply(c: Context, body: unknown, mask: FieldMask | undefined): Response {
    return json(mask ? projectFields(body, mask) : body, 200, isPretty(c));
  }

  function readOptions(c: Context, method: DiscoveryMethod): ReadOptions {
    // DIMENSION_UNSPECIFIED is accepted and read as the default, ROWS.
    const dimension = enumParameter<string>(c, method, 'majorDimension', 'Dimension', 'ROWS');
    return {
      majorDimension: dimension === 'COLUMNS' ? 'COLUMNS' : 'ROWS',
      render: enumParameter(c, method, 'valueRenderOption', 'ValueRenderOption', 'FORMATTED_VALUE'),
      dateTime: enumParameter(
        c,
        method,
        'dateTimeRenderOption',
        'DateTimeRenderOption',
        'SERIAL_NUMBER',
      ),
    };
  }

  // Like Google, the query and the body are checked before anything is looked up or written.
  app.post('/v4/spreadsheets', async (c) => {
    const mask = fieldMaskOf(c, 'Spreadsheet');
    const body = await readBody<Spreadsheet>(c, 'Spreadsheet');
    const creator = c.get('caller')?.email;
    const created = createSpreadsheet(body, state.newSpreadsheetId(), state.newSheetId, creator);
    await commit(created);
    return json(buildSpreadsheetView(created, mask ? { mask } : {}), 200, isPretty(c));
  });

  app.get('/v4/spreadsheets/:id', (c) => {
    const mask = fieldMaskOf(c, 'Spreadsheet');
    const includeGridData = booleanParameter(c, 'includeGridData');
    const spreadsheet = spreadsheetFor(c, c.req.param('id'), 'read');
    const view = buildSpreadsheetView(spreadsheet, {
      ranges: new URL(c.req.url).searchParams.getAll('ranges'),
      includeGridData,
      ...(mask ? { mask } : {}),
    });
    return json(view, 200, isPretty(c));
  });

  app.post('/v4/spreadsheets/:target', async (c) => {
    const [id = '', verb] = c.req.param('target').split(':');
    if (verb !== 'batchUpdate') return c.notFound();
    const mask = fieldMaskOf(c, 'BatchUpdateSpreadsheetResponse');
    const body = await readBody<BatchUpdateSpreadsheetRequest>(c, 'BatchUpdateSpreadsheetRequest');
    const spreadsheet = spreadsheetFor(c, id, 'write');
    const outcome = applyBatchUpdate(spreadsheet, body, {
      random: state.random,
      callerEmail: c.get('caller')?.email,
    });
    await commit(outcome.spreadsheet);
    const response: Record<string, unknown> = { spreadsheetId: id, replies: outcome.replies };
    if (body.includeSpreadsheetInResponse) {
      response.updatedSpreadsheet = buildSpreadsheetView(outcome.spreadsheet, {
        ranges: body.responseRanges ?? [],
        includeGridData: body.responseIncludeGridData === true,
      });
    }
    return reply(c, response, mask);
  });

  app.get('/v4/spreadsheets/:id/:verb', (c) => {
    if (c.req.param('verb') !== 'values:batchGet') return c.notFound();
    const mask = fieldMaskOf(c, 'BatchGetValuesResponse');
    const options = readOptions(c, METHODS['values.batchGet'].discovery);
    const spreadsheet = spreadsheetFor(c, c.req.param('id'), 'read');
    const ranges = new URL(c.req.url).searchParams.getAll('ranges');
    return reply(c, valuesMethods.batchGet(spreadsheet, ranges, options), mask);
  });

  app.post('/v4/spreadsheets/:id/:verb', async (c) => {
    const id = c.req.param('id');
    switch (c.req.param('verb')) {
      case 'values:batchUpdate': {
        const mask = fieldMaskOf(c, 'BatchUpdateValuesResponse');
        const body = await readBody<BatchUpdateValuesRequest>(c, 'BatchUpdateValuesRequest');
        const outcome = valuesMethods.batchUpdate(spreadsheetFor(c, id, 'write'), body);
        await commit(outcome.spreadsheet);
        return reply(c, outcome.response, mask);
      }
      case 'values:batchClear': {
        const mask = fieldMaskOf(c, 'BatchClearValuesResponse');
        const body = await readBody<{ ranges?: string[] }>(c, 'BatchClearValuesRequest');
        const outcome = valuesMethods.batchClear(spreadsheetFor(c, id, 'write'), body.ranges ?? []);
        await commit(outcome.spreadsheet);
        return reply(c, outcome.response, mask);
      }
      case 'developerMetadata:search': {
        const mask = fieldMaskOf(c, 'SearchDeveloperMetadataResponse');
        const body = await readBody<{ dataFilters?: DataFilter[] }>(
          c,
          'SearchDeveloperMetadataRequest',
        );
        const matched = findDeveloperMetadata(
          spreadsheetFor(c, id, 'read'),
          body.dataFilters ?? [],
        );
        return reply(c, matched.length > 0 ? { matchedDeveloperMetadata: matched } : {}, mask);
      }
      default:
        return c.notFound();
    }
  });

  return app;
}
