import { CONFIG_VARIABLES } from './config-variables';
import { ConfigError } from './config-error';

/** Where the real value of each credential comes from, for the refusal's "what to do". */
const WHERE_TO_FIND: Record<string, string> = {
  MP_ACCESS_TOKEN: 'the Access Token from MercadoPago (Your integrations → your application → Production credentials)',
  MP_WEBHOOK_SECRET: 'the secret signature from MercadoPago (Your integrations → your application → Webhooks)',
  GHL_API_TOKEN: 'the token of a GoHighLevel Private Integration (Settings → Private Integrations)',
  GHL_LOCATION_ID: 'the sub-account id (GoHighLevel: Settings → Business Profile, or …/location/<id>/… in the URL)',
  ADMIN_TOKEN: 'the output of `openssl rand -hex 32`, or remove the line to have one generated',
};

/** Variables whose value is sent in an HTTP header: any character outside visible ASCII makes every call fail. */
const HEADER_VARIABLES = new Set(['MP_ACCESS_TOKEN', 'GHL_API_TOKEN', 'GHL_LOCATION_ID', 'GHL_API_VERSION', 'ADMIN_TOKEN']);

/** Shapes of "fill me in" text: .env.example's ellipsis, `your_secret_key_here`, `<token>`, `changeme`, `xxxx`. */
const PLACEHOLDER_SHAPES: ReadonlyArray<{ test: RegExp; why: string }> = [
  { test: /…|\.\.\./, why: 'it contains "…", the "fill in the rest" mark of .env.example' },
  { test: /^your[_-].*[_-]here$/i, why: 'it is a "your_…_here" placeholder' },
  { test: /^<[^>]*>$/, why: 'it is a <placeholder> in angle brackets' },
  { test: /^(change[_-]?me|replace[_-]?me|placeholder|todo|x{3,})$/i, why: 'it is a placeholder word' },
];

/** The variables checked: every secret (tokens, secrets, URLs with credentials) and the GoHighLevel location id. */
function checkedVariables(): Array<{ name: string; example?: string }> {
  return Object.values(CONFIG_VARIABLES)
    .filter((v) => v.secret || v.name === 'GHL_LOCATION_ID' || HEADER_VARIABLES.has(v.name))
    .map((v) => ({ name: v.name, example: v.example }));
}

/** Why `value` of variable `name` is a placeholder or cannot be sent, or undefined when it looks like a real value. */
export function findPlaceholderReason(name: string, value: string, example?: string): string | undefined {
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  if (example !== undefined && trimmed === example) return `it is still the example value from .env.example ("${example}")`;
  for (const parts of trimmed.split(',')) {
    const part = parts.trim();
    const shape = PLACEHOLDER_SHAPES.find((s) => s.test.test(part));
    if (shape) return shape.why;
  }
  if (HEADER_VARIABLES.has(name)) {
    const index = [...trimmed].findIndex((c) => c < '!' || c > '~');
    if (index >= 0) return `character ${index + 1} cannot be sent in an HTTP header (only visible ASCII can: a value pasted with quotes, spaces or typographic characters?)`;
  }
  return undefined;
}

/**
 * Refuses, before anything starts, a credential still holding a placeholder (`APP_USR-123…`, `your_secret_key_here`,
 * `pit-…`) or a character no HTTP header can carry: otherwise it is accepted silently and every call fails later with
 * "Invalid character in header content". The message names the variable and the cause, never the value (unless it is
 * the public example itself).
 */
export function rejectPlaceholderValues(env: NodeJS.ProcessEnv): void {
  for (const { name, example } of checkedVariables()) {
    const value = env[name];
    if (value === undefined) continue;
    const reason = findPlaceholderReason(name, value, example);
    if (reason) {
      const fix = WHERE_TO_FIND[name] ? `set it to ${WHERE_TO_FIND[name]}` : 'set the real value';
      throw new ConfigError(`${name} is a placeholder, not a real value: ${reason}; ${fix}, or remove the line from .env`);
    }
  }
}
