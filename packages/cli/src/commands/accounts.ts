import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import {
  Config, ConfigError, findPlaceholderReason, listSecrets, loadAccountsKey, PREVIOUS_SECRETS_KEYS_FILE, redactText, rotateAccountsKey,
  SECRETS_KEY_FILE, SecretBox, SecretBoxError,
} from '@ghl-payments/core';
import { parseRules } from '@ghl-payments/pipeline';
import {
  Account, AccountChanges, AccountRecord, AccountSecrets, DEFAULT_ACCOUNT, isValidAccountSlug, openAccount, reencryptAccounts,
  sealAccountSecrets,
} from '@ghl-payments/store';
import { checkGhl } from '../doctor/check-ghl';
import { checkMercadoPago } from '../doctor/check-mercadopago';
import { CheckResult, fail, formatCheckResult, pass, summarizeChecks, warn } from '../doctor/doctor-check';
import { EXIT_ERROR, EXIT_OK, EXIT_USAGE } from '../exit-codes';
import { findCredentialWarnings } from '../find-credential-warnings';
import { formatCliTime, formatTable, oneLine } from '../format-table';
import { loadCliConfig } from '../load-cli-config';
import { pickCliLanguage } from '../messages/pick-cli-language';
import { readSecretFlags, ReadSecrets, SECRET_FLAGS, SecretFlags, SecretInputError } from '../read-secret-flags';
import { CommandContext, CommandError, withDatabase } from '../with-database';
import { auditAccountChange, givenFields } from '../audit-account';

interface DatabaseFlags {
  databaseUrl?: string;
}

interface AccountFlags extends SecretFlags, DatabaseFlags {
  name?: string;
  ghlLocationId?: string;
  rulesFile?: string;
  defaultRules?: boolean;
}

/** Bad usage found before anything is written: one line, exit 2. */
class UsageError extends Error {}

/** `--rules-file none`: the account goes back to the deployment's rules. */
const NO_RULES_FILE = 'none';

// --- what is shown (never a secret: only the stored last four characters) ---

/** Where MercadoPago must send this account's notifications: PUBLIC_URL, else the receiver's HOST and PORT. */
export function accountWebhookUrl(config: Config, slug: string): string {
  const host = config.receiver.host.includes(':') ? `[${config.receiver.host}]` : config.receiver.host;
  const base = config.alerts.publicUrl ? config.alerts.publicUrl.replace(/\/+$/, '') : `http://${host}:${config.receiver.port}`;
  return `${base}/webhooks/mp/${slug}`;
}

const webhookSecretsLast4 = (r: AccountRecord): string[] => (r.mpWebhookSecretsLast4 ? r.mpWebhookSecretsLast4.split(',') : []);

/** `own (2 rules: aprobado, reembolso)` or `defaults (the deployment's rules)`. */
function describeRules(r: AccountRecord): string {
  if (r.rules === null) return 'defaults (the deployment\'s rules)';
  try {
    const rules = parseRules(r.rules, `account ${r.slug}`);
    return `own (${rules.length} rule${rules.length === 1 ? '' : 's'}${rules.length ? `: ${oneLine(rules.map((x) => x.name).join(', '), 80)}` : ''})`;
  } catch (err) {
    return `own (invalid: ${oneLine((err as Error).message, 100)})`;
  }
}

function toAccountJson(r: AccountRecord, config: Config): Record<string, unknown> {
  return {
    slug: r.slug,
    name: r.name,
    enabled: r.enabled,
    ghl_location_id: r.ghlLocationId,
    mp_access_token_last4: r.mpAccessTokenLast4,
    mp_webhook_secrets_last4: webhookSecretsLast4(r),
    ghl_token_last4: r.ghlTokenLast4,
    rules: r.rules === null ? 'defaults' : 'own',
    viewer_token: r.viewerTokenHash !== null,
    webhook_url: accountWebhookUrl(config, r.slug),
    created_at: new Date(r.createdAt).toISOString(),
    updated_at: new Date(r.updatedAt).toISOString(),
  };
}

