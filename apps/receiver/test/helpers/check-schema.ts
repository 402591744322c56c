/** A JSON Schema as written in docs/openapi.json (the subset the document uses). */
export interface Schema {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  items?: Schema;
  allOf?: Schema[];
  minItems?: number;
  maxItems?: number;
}

type Components = Record<string, Schema>;

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function resolve(schema: Schema, components: Components): Schema {
  if (!schema.$ref) return schema;
  const name = schema.$ref.replace('#/components/schemas/', '');
  if (!components[name]) throw new Error(`unknown schema ${schema.$ref}`);
  return resolve(components[name], components);
}

/** allOf merged into one object schema (properties and required lists joined). */
function flatten(schema: Schema, components: Components): Schema {
  const s = resolve(schema, components);
  if (!s.allOf) return s;
  const parts = [...s.allOf.map((p) => flatten(p, components)), { ...s, allOf: undefined }];
  return {
    ...s,
    allOf: undefined,
    properties: Object.assign({}, ...parts.map((p) => p.properties ?? {})),
    required: parts.flatMap((p) => p.required ?? []),
  };
}

/**
 * Checks a value against a documented schema and returns the problems (empty when it fits). Strict about objects:
 * a property the schema does not list is a problem too, so the document cannot fall behind the API.
 */
export function checkSchema(value: unknown, schema: Schema, components: Components, path = '$'): string[] {
  const s = flatten(schema, components);
  const actual = typeOf(value);
  if (s.type !== undefined) {
    const allowed = Array.isArray(s.type) ? s.type : [s.type];
    const fits = allowed.includes(actual) || (actual === 'integer' && allowed.includes('number'));
    if (!fits) return [`${path}: expected ${allowed.join('|')}, got ${actual}`];
  }
  if (s.enum && !s.enum.includes(value)) return [`${path}: ${JSON.stringify(value)} is not one of ${JSON.stringify(s.enum)}`];
  const problems: string[] = [];
  if (actual === 'array') {
    const list = value as unknown[];
    if (s.minItems !== undefined && list.length < s.minItems) problems.push(`${path}: fewer than ${s.minItems} items`);
    if (s.maxItems !== undefined && list.length > s.maxItems) problems.push(`${path}: more than ${s.maxItems} items`);
    if (s.items) list.forEach((item, i) => problems.push(...checkSchema(item, s.items!, components, `${path}[${i}]`)));
  }
  if (actual === 'object' && (s.properties || s.additionalProperties !== undefined)) {
    const obj = value as Record<string, unknown>;
    for (const key of s.required ?? []) if (!(key in obj)) problems.push(`${path}.${key}: required but missing`);
    for (const [key, v] of Object.entries(obj)) {
      const prop = s.properties?.[key];
      if (prop) problems.push(...checkSchema(v, prop, components, `${path}.${key}`));
      else if (typeof s.additionalProperties === 'object') problems.push(...checkSchema(v, s.additionalProperties, components, `${path}.${key}`));
      else if (s.additionalProperties !== true) problems.push(`${path}.${key}: not documented`);
    }
  }
  return problems;
}
