import type { DiscoverySchema } from './discovery-document';
import { discoverySchemas } from './discovery-schemas';

// Fields whose presence proto3 tracks (optional, oneof or wrapper fields), so an explicit zero,
// false or "" is kept. Everything else at its default value is dropped (sheets-api-behaviour §0.2).
const TRACKS_PRESENCE = new Set([
  'SheetProperties.sheetId',
  'SheetProperties.index',
  'GridRange.startRowIndex',
  'GridRange.endRowIndex',
  'GridRange.startColumnIndex',
  'GridRange.endColumnIndex',
  'DimensionRange.startIndex',
  'DimensionRange.endIndex',
  'DeveloperMetadataLocation.sheetId',
  'DeveloperMetadataLocation.spreadsheet',
  'EmbeddedObjectPosition.sheetId',
  'EmbeddedObjectPosition.newSheet',
  'ExtendedValue.numberValue',
  'ExtendedValue.stringValue',
  'ExtendedValue.boolValue',
  'ExtendedValue.formulaValue',
  'ConditionValue.userEnteredValue',
  'TextFormat.bold',
  'TextFormat.italic',
  'TextFormat.strikethrough',
  'TextFormat.underline',
  'Color.alpha',
  'DataFilter.a1Range',
]);

function isDefaultScalar(schema: DiscoverySchema, value: unknown): boolean {
  if (schema.enum) return value === schema.enum[0];
  return value === 0 || value === false || value === '';
}

function normalise(node: DiscoverySchema, owner: string, field: string, value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  const schema = discoverySchemas.resolve(node);
  switch (schema.type) {
    case 'object': {
      const typeName = node.$ref ?? '';
      const out: Record<string, unknown> = {};
      const object = value as Record<string, unknown>;
      for (const key in object) {
        const child = object[key];
        if (schema.additionalProperties) {
          const normalised = normalise(schema.additionalProperties, typeName, key, child);
          if (normalised !== undefined) out[key] = normalised;
          continue;
        }
        const found = discoverySchemas.field(schema, key);
        if (!found) continue;
        const normalised = normalise(found.schema, typeName, found.name, child);
        if (normalised !== undefined) out[found.name] = normalised;
      }
      return out;
    }
    case 'array': {
      const list = value as unknown[];
      if (list.length === 0) return undefined;
      const items = schema.items ?? { type: 'any' };
      // ValueRange.values holds arbitrary JSON; it is passed on untouched (and uncopied).
      if (items.type === 'any' || items.items?.type === 'any') return list;
      const resolved = discoverySchemas.resolve(items);
      if (resolved.type !== 'object' && resolved.type !== 'array') {
        // Elements of a repeated scalar field are never dropped, whatever their value.
        return resolved.type === 'integer' || resolved.type === 'number' ? list.map(Number) : list;
      }
      const out: unknown[] = [];
      for (const item of list) out.push(normalise(items, owner, field, item) ?? {});
      return out;
    }
    case 'integer':
    case 'number': {
      const number = typeof value === 'string' ? Number(value) : value;
      return isDefaultScalar(schema, number) && !TRACKS_PRESENCE.has(`${owner}.${field}`)
        ? undefined
        : number;
    }
    case 'any':
      return value;
    default:
      return isDefaultScalar(schema, value) && !TRACKS_PRESENCE.has(`${owner}.${field}`)
        ? undefined
        : value;
  }
}

/**
 * Rewrites a validated JSON value of a discovery schema the way Google's proto3 JSON layer sees
 * it: camelCase names, no nulls, no empty lists, no default scalars unless their presence is
 * tracked (so `GridRange.sheetId: 0` disappears while `SheetProperties.sheetId: 0` stays).
 */
export function toProto3Json<T>(schemaName: string, value: unknown): T {
  return (normalise({ $ref: schemaName }, schemaName, schemaName, value) ?? {}) as T;
}
