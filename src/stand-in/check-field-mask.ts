import type { DiscoverySchema } from './discovery-document';
import { discoverySchemas } from './discovery-schemas';
import type { FieldMask } from './parse-field-mask';

function objectSchema(schema: DiscoverySchema): DiscoverySchema {
  let resolved = discoverySchemas.resolve(schema);
  while (resolved.type === 'array' && resolved.items)
    resolved = discoverySchemas.resolve(resolved.items);
  return resolved;
}

function firstUnknown(
  schema: DiscoverySchema,
  mask: FieldMask,
  prefix: string,
): string | undefined {
  const resolved = objectSchema(schema);
  for (const [key, sub] of mask) {
    if (key === '*') continue;
    const path = prefix === '' ? key : `${prefix}.${key}`;
    const field = resolved.additionalProperties
      ? { schema: resolved.additionalProperties }
      : discoverySchemas.field(resolved, key);
    if (!field) return path;
    if (sub !== true) {
      const unknown = firstUnknown(field.schema, sub, path);
      if (unknown) return unknown;
    }
  }
  return undefined;
}

/**
 * The first path of a field mask that names no field of the discovery schema it applies to,
 * e.g. `sheets.propertys`; undefined when every path exists.
 */
export function checkFieldMask(schemaName: string, mask: FieldMask): string | undefined {
  return firstUnknown({ $ref: schemaName }, mask, '');
}
