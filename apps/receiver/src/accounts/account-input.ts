import { z } from 'zod';
import { ConfigError } from '@ghl-payments/core';
import { parseRules } from '@ghl-payments/pipeline';
import { isValidAccountSlug } from '@ghl-payments/store';

/** What an operator gives for an account (API body or dashboard form); absent fields are left as they are. */
export interface AccountFields {
  slug?: string;
  name?: string;
  mpAccessToken?: string;
  mpWebhookSecrets?: string[];
  ghlToken?: string;
  /** The secret its GoHighLevel workflows present to ask for payment links (docs/payment-links.md). */
  ghlWorkflowSecret?: string;
  /** null clears it. */
  ghlLocationId?: string | null;
  /** The rules file text (YAML or JSON); null: the default rules. */
  rules?: string | null;
  enabled?: boolean;
}

/** A field of an account with an unusable value: answered 400 (or shown on the form), naming it. */
export class AccountInputError extends Error {
  readonly status = 400;

  constructor(readonly field: string, reason: string) {
    super(`invalid ${field}: ${reason}`);
    this.name = 'AccountInputError';
  }
}

export const SLUG_RULE = '1–24 lower-case letters, digits or dashes, starting with a letter or digit (and not "default")';
export const MAX_WEBHOOK_SECRETS = 8;
const MAX_RULES_CHARS = 60_000;

// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;
/** Visible ASCII only: a credential has no spaces (a pasted one with a line break or a space around it is trimmed). */
const CREDENTIAL = /^[\x21-\x7e]+$/;
/** Webhook secrets are also given comma-separated, so they cannot hold a comma. */
const WEBHOOK_SECRET = /^[\x21-\x2b\x2d-\x7e]+$/;

const printable = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`)
  .refine((v) => !CONTROL_CHARS.test(v), 'must be printable text');

const credential = (what: string) => z.string().trim()
  .min(8, `must be the whole ${what} (at least 8 characters)`)
  .max(2048, `must be at most 2048 characters`)
  .regex(CREDENTIAL, 'must not contain spaces or control characters');

/** A workflow secret is typed into GoHighLevel's Webhook action: long enough not to be guessed (as the CLI asks). */
const workflowSecret = z.string().trim()
  .min(16, 'is too short: use at least 16 random characters, e.g. the output of `openssl rand -hex 24`')
  .max(256, 'must be at most 256 characters')
  .regex(CREDENTIAL, 'must not contain spaces or control characters');

const webhookSecret = z.string()
  .min(8, 'must be the whole secret (at least 8 characters)')
  .max(256, 'must be at most 256 characters')
  .regex(WEBHOOK_SECRET, 'must not contain spaces, commas or control characters');

/** A list of secrets, as a JSON array or one comma-separated string; blanks are dropped, so "" (or []) clears them. */
const webhookSecrets = z.union([z.array(z.string({ error: 'must be text' })), z.string()], { error: 'must be a list of secrets (an array, or text separated by commas)' })
  .transform((v) => (Array.isArray(v) ? v : v.split(',')).map((s) => s.trim()).filter((s) => s !== ''))
  .pipe(z.array(webhookSecret).max(MAX_WEBHOOK_SECRETS, `must be at most ${MAX_WEBHOOK_SECRETS} secrets`));

const locationId = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() === '' ? null : v),
  z.string().trim().regex(/^[A-Za-z0-9_-]{1,128}$/, 'must be a GoHighLevel location id (letters, digits, - or _)').nullable(),
);

const rules = z.string().max(MAX_RULES_CHARS, `must be at most ${MAX_RULES_CHARS} characters`).nullable()
  .transform((v) => (v === null || v.trim() === '' ? null : v));

const fields = {
  slug: z.string().trim().refine(isValidAccountSlug, `must be ${SLUG_RULE}`),
  name: printable(200),
  mpAccessToken: credential('MercadoPago access token'),
  mpWebhookSecrets: webhookSecrets,
  ghlToken: credential('GoHighLevel token'),
  ghlWorkflowSecret: workflowSecret,
  ghlLocationId: locationId,
  rules,
  enabled: z.boolean(),
};

/** A new account: slug and name required, the rest optional. */
const createSchema = z.strictObject({
  slug: fields.slug,
  name: fields.name,
  mpAccessToken: fields.mpAccessToken.optional(),
  mpWebhookSecrets: fields.mpWebhookSecrets.optional(),
  ghlToken: fields.ghlToken.optional(),
  ghlWorkflowSecret: fields.ghlWorkflowSecret.optional(),
  ghlLocationId: fields.ghlLocationId.optional(),
  rules: fields.rules.optional(),
  enabled: fields.enabled.optional(),
});

/** Changes to an account: any of the fields (the slug, if given, must be the account's own: it cannot change). */
const updateSchema = createSchema.partial();

/** The first problem of a body that does not fit the schema: the field it concerns and why. */
function toInputError(error: z.ZodError): AccountInputError {
  const issue = error.issues[0];
  if (issue.code === 'unrecognized_keys') return new AccountInputError(issue.keys[0] ?? '(body)', 'is not a known field');
  const field = issue.path.length > 0 ? issue.path.join('.') : '(body)';
  if (issue.code === 'invalid_type' && issue.path.length === 0) return new AccountInputError(field, 'must be a JSON object');
  if (issue.code === 'invalid_type' && issue.input === undefined) return new AccountInputError(field, 'is required');
  if (issue.code === 'invalid_type') return new AccountInputError(field, `must be a ${issue.expected}`);
  return new AccountInputError(field, issue.message);
}

/** Throws AccountInputError when the rules text is not a valid rules file (what the worker would refuse). */
export function checkRules(text: string | null | undefined, slug: string): void {
  if (text === null || text === undefined) return;
  try {
    parseRules(text, `account ${slug}'s rules`);
  } catch (err) {
    if (err instanceof ConfigError) throw new AccountInputError('rules', err.message.replace(/^rules file /, ''));
    throw err;
  }
}

/** A new account's fields, validated (rules included); throws AccountInputError. */
export function parseNewAccount(body: unknown): AccountFields & { slug: string; name: string } {
  // reportInput: to tell a missing field from a wrong one (the input itself is never shown: it may be a secret)
  const parsed = createSchema.safeParse(body, { reportInput: true });
  if (!parsed.success) throw toInputError(parsed.error);
  checkRules(parsed.data.rules, parsed.data.slug);
  return parsed.data;
}

/** Changes to the account `slug`, validated; throws AccountInputError (an empty change too). */
export function parseAccountChanges(body: unknown, slug: string): AccountFields {
  const parsed = updateSchema.safeParse(body, { reportInput: true });
  if (!parsed.success) throw toInputError(parsed.error);
  const { slug: given, ...changes } = parsed.data;
  if (given !== undefined && given !== slug) throw new AccountInputError('slug', 'cannot be changed (add a new account instead)');
  if (Object.values(changes).every((v) => v === undefined)) throw new AccountInputError('(body)', 'give at least one field to change');
  checkRules(changes.rules, slug);
  return changes;
}