function describeAccount(r: AccountRecord, config: Config): string[] {
  const row = (label: string, value: string) => `  ${label.padEnd(22)}${value}`;
  return [
    `Account ${r.slug}  "${oneLine(r.name, 100)}"  ${r.enabled ? 'enabled' : 'DISABLED'}`,
    row('MercadoPago token', r.mpAccessTokenLast4 ?? '(not set)'),
    row('webhook secrets', webhookSecretsLast4(r).join(', ') || '(not set: signatures are not checked)'),
    row('GoHighLevel token', r.ghlTokenLast4 ?? '(not set)'),
    row('GoHighLevel location', r.ghlLocationId ?? '(not set)'),
    row('workflow secret', r.ghlWorkflowSecretLast4 ?? '(not set: payment links from workflows are off)'),
    row('rules', describeRules(r)),
    row('viewer token', r.viewerTokenHash ? 'set (read-only access)' : 'none'),
    row('created', `${formatCliTime(r.createdAt)} UTC`),
    row('updated', `${formatCliTime(r.updatedAt)} UTC`),
    row('webhook URL', accountWebhookUrl(config, r.slug)),
  ];
}

/** What the account still needs before it can work, each with the command that sets it. */
function describeMissing(r: AccountRecord): string[] {
  const missing = [
    r.mpAccessTokenEnc === null ? '--mp-access-token' : '',
    r.ghlTokenEnc === null ? '--ghl-token' : '',
    r.ghlLocationId === null ? '--ghl-location-id' : '',
  ].filter(Boolean);
  return missing.length === 0 ? [] : [`still missing: ${missing.join(', ')}: set ${missing.length === 1 ? 'it' : 'them'} with \`ghl-payments accounts update ${r.slug} ${missing.map((m) => `${m} …`).join(' ')}\``];
}

// --- reading the flags (before the database is opened: bad usage writes nothing) ---

function checkNewSlug(slug: string): void {
  if (slug === DEFAULT_ACCOUNT) {
    throw new UsageError(`the slug "${DEFAULT_ACCOUNT}" is reserved for the shop configured in the environment (MP_ACCESS_TOKEN, GHL_API_TOKEN, GHL_LOCATION_ID): choose another slug, e.g. the client's name`);
  }
  if (!isValidAccountSlug(slug)) {
    throw new UsageError(`invalid account slug "${oneLine(slug, 40)}": use 1 to 24 lower-case letters, digits and dashes, starting with a letter or digit (e.g. acme or tienda-sur); it becomes part of the webhook URL`);
  }
}

function readName(raw: string): string {
  const name = raw.trim();
  // eslint-disable-next-line no-control-regex
  if (name === '' || name.length > 100 || /[\u0000-\u001f\u007f]/.test(name)) {
    throw new UsageError('invalid --name: give the client\'s name, 1 to 100 characters on one line');
  }
  return name;
}

function readLocationId(raw: string): string {
  const id = raw.trim();
  const reason = id === '' ? 'it is empty' : findPlaceholderReason('GHL_LOCATION_ID', id) ?? (/\s/.test(id) ? 'it contains spaces' : undefined);
  if (reason) throw new UsageError(`invalid --ghl-location-id: ${reason}; give the sub-account id (GoHighLevel: Settings → Business Profile, or …/location/<id>/… in the URL)`);
  return id;
}

/** The rules file's text, validated as the rules file of the deployment is (errors name the file, the rule and the field). */
function readRulesFileText(file: string): string {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'ENOENT'
      ? `rules file ${path.resolve(file)} does not exist: check the path given to --rules-file (or \`--rules-file ${NO_RULES_FILE}\` for the deployment's rules)`
      : `rules file ${path.resolve(file)} cannot be read (${code ?? (err as Error).message}): check its permissions`);
  }
  parseRules(text, file);
  return text;
}

/** `rules` of the changes: the file's text, null for the deployment's rules, undefined when not asked. */
function readRulesFlags(flags: AccountFlags): string | null | undefined {
  if (flags.defaultRules && flags.rulesFile !== undefined && flags.rulesFile !== NO_RULES_FILE) {
    throw new UsageError('--default-rules and --rules-file contradict each other: give one of them');
  }
  if (flags.defaultRules || flags.rulesFile === NO_RULES_FILE) return null;
  return flags.rulesFile === undefined ? undefined : readRulesFileText(flags.rulesFile);
}

/** Everything `add` and `update` were asked to set, read and checked. */
interface RequestedChanges {
  fields: AccountChanges;
  secrets: ReadSecrets;
}

async function readRequestedChanges(flags: AccountFlags): Promise<RequestedChanges> {
  const fields: AccountChanges = {};
  if (flags.name !== undefined) fields.name = readName(flags.name);
  if (flags.ghlLocationId !== undefined) fields.ghlLocationId = readLocationId(flags.ghlLocationId);
  const rules = readRulesFlags(flags);
  if (rules !== undefined) fields.rules = rules;
  const secrets = await readSecretFlags(flags, process.env);
  if (secrets.secrets.ghlWorkflowSecret !== undefined && secrets.secrets.ghlWorkflowSecret.length < 16) {
    throw new UsageError('--ghl-workflow-secret is too short: use at least 16 random characters, e.g. the output of `openssl rand -hex 24`');
  }
  return { fields, secrets };
}

