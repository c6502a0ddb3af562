import {
  type DiscoveryDocument,
  type DiscoverySchema,
  discoveryDocument,
} from './discovery-document';

/** A property of a discovery schema, found by its JSON name or its proto (snake_case) name. */
export interface DiscoveryField {
  /** The JSON (lowerCamelCase) name the stand-in stores. */
  name: string;
  schema: DiscoverySchema;
}

const fieldTables = new WeakMap<DiscoverySchema, Map<string, DiscoveryField>>();

function snakeToCamel(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_match, letter: string) => letter.toUpperCase());
}

/** Lookups over one discovery document's schemas, cached because request bodies can be large. */
export function schemaLookup(document: DiscoveryDocument) {
  return {
    /** The named schema, or undefined when the document has no such schema. */
    named(name: string): DiscoverySchema | undefined {
      return document.schemas[name];
    },

    /** Follows a `$ref` to its named schema; other nodes are returned as they are. */
    resolve(schema: DiscoverySchema): DiscoverySchema {
      return schema.$ref ? (document.schemas[schema.$ref] ?? schema) : schema;
    },

    field,
    protoPath,
    snakeToCamel,
  };
}

/** A property of an object schema; proto3 JSON parsers accept the snake_case name too. */
function field(schema: DiscoverySchema, key: string): DiscoveryField | undefined {
  let table = fieldTables.get(schema);
  if (!table) {
    table = new Map();
    for (const [name, fieldSchema] of Object.entries(schema.properties ?? {})) {
      table.set(name, { name, schema: fieldSchema });
    }
    fieldTables.set(schema, table);
  }
  return table.get(key) ?? table.get(snakeToCamel(key));
}

/** The proto (snake_case) spelling Google uses in error paths, e.g. `requests[0].add_sheet`. */
function protoPath(jsonPath: string): string {
  return jsonPath.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

/** The lookups over the Sheets v4 discovery document. */
export const discoverySchemas = schemaLookup(discoveryDocument);
