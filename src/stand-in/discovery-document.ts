/*
 * Provenance of sheets-v4.discovery.json: the official Google Sheets API v4 discovery document,
 * "revision": "20260213", sha256 c60f8620e6e95f6f96785a3397143d0f895b7f6ecef7d47436c40b1e12b42f97,
 * copied unchanged from google/googleapis.dart at commit 444fd6c828253578ee2e9a2e7fd2189453917973,
 * path discovery/googleapis/sheets__v4.json (see ../shared/reference/sheets-api-behaviour.md).
 * Keep it byte-identical so request validation follows what Google publishes.
 */
import raw from './sheets-v4.discovery.json' with { type: 'json' };

/** One schema node of a discovery document (a named schema or a property). */
export interface DiscoverySchema {
  id?: string;
  type?: string;
  $ref?: string;
  format?: string;
  enum?: string[];
  properties?: Record<string, DiscoverySchema>;
  items?: DiscoverySchema;
  additionalProperties?: DiscoverySchema;
}

/** A query or path parameter of a discovery method. */
export interface DiscoveryParameter {
  type?: string;
  enum?: string[];
  repeated?: boolean;
  location?: string;
}

/** One REST method of the discovery document. */
export interface DiscoveryMethod {
  id: string;
  httpMethod: string;
  path: string;
  parameters?: Record<string, DiscoveryParameter>;
  request?: { $ref: string };
  response?: { $ref: string };
  scopes?: string[];
}

interface DiscoveryResource {
  methods?: Record<string, DiscoveryMethod>;
  resources?: Record<string, DiscoveryResource>;
}

/** The parts of the Sheets v4 discovery document the stand-in reads. */
export interface DiscoveryDocument {
  revision: string;
  schemas: Record<string, DiscoverySchema>;
  resources: Record<string, DiscoveryResource>;
}

/** The official Sheets v4 discovery document, loaded once. */
export const discoveryDocument: DiscoveryDocument = raw as unknown as DiscoveryDocument;