const hasSecrets = (s: AccountSecrets) => s.mpAccessToken !== undefined || s.mpWebhookSecrets !== undefined || s.ghlToken !== undefined
  || s.ghlWorkflowSecret !== undefined;

/** Runs a step before the database is opened; a usage problem is one line and exit 2. */
async function beforeDatabase<T>(fn: () => Promise<T> | T): Promise<T | number> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof UsageError || err instanceof SecretInputError || err instanceof ConfigError) {
      process.stderr.write(`ghl-payments: ${err.message}\n`);
      return EXIT_USAGE;
    }
    throw err;
  }
}

// --- the database side ---

/** Where the current key comes from, for messages: SECRETS_KEY or the key file. */
function keySource(config: Config): string {
  return config.accounts.secretsKey ? 'SECRETS_KEY' : `the key file ${path.join(config.dataDir, SECRETS_KEY_FILE)}`;
}

/** A stored secret the current key cannot read: what happened (no secret in it) and which key is in use. */
function describeKeyError(err: SecretBoxError, config: Config): string {
  return `${err.message.replace(/^Cannot/, 'cannot')}; the key in use is ${keySource(config)}: restore the key these secrets were written with `
    + `(the key file from a backup, or SECRETS_KEY), or give the old key in SECRETS_KEY_PREVIOUS or ${path.join(config.dataDir, PREVIOUS_SECRETS_KEYS_FILE)}`;
}

/**
 * Runs `fn` on the database (withDatabase: missing or unmigrated database said in one line). A configuration problem
 * (the key) exits 2, a key that cannot read a secret 1 with which key is in use; `fn` may return its own exit code.
 */
async function withAccounts(flags: DatabaseFlags, config: Config, fn: (ctx: CommandContext) => Promise<number | void>): Promise<number> {
  let code: number | undefined;
  const result = await withDatabase(flags, async (ctx) => {
    try {
      code = (await fn(ctx)) ?? undefined;
    } catch (err) {
      if (err instanceof ConfigError || err instanceof UsageError) code = EXIT_USAGE;
      if (err instanceof SecretBoxError) throw new CommandError(describeKeyError(err, config));
      throw err;
    }
  });
  return code ?? result;
}

function unknownAccount(slug: string): CommandError {
  const aside = slug === DEFAULT_ACCOUNT ? ` ("${DEFAULT_ACCOUNT}" is the shop configured in the environment, not a stored account)` : '';
  return new CommandError(`no account "${oneLine(slug, 40)}"${aside}: see ghl-payments accounts list`);
}

async function findAccount(ctx: CommandContext, slug: string): Promise<AccountRecord> {
  const record = isValidAccountSlug(slug) ? await ctx.store.getAccount(slug) : null;
  if (!record) throw unknownAccount(slug);
  return record;
}

/** The encrypted columns for the secrets given, and the line to print when the key file was created for them. */
function sealSecrets(config: Config, slug: string, secrets: AccountSecrets): { sealed: AccountChanges; notice: string[] } {
  if (!hasSecrets(secrets)) return { sealed: {}, notice: [] };
  const loaded = loadAccountsKey(config);
  const notice = loaded.created
    ? [`created the secrets key ${loaded.file} (mode 0600): back it up with the database, the stored secrets cannot be read without it; `
      + 'with PostgreSQL on several hosts, set SECRETS_KEY to its contents on every host']
    : [];
  return { sealed: sealAccountSecrets(loaded.box, slug, secrets), notice };
}

/** `(--ghl-token taken from ACCOUNT_GHL_TOKEN)` for each secret read from the environment: it was not on the command line. */
function describeEnvSources(read: ReadSecrets): string[] {
  return SECRET_FLAGS.filter((s) => read.sources[s.key] === s.env).map((s) => `${s.flag} taken from ${s.env}`);
}

