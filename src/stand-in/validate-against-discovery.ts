import {
  type DiscoveryDocument,
  type DiscoverySchema,
  discoveryDocument,
} from './discovery-document';
import { schemaLookup } from './discovery-schemas';

/** One way a JSON body departs from its discovery schema, with the message Google sends for it. */
export interface DiscoveryProblem {
  code: 'UNKNOWN_FIELD' | 'INVALID_VALUE';
  /**
   * JSON path with the API's camelCase names. For an unknown field it is the object holding it
   * (`requests[0]`), as in Google's message; for a bad value it is the value itself.
   */
  path: string;
  /** The sentence Google answers with, e.g. `Invalid JSON payload received. Unknown name "x" at 'requests[0]': Cannot find field.` */
  problem: string;
}

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;
// A huge bad body should not produce a huge error.
const MAX_PROBLEMS = 50;
const ANY: DiscoverySchema = { type: 'any' };

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function upperFirst(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

// Google names the proto enum type in the message; the discovery document does not carry it, so
// the two enums this product meets most are spelled out and the rest follow the field's name.
function enumTypeName(fieldName: string): string {
  if (fieldName === 'majorDimension' || fieldName === 'dimension') return 'Dimension';
  return upperFirst(fieldName);
}

function typeLabel(schema: DiscoverySchema, fieldName: string): string {
  if (schema.$ref) return `type.googleapis.com/google.apps.sheets.v4.${schema.$ref}`;
  if (schema.enum) return `type.googleapis.com/google.apps.sheets.v4.${enumTypeName(fieldName)}`;
  switch (schema.type) {
    case 'array':
      return schema.items?.type === 'any' || schema.items?.type === 'array'
        ? 'type.googleapis.com/google.protobuf.ListValue'
        : typeLabel(schema.items ?? {}, fieldName);
    case 'integer':
      return 'TYPE_INT32';
    case 'number':
      return schema.format === 'float' ? 'TYPE_FLOAT' : 'TYPE_DOUBLE';
    case 'boolean':
      return 'TYPE_BOOL';
    default:
      return 'TYPE_STRING';
  }
}

function quoteValue(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 100 ? `${text.slice(0, 100)}…` : text;
}

function isIntegerValue(value: unknown): boolean {
  // proto3 JSON accepts int32 as a number or as a decimal string.
  const number = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
  return (
    typeof number === 'number' &&
    Number.isInteger(number) &&
    number >= INT32_MIN &&
    number <= INT32_MAX
  );
}

function isNumberValue(value: unknown): boolean {
  if (typeof value === 'number') return Number.isFinite(value);
  return (
    typeof value === 'string' &&
    (/^-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(value) ||
      ['NaN', 'Infinity', '-Infinity'].includes(value))
  );
}

class Walker {
  readonly problems: DiscoveryProblem[] = [];
  /**
   * The path to the value being walked, one segment per level: a field name or an index. Kept
   * as a stack and joined only for a problem, since bodies can hold hundreds of thousands of
   * values.
   */
  private readonly segments: Array<string | number> = [];

  constructor(private readonly schemas: ReturnType<typeof schemaLookup>) {}

  private path(): string {
    let path = '';
    for (const segment of this.segments)
      path += typeof segment === 'number' ? `[${segment}]` : path === '' ? segment : `.${segment}`;
    return path;
  }

  private invalid(schema: DiscoverySchema, fieldName: string, value: unknown): void {
    const path = this.path();
    const problem = `Invalid value at '${this.schemas.protoPath(path)}' (${typeLabel(schema, fieldName)}), ${quoteValue(value)}`;
    this.problems.push({ code: 'INVALID_VALUE', path, problem });
  }

  private unknown(key: string): void {
    const path = this.path();
    const at = path === '' ? '' : ` at '${this.schemas.protoPath(path)}'`;
    const problem = `Invalid JSON payload received. Unknown name ${JSON.stringify(key)}${at}: Cannot find field.`;
    this.problems.push({ code: 'UNKNOWN_FIELD', path, problem });
  }

  walk(node: DiscoverySchema, fieldName: string, value: unknown): void {
    // proto3 JSON reads null as "not set" for every field.
    if (value === null || value === undefined || this.problems.length >= MAX_PROBLEMS) return;
    const schema = this.schemas.resolve(node);
    const { segments } = this;
    switch (schema.type) {
      case 'object':
        if (!isPlainObject(value)) {
          this.invalid(node, fieldName, value);
          return;
        }
        for (const key in value) {
          const child = value[key];
          if (schema.additionalProperties) {
            segments.push(key);
            this.walk(schema.additionalProperties, key, child);
            segments.pop();
            continue;
          }
          const field = this.schemas.field(schema, key);
          if (!field) {
            this.unknown(key);
            continue;
          }
          segments.push(field.name);
          this.walk(field.schema, field.name, child);
          segments.pop();
        }
        return;
      case 'array':
        if (!Array.isArray(value)) {
          this.invalid(node, fieldName, value);
          return;
        }
        for (let i = 0; i < value.length && this.problems.length < MAX_PROBLEMS; i++) {
          segments.push(i);
          this.walk(schema.items ?? ANY, fieldName, value[i]);
          segments.pop();
        }
        return;
      case 'string':
        if (typeof value !== 'string' || (schema.enum && !schema.enum.includes(value))) {
          this.invalid(node, fieldName, value);
        }
        return;
      case 'integer':
        if (!isIntegerValue(value)) this.invalid(node, fieldName, value);
        return;
      case 'number':
        if (!isNumberValue(value)) this.invalid(node, fieldName, value);
        return;
      case 'boolean':
        if (typeof value !== 'boolean') this.invalid(node, fieldName, value);
        return;
      default:
        return;
    }
  }
}

/**
 * Checks a JSON body against a schema of a discovery document (the Sheets v4 one unless another
 * is given), recursively: unknown fields, JSON types, int32 versus double, and enum values.
 * Returns no problems when the body is acceptable.
 */
export function validateAgainstDiscovery(
  schemaName: string,
  value: unknown,
  document: DiscoveryDocument = discoveryDocument,
): DiscoveryProblem[] {
  const schemas = schemaLookup(document);
  if (!schemas.named(schemaName))
    throw new Error(`The discovery document has no schema "${schemaName}"`);
  const walker = new Walker(schemas);
  walker.walk({ $ref: schemaName }, schemaName, value);
  return walker.problems;
}
