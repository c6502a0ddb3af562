import type {
  DiscoveryDocument,
  DiscoveryMethod,
  DiscoveryParameter,
} from '../../src/stand-in/discovery-document';
import sheetsDocument from '../../src/stand-in/sheets-v4.discovery.json' with { type: 'json' };
import { validateAgainstDiscovery } from '../../src/stand-in/validate-against-discovery';
import driveDocument from '../fixtures/discovery/drive-v3.discovery.json' with { type: 'json' };
import scriptDocument from '../fixtures/discovery/script-v1.discovery.json' with { type: 'json' };

/** A discovery document with what is needed to match a request to its method. */
interface ApiDocument extends DiscoveryDocument {
  name: string;
  servicePath: string;
  /** The parameters every method takes (fields, prettyPrint, alt, …). */
  parameters: Record<string, DiscoveryParameter>;
}

/**
 * The discovery documents of the three APIs provisioning calls, by the path prefix googleapis
 * sends them to: Sheets v4 (the stand-in's copy), Drive v3 and Apps Script v1 (vendored from
 * google/googleapis.dart; see tests/fixtures/discovery/README.md).
 */
const DOCUMENTS: ApiDocument[] = [sheetsDocument, driveDocument, scriptDocument].map(
  (document) => document as unknown as ApiDocument,
);

/** An HTTP request as it reached the test server: path relative to the API root. */
export interface GoogleRequest {
  method: string;
  /** e.g. `/drive/v3/files/abc/permissions`. */
  path: string;
  query: URLSearchParams;
  body: unknown;
}

/** The method a request called, and every way it departs from the discovery document. */
export interface RequestCheck {
  /** e.g. `drive.permissions.create`; undefined when no method matches. */
  methodId: string | undefined;
  method: DiscoveryMethod | undefined;
  document: ApiDocument | undefined;
  problems: string[];
}

type Resource = DiscoveryDocument['resources'][string];

function* methodsOf(resources: Record<string, Resource>): Generator<DiscoveryMethod> {
  for (const resource of Object.values(resources)) {
    yield* Object.values(resource.methods ?? {});
    yield* methodsOf(resource.resources ?? {});
  }
}

/** `drive/v3/files/{fileId}/permissions` as a regular expression over the request path. */
function pathPattern(document: ApiDocument, method: DiscoveryMethod): RegExp {
  const template = `/${document.servicePath}${method.path}`;
  const escaped = template
    .split(/\{\+?\w+\}/)
    .map((part) => part.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))
    .join('[^/]+');
  return new RegExp(`^${escaped}$`);
}

function parameterProblem(name: string, values: string[], parameter: DiscoveryParameter): string[] {
  const problems: string[] = [];
  if (values.length > 1 && !parameter.repeated) problems.push(`query ${name} is not repeated`);
  for (const value of values) {
    if (parameter.type === 'boolean' && value !== 'true' && value !== 'false')
      problems.push(`query ${name}=${value} is not a boolean`);
    if (parameter.type === 'integer' && !/^-?\d+$/.test(value))
      problems.push(`query ${name}=${value} is not an integer`);
    if (parameter.enum && !parameter.enum.includes(value))
      problems.push(`query ${name}=${value} is not one of ${parameter.enum.join(', ')}`);
  }
  return problems;
}

/**
 * Checks one request against its API's discovery document: that a method with this HTTP method
 * and path exists, that every query parameter is declared (by the method or globally) with a
 * valid value and every required one is there, that the body validates against the method's
 * request schema, and that one of `scopes` authorises the method.
 */
export function checkGoogleRequest(
  request: GoogleRequest,
  scopes: readonly string[],
): RequestCheck {
  for (const document of DOCUMENTS) {
    for (const method of methodsOf(document.resources)) {
      if (method.httpMethod !== request.method || !pathPattern(document, method).test(request.path))
        continue;
      const problems: string[] = [];
      const declared = { ...document.parameters, ...method.parameters };
      for (const name of new Set(request.query.keys())) {
        const parameter = declared[name];
        if (!parameter || parameter.location === 'path') problems.push(`unknown query ${name}`);
        else problems.push(...parameterProblem(name, request.query.getAll(name), parameter));
      }
      for (const [name, parameter] of Object.entries(method.parameters ?? {}))
        if (
          (parameter as { required?: boolean }).required &&
          parameter.location === 'query' &&
          !request.query.has(name)
        )
          problems.push(`required query ${name} is missing`);
      if (method.request)
        problems.push(
          ...validateAgainstDiscovery(method.request.$ref, request.body, document).map(
            (p) => `body ${p.path}: ${p.problem}`,
          ),
        );
      else if (request.body !== undefined) problems.push('a body where the method takes none');
      if (!method.scopes?.some((scope) => scopes.includes(scope)))
        problems.push(`none of the granted scopes authorises ${method.id}`);
      return { methodId: method.id, method, document, problems };
    }
  }
  return {
    methodId: undefined,
    method: undefined,
    document: undefined,
    problems: [
      `no method of Sheets v4, Drive v3 or Apps Script v1 is ${request.method} ${request.path}`,
    ],
  };
}

/** Checks an answer a fake gives for a method against the method's response schema. */
export function checkGoogleResponse(check: RequestCheck, answer: unknown): string[] {
  const schema = check.method?.response?.$ref;
  if (!schema || !check.document) return [];
  return validateAgainstDiscovery(schema, answer, check.document).map((p) => p.problem);
}