/** `MercadoPago access token …abcd (from standard input)` for each secret set. */
function describeSecretChanges(changes: AccountChanges, read: ReadSecrets): string[] {
  const from = (key: keyof ReadSecrets['sources']) => (read.sources[key] && read.sources[key] !== SECRET_FLAGS.find((s) => s.key === key)?.flag ? ` (from ${read.sources[key]})` : '');
  return [
    changes.mpAccessTokenLast4 !== undefined ? `MercadoPago access token ${changes.mpAccessTokenLast4}${from('mpAccessToken')}` : '',
    changes.mpWebhookSecretsLast4 !== undefined ? `webhook secrets ${changes.mpWebhookSecretsLast4!.split(',').join(', ')}${from('mpWebhookSecret')}` : '',
    changes.ghlTokenLast4 !== undefined ? `GoHighLevel token ${changes.ghlTokenLast4}${from('ghlToken')}` : '',
    changes.ghlWorkflowSecretLast4 ? `GoHighLevel workflow secret ${changes.ghlWorkflowSecretLast4}${from('ghlWorkflowSecret')}` : '',
  ].filter(Boolean);
}

async function addAccount(ctx: CommandContext, config: Config, slug: string, requested: RequestedChanges): Promise<void> {
  const taken = () => new CommandError(`account "${slug}" already exists: change it with \`ghl-payments accounts update ${slug} …\``);
  if (await ctx.store.getAccount(slug)) throw taken();
  const { sealed, notice } = sealSecrets(config, slug, requested.secrets.secrets);
  const created = await ctx.store.createAccount({
    slug, name: requested.fields.name!, enabled: true,
    mpAccessTokenEnc: null, mpAccessTokenLast4: null, mpWebhookSecretsEnc: null, mpWebhookSecretsLast4: null, ghlTokenEnc: null, ghlTokenLast4: null,
    ghlLocationId: requested.fields.ghlLocationId ?? null, rules: requested.fields.rules ?? null, viewerTokenHash: null,
    ...sealed,
  }, Date.now());
  if (!created) throw taken();
  await auditAccountChange(ctx, slug, 'add', givenFields(requested.fields, requested.secrets.secrets));
  const record = (await ctx.store.getAccount(slug))!;
  const fromEnv = describeEnvSources(requested.secrets);
  ctx.print([
    `added account ${slug}${fromEnv.length ? ` (${fromEnv.join(', ')})` : ''}`,
    ...describeAccount(record, config),
    '',
    ...notice,
    `Paste the webhook URL into MercadoPago (Your integrations → your application → Webhooks): ${accountWebhookUrl(config, slug)}`
      + (config.alerts.publicUrl ? '' : ' (PUBLIC_URL is not set: use the address MercadoPago reaches this server at)'),
    ...describeMissing(record),
    `Check the credentials: ghl-payments accounts test ${slug}`,
  ].join('\n'));
}

async function updateAccountCommand(ctx: CommandContext, config: Config, slug: string, requested: RequestedChanges): Promise<void> {
  await findAccount(ctx, slug);
  const { sealed, notice } = sealSecrets(config, slug, requested.secrets.secrets);
  const changes: AccountChanges = { ...requested.fields, ...sealed };
  if (!(await ctx.store.updateAccount(slug, changes, Date.now()))) throw unknownAccount(slug);
  await auditAccountChange(ctx, slug, 'update', givenFields(requested.fields, requested.secrets.secrets));
  const f = requested.fields;
  const said = [
    f.name !== undefined ? `name "${f.name}"` : '',
    f.ghlLocationId !== undefined ? `GoHighLevel location ${f.ghlLocationId}` : '',
    ...describeSecretChanges(sealed, requested.secrets),
    f.rules !== undefined ? `rules ${f.rules === null ? 'defaults (the deployment\'s rules)' : 'own'}` : '',
  ].filter(Boolean);
  ctx.print([`updated account ${slug}: ${said.join('; ')}`, ...notice, ...describeMissing((await ctx.store.getAccount(slug))!)].join('\n'));
}

async function setEnabled(ctx: CommandContext, slug: string, enabled: boolean): Promise<void> {
  const record = await findAccount(ctx, slug);
  if (record.enabled === enabled) {
    ctx.print(`account ${slug} is already ${enabled ? 'enabled' : 'disabled'}`);
    return;
  }
  await ctx.store.updateAccount(slug, { enabled }, Date.now());
  await auditAccountChange(ctx, slug, enabled ? 'enable' : 'disable');
  ctx.print(enabled
    ? `enabled account ${slug}: its notifications are accepted and processed again`
    : `disabled account ${slug}: notifications to its webhook URL are refused (404) and nothing is done for it until \`ghl-payments accounts enable ${slug}\``);
}

