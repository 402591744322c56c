/**
 * Request-body validation as GoHighLevel's NestJS services do it (class-validator with `whitelist` and
 * `forbidNonWhitelisted`): a property the DTO does not declare is an error, every failed constraint is one message,
 * and the messages are class-validator's defaults (`property x should not exist`, `x must be a string`, …).
 */

/** What one DTO property accepts. An optional property may be absent or null (class-validator's IsOptional). */
export type GhlRule =
  | { type: 'string'; email?: boolean; enum?: readonly string[] }
  | { type: 'boolean' }
  | { type: 'number' }
  /** Any JSON object; its contents are not checked (nested settings the product never sends). */
  | { type: 'object' }
  /** A string, or an object (the specs' `type: object` with a string example, e.g. dateOfBirth). */
  | { type: 'string-or-object' }
  | { type: 'strings'; notEmpty?: boolean }
  /** An array of nested DTOs, validated (and whitelisted) item by item. */
  | { type: 'objects'; item: GhlDto }
  /** Anything (e.g. a custom field's value: string, number, array or object). */
  | { type: 'any' };

/** A request DTO: its declared properties and which of them are required. */
export interface GhlDto {
  properties: Record<string, GhlRule>;
  required?: readonly string[];
}

/** The validation messages for `body` against `dto`; empty when it is valid. A missing body counts as `{}`. */
export function validateGhlBody(body: unknown, dto: GhlDto, prefix = ''): string[] {
  const fields = isPlainObject(body) ? body : {};
  const messages: string[] = [];
  for (const name of Object.keys(fields)) {
    if (!(name in dto.properties)) messages.push(`property ${prefix}${name} should not exist`);
  }
  const required = new Set(dto.required ?? []);
  for (const [name, rule] of Object.entries(dto.properties)) {
    const value = fields[name];
    const label = `${prefix}${name}`;
    if (value === undefined || value === null) {
      if (required.has(name)) messages.push(`${label} should not be empty`);
      continue;
    }
    if (required.has(name) && value === '') {
      messages.push(`${label} should not be empty`);
      continue;
    }
    messages.push(...checkRule(value, rule, label));
  }
  return messages;
}

function checkRule(value: unknown, rule: GhlRule, label: string): string[] {
  switch (rule.type) {
    case 'string':
      if (typeof value !== 'string') return [`${label} must be a string`];
      if (rule.email && !EMAIL.test(value)) return [`${label} must be an email`];
      if (rule.enum && !rule.enum.includes(value)) return [`${label} must be one of the following values: ${rule.enum.join(', ')}`];
      return [];
    case 'boolean':
      return typeof value === 'boolean' ? [] : [`${label} must be a boolean value`];
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? [] : [`${label} must be a number conforming to the specified constraints`];
    case 'object':
      return isPlainObject(value) ? [] : [`${label} must be an object`];
    case 'string-or-object':
      return typeof value === 'string' || isPlainObject(value) ? [] : [`${label} must be a string or an object`];
    case 'strings':
      return checkStrings(value, rule.notEmpty === true, label);
    case 'objects':
      if (!Array.isArray(value)) return [`${label} must be an array`];
      return value.flatMap((item, i) => (isPlainObject(item)
        ? validateGhlBody(item, rule.item, `${label}.${i}.`)
        : [`nested property ${label} must be either object or array`]));
    case 'any':
      return [];
  }
}

function checkStrings(value: unknown, notEmpty: boolean, label: string): string[] {
  if (!Array.isArray(value)) return [`${label} must be an array`];
  if (notEmpty && value.length === 0) return [`${label} should not be empty`];
  const messages: string[] = [];
  if (!value.every((item) => typeof item === 'string')) messages.push(`each value in ${label} must be a string`);
  else if (notEmpty && value.some((item) => item === '')) messages.push(`each value in ${label} should not be empty`);
  return messages;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