async function listCommand(ctx: CommandContext, config: Config, flags: { json?: boolean }): Promise<void> {
  const accounts = await ctx.store.listAccounts();
  if (flags.json) {
    ctx.printJson({ data: accounts.map((r) => toAccountJson(r, config)) });
    return;
  }
  if (accounts.length === 0) {
    ctx.print('no accounts: add one with `ghl-payments accounts add <slug> --name <name> …` (see `ghl-payments accounts add --help`)');
    return;
  }
  ctx.print(formatTable(['SLUG', 'NAME', 'ENABLED', 'GHL LOCATION', 'MP TOKEN', 'GHL TOKEN', 'WEBHOOK SECRETS', 'RULES', 'UPDATED (UTC)'], accounts.map((r) => [
    r.slug, oneLine(r.name, 30), r.enabled ? 'yes' : 'no', r.ghlLocationId ?? '-', r.mpAccessTokenLast4 ?? '-', r.ghlTokenLast4 ?? '-',
    webhookSecretsLast4(r).join(',') || '-', r.rules === null ? 'defaults' : 'own', formatCliTime(r.updatedAt),
  ])));
}

async function showCommand(ctx: CommandContext, config: Config, slug: string, flags: { json?: boolean }): Promise<void> {
  const record = await findAccount(ctx, slug);
  if (flags.json) {
    ctx.printJson({ ...toAccountJson(record, config), rules_text: record.rules });
    return;
  }
  ctx.print([...describeAccount(record, config), ...describeMissing(record)].join('\n'));
}

async function viewerTokenCommand(ctx: CommandContext, slug: string, flags: { revoke?: boolean }): Promise<void> {
  const record = await findAccount(ctx, slug);
  if (flags.revoke) {
    await ctx.store.updateAccount(slug, { viewerTokenHash: null }, Date.now());
    await auditAccountChange(ctx, slug, 'viewer-token-revoke');
    ctx.print(record.viewerTokenHash ? `revoked the viewer token of ${slug}: it no longer opens anything` : `account ${slug} had no viewer token`);
    return;
  }
  const token = randomBytes(32).toString('hex');
  await ctx.store.updateAccount(slug, { viewerTokenHash: createHash('sha256').update(token).digest('hex') }, Date.now());
  await auditAccountChange(ctx, slug, 'viewer-token');
  ctx.print(`${record.viewerTokenHash ? 'replaced the viewer token' : 'viewer token'} of ${slug} (read-only access to this account only; `
    + 'shown this once, only its SHA-256 is stored; `--revoke` withdraws it):');
  ctx.print(token);
}

/** The box for an account that has no stored secret: nothing is decrypted, so no key is needed (nor created). */
const NOTHING_TO_DECRYPT: SecretBox = {
  keyId: '-',
  encrypt() { throw new SecretBoxError('no key loaded'); },
  decrypt() { throw new SecretBoxError('no key loaded'); },
  needsRotation: () => false,
};

/** The variables doctor's messages name, as they apply to one account. */
function forAccount(text: string, slug: string): string {
  return text
    .replace(/\bMP_ACCESS_TOKEN\b/g, `the --mp-access-token of ${slug}`)
    .replace(/\bMP_WEBHOOK_SECRET\b/g, `the --mp-webhook-secret of ${slug}`)
    .replace(/\bGHL_API_TOKEN\b/g, `the --ghl-token of ${slug}`)
    .replace(/\bGHL_LOCATION_ID\b/g, `the --ghl-location-id of ${slug}`)
    .replace(/`ghl-payments doctor`/g, `\`ghl-payments accounts test ${slug}\``);
}

/** The account's credentials in the deployment's configuration, so doctor's checks run on them unchanged. */
export function overlayAccount(config: Config, account: Account): Config {
  return {
    ...config,
    mercadopago: { ...config.mercadopago, accessToken: account.mpAccessToken, webhookSecrets: account.mpWebhookSecrets, webhookSecret: account.mpWebhookSecrets[0] },
    ghl: { ...config.ghl, apiToken: account.ghlToken, locationId: account.ghlLocationId },
  };
}

/** doctor's MercadoPago and GoHighLevel checks with the account's credentials; exit 0 when nothing is ✗. */
async function testCommand(ctx: CommandContext, config: Config, slug: string): Promise<number> {
  const record = await findAccount(ctx, slug);
  const encrypted = [record.mpAccessTokenEnc, record.mpWebhookSecretsEnc, record.ghlTokenEnc, record.ghlWorkflowSecretEnc ?? null].some((v) => v !== null);
  const account = openAccount(encrypted ? loadAccountsKey(config, { create: false }).box : NOTHING_TO_DECRYPT, record);
  const overlaid = overlayAccount(config, account);
  const secrets = listSecrets(overlaid);
  const results: CheckResult[] = [];
  const report = (items: CheckResult | CheckResult[]) => {
    for (const item of [items].flat()) {
      const r = { ...item, message: forAccount(item.message, slug), fix: item.fix && forAccount(item.fix, slug) };
      results.push(r);
      ctx.print(redactText(formatCheckResult(r), secrets));
    }
  };
  ctx.print(`Account ${slug} "${oneLine(record.name, 100)}" (MP_API_URL ${config.mercadopago.apiUrl}, GHL_API_URL ${config.ghl.apiUrl})`);
  if (!record.enabled) report(warn(`account ${slug} is disabled: its notifications are refused`, `\`ghl-payments accounts enable ${slug}\` when it is ready`));
  const missing = (flag: string, what: string) => report(fail(`account ${slug} has no ${what}`, `set it with \`ghl-payments accounts update ${slug} ${flag} -\` (then paste it)`));
  if (!account.mpAccessToken) missing('--mp-access-token', 'MercadoPago access token');
  if (!account.ghlToken) missing('--ghl-token', 'GoHighLevel token');
  if (!account.ghlLocationId) missing('--ghl-location-id', 'GoHighLevel location');
  if (account.mpAccessToken && account.ghlToken && account.ghlLocationId) report(pass(`account ${slug} has a MercadoPago token, a GoHighLevel token and a GoHighLevel location`));
  if (account.mpWebhookSecrets.length === 0) {
    report(warn(`account ${slug} has no webhook secret: its notifications are accepted without checking their signature`,
      `copy the secret signature from the client's MercadoPago application (Webhooks) and run \`ghl-payments accounts update ${slug} --mp-webhook-secret -\``));
  }
  for (const warning of findCredentialWarnings(overlaid)) report(warn(warning));
  if (account.mpAccessToken) report(await checkMercadoPago(overlaid));
  report(await checkGhl(overlaid));
  ctx.print('');
  ctx.print(forAccount(summarizeChecks(results, pickCliLanguage(config)), slug));
  return results.some((r) => r.status === 'fail') ? EXIT_ERROR : EXIT_OK;
}

async function rotateKeyCommand(ctx: CommandContext, config: Config): Promise<void> {
  const rotated = rotateAccountsKey(config);
  const previous = path.join(config.dataDir, PREVIOUS_SECRETS_KEYS_FILE);
  ctx.print(`new secrets key ${rotated.file} (key ${rotated.box.keyId}); the previous key is kept in ${previous} so what it encrypted stays readable`);
  let count: number;
  try {
    count = await reencryptAccounts(ctx.store, rotated.box, Date.now());
  } catch (err) {
    if (!(err instanceof SecretBoxError)) throw err;
    throw new CommandError(`${describeKeyError(err, config)}; then run \`ghl-payments accounts reencrypt\` to finish`);
  }
  await auditAccountChange(ctx, null, 'rotate-key', undefined, { accounts: count });
  ctx.print(`re-encrypted ${count} account${count === 1 ? '' : 's'} with the new key; back up ${rotated.file} (running services read it on their next start)`);
}

async function reencryptCommand(ctx: CommandContext, config: Config): Promise<void> {
  const loaded = loadAccountsKey(config, { create: false });
  const count = await reencryptAccounts(ctx.store, loaded.box, Date.now());
  await auditAccountChange(ctx, null, 'reencrypt', undefined, { accounts: count });
  ctx.print(`re-encrypted ${count} account${count === 1 ? '' : 's'} with key ${loaded.box.keyId} (${keySource(config)}); the others already used it`);
}

// --- the commands ---

const SECRETS_HELP = `
Secrets (never printed: only their last four characters are shown):
  A secret flag given as "-" is read from standard input, one line per "-" flag, in the order
  --mp-access-token, --mp-webhook-secret, --ghl-token, --ghl-workflow-secret (typed without echo on a
  terminal), so it stays out of the shell history. An absent secret flag is read from ACCOUNT_MP_ACCESS_TOKEN,
  ACCOUNT_MP_WEBHOOK_SECRET, ACCOUNT_GHL_TOKEN or ACCOUNT_GHL_WORKFLOW_SECRET when set. --mp-webhook-secret takes several
  comma-separated secrets (a signature valid for any of them is accepted: rotation).
  Secrets are encrypted with SECRETS_KEY, else the key file secrets.key in the data folder
  (created on first use, mode 0600: back it up).`;

function addAccountOptions(command: Command, forUpdate: boolean): Command {
  return command
    .option('--mp-access-token <token>', 'the client\'s MercadoPago Access Token (APP_USR-…); "-": read from standard input')
    .option('--mp-webhook-secret <secrets>', 'MercadoPago webhook secret(s), comma-separated; "-": read from standard input')
    .option('--ghl-token <token>', 'the client\'s GoHighLevel Private Integration token (pit-…); "-": read from standard input')
    .option('--ghl-location-id <id>', 'the client\'s GoHighLevel sub-account (location) id')
    .option('--ghl-workflow-secret <secret>', 'the secret its GoHighLevel workflows send to ask for payment links (docs/payment-links.md); "-": read from standard input')
    .option('--rules-file <file>', forUpdate
      ? `the account's own rules (YAML or JSON, checked like \`rules check\`); "${NO_RULES_FILE}": back to the deployment's rules`
      : 'the account\'s own rules (YAML or JSON, checked like `rules check`); default: the deployment\'s rules')
    .option('--database-url <url>', 'database to use (DATABASE_URL)');
}

/** Runs a command that needs only the slug and the database. */
function onAccount(fn: (ctx: CommandContext, config: Config, slug: string, flags: Record<string, unknown>) => Promise<number | void>) {
  return async (slug: string, flags: DatabaseFlags & Record<string, unknown>) => {
    const config = loadCliConfig({ databaseUrl: flags.databaseUrl });
    process.exitCode = await withAccounts(flags, config, (ctx) => fn(ctx, config, slug, flags));
  };
}

/** `ghl-payments accounts add|list|show|update|disable|enable|test|viewer-token|rotate-key|reencrypt`. */
export function buildAccountsCommand(): Command {
  const accounts = new Command('accounts')
    .description('manage the accounts (clients) of an agency deployment: each with its own MercadoPago and GoHighLevel credentials and rules');

  addAccountOptions(accounts.command('add').description('add an account: its credentials are stored encrypted; prints its webhook URL for MercadoPago')
    .argument('<slug>', 'short name in its webhook URL: lower-case letters, digits and dashes (1–24), not "default"')
    .requiredOption('--name <text>', 'the client\'s name'), false)
    .addHelpText('after', `${SECRETS_HELP}\n\nExamples:\n`
      + '  $ printf \'%s\\n\' "$MP_TOKEN" "$MP_SECRET" "$GHL_TOKEN" | ghl-payments accounts add acme --name "Acme" \\\n'
      + '      --mp-access-token - --mp-webhook-secret - --ghl-token - --ghl-location-id ve9EPM428h8vShlRW1KT\n'
      + '  $ ghl-payments accounts add tienda-sur --name "Tienda Sur" --rules-file tienda-sur.yaml\n\n'
      + 'Exit codes: 0 added, 1 the slug is taken or an error, 2 bad usage or configuration.')
    .action(async (slug: string, flags: AccountFlags) => {
      const requested = await beforeDatabase(async () => {
        checkNewSlug(slug);
        return readRequestedChanges(flags);
      });
      if (typeof requested === 'number') {
        process.exitCode = requested;
        return;
      }
      const config = loadCliConfig({ databaseUrl: flags.databaseUrl });
      process.exitCode = await withAccounts(flags, config, (ctx) => addAccount(ctx, config, slug, requested));
    });

  accounts.command('list').description('list the accounts (secrets shown by their last four characters only)')
    .option('--json', 'print JSON')
    .option('--database-url <url>', 'database to use (DATABASE_URL)')
    .action(async (flags: DatabaseFlags & { json?: boolean }) => {
      const config = loadCliConfig({ databaseUrl: flags.databaseUrl });
      process.exitCode = await withAccounts(flags, config, (ctx) => listCommand(ctx, config, flags));
    });

  accounts.command('show').description('one account, with its webhook URL (secrets shown by their last four characters only)')
    .argument('<slug>', 'the account')
    .option('--json', 'print JSON')
    .option('--database-url <url>', 'database to use (DATABASE_URL)')
    .action(onAccount((ctx, config, slug, flags) => showCommand(ctx, config, slug, flags)));

  addAccountOptions(accounts.command('update').description('change an account: only the fields given change')
    .argument('<slug>', 'the account')
    .option('--name <text>', 'the client\'s name'), true)
    .option('--default-rules', 'drop the account\'s own rules: the deployment\'s rules apply (same as --rules-file none)')
    .addHelpText('after', `${SECRETS_HELP}\n\nExamples:\n`
      + '  $ ghl-payments accounts update acme --ghl-token -          # paste the new token, Enter\n'
      + '  $ ghl-payments accounts update acme --mp-webhook-secret "$NEW,$OLD"\n'
      + '  $ ghl-payments accounts update acme --rules-file none')
    .action(async (slug: string, flags: AccountFlags) => {
      const requested = await beforeDatabase(async () => {
        const read = await readRequestedChanges(flags);
        if (Object.keys(read.fields).length === 0 && !hasSecrets(read.secrets.secrets)) {
          throw new UsageError('nothing to change: give at least one of --name, --mp-access-token, --mp-webhook-secret, --ghl-token, '
            + '--ghl-workflow-secret, --ghl-location-id, --rules-file, --default-rules (see ghl-payments accounts update --help)');
        }
        return read;
      });
      if (typeof requested === 'number') {
        process.exitCode = requested;
        return;
      }
      const config = loadCliConfig({ databaseUrl: flags.databaseUrl });
      process.exitCode = await withAccounts(flags, config, (ctx) => updateAccountCommand(ctx, config, slug, requested));
    });

  accounts.command('disable').description('stop an account: its notifications are refused and nothing is done for it (its data is kept)')
    .argument('<slug>', 'the account')
    .option('--database-url <url>', 'database to use (DATABASE_URL)')
    .action(onAccount((ctx, _config, slug) => setEnabled(ctx, slug, false)));

  accounts.command('enable').description('start a disabled account again')
    .argument('<slug>', 'the account')
    .option('--database-url <url>', 'database to use (DATABASE_URL)')
    .action(onAccount((ctx, _config, slug) => setEnabled(ctx, slug, true)));

  accounts.command('test').description('check an account\'s credentials like doctor does: one harmless read at MercadoPago (GET /users/me) '
    + 'and at GoHighLevel (its location); exit 0 when nothing is ✗, 1 otherwise')
    .argument('<slug>', 'the account')
    .option('--database-url <url>', 'database to use (DATABASE_URL)')
    .action(onAccount((ctx, config, slug) => testCommand(ctx, config, slug)));

  accounts.command('viewer-token').description('create (or replace) the account\'s read-only viewer token: printed once, only its SHA-256 is stored')
    .argument('<slug>', 'the account')
    .option('--revoke', 'withdraw the viewer token instead')
    .option('--database-url <url>', 'database to use (DATABASE_URL)')
    .action(onAccount((ctx, _config, slug, flags) => viewerTokenCommand(ctx, slug, flags)));

  accounts.command('rotate-key').description('replace the key file that encrypts the accounts\' secrets and re-encrypt every account with the new key '
    + '(the old key is kept in secrets.key.previous); not for SECRETS_KEY, which you change yourself')
    .option('--database-url <url>', 'database to use (DATABASE_URL)')
    .action(async (flags: DatabaseFlags) => {
      const config = loadCliConfig({ databaseUrl: flags.databaseUrl });
      if (config.accounts.secretsKey) {
        process.stderr.write(`ghl-payments: ${rotationRefusal(config)}\n`);
        process.exitCode = EXIT_USAGE;
        return;
      }
      process.exitCode = await withAccounts(flags, config, (ctx) => rotateKeyCommand(ctx, config));
    });

  accounts.command('reencrypt').description('re-encrypt every account\'s secrets with the current key (after changing SECRETS_KEY and '
    + 'giving the old one in SECRETS_KEY_PREVIOUS; rotate-key does this itself)')
    .option('--database-url <url>', 'database to use (DATABASE_URL)')
    .action(async (flags: DatabaseFlags) => {
      const config = loadCliConfig({ databaseUrl: flags.databaseUrl });
      process.exitCode = await withAccounts(flags, config, (ctx) => reencryptCommand(ctx, config));
    });

  return accounts;
}

/** rotateAccountsKey's refusal when the key comes from SECRETS_KEY, with the command that finishes the job. */
function rotationRefusal(config: Config): string {
  try {
    rotateAccountsKey(config);
  } catch (err) {
    if (err instanceof ConfigError) return `${err.message} with \`ghl-payments accounts reencrypt\``;
    throw err;
  }
  return 'SECRETS_KEY is set: there is no key file to rotate';
}
