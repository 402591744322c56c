import os from 'node:os';
import { Command } from 'commander';
import { Config, listSecrets, loadAccountsKey, parseDuration, redactText } from '@ghl-payments/core';
import { createMercadoPagoClient } from '@ghl-payments/pipeline';
import { createAccountDirectory, openStore } from '@ghl-payments/store';
import { findMissingDatabase } from '../find-missing-database';
import { MAX_LISTED_FINDINGS, RECONCILE_LEASE_MS, ReconcileFinding, sweepPayments, SweepOutcome, TimeWindow } from '@ghl-payments/worker';
import { EXIT_ERROR, EXIT_OK, EXIT_USAGE } from '../exit-codes';
import { loadCliConfig } from '../load-cli-config';
import { pickMessages } from '../messages/define-messages';
import { pickCliLanguage } from '../messages/pick-cli-language';
import { summaryMessages } from '../messages/summary-messages';

interface ReconcileFlags {
  since?: string;
  until?: string;
  dryRun?: boolean;
  databaseUrl?: string;
  account?: string;
}

/** MercadoPago's search returns payments of the last twelve months only (API reference "Search payments"). */
const SEARCHABLE_MS = 365 * 86_400_000;

/** A flag with a value it cannot use: one line naming it, exit 2. */
class FlagError extends Error {}

/** `72h` (that long before now), `now`, or a date such as `2026-12-01T00:00:00Z`; epoch ms. */
export function parseWindowEdge(flag: string, raw: string, now: number): number {
  const text = raw.trim();
  if (text.toLowerCase() === 'now') return now;
  if (/^\d{4}-\d{2}-\d{2}/.test(text)) {
    const ms = Date.parse(text);
    if (Number.isNaN(ms)) throw new FlagError(`invalid ${flag}: "${raw}" is not a date such as 2026-12-01T00:00:00Z`);
    return ms;
  }
  try {
    return now - parseDuration(text);
  } catch {
    throw new FlagError(`invalid ${flag}: "${raw}" is not a duration before now (72h, 30m, 7d), a date (2026-12-01T00:00:00Z) or now`);
  }
}

/** The window the flags name: --since (default RECONCILE_WINDOW) up to --until (default now), within what MercadoPago keeps. */
export function readWindow(flags: ReconcileFlags, config: Config, now: number): TimeWindow {
  const start = flags.since === undefined ? now - config.reconcile.windowMs : parseWindowEdge('--since', flags.since, now);
  const end = flags.until === undefined ? now : parseWindowEdge('--until', flags.until, now);
  if (end > now) throw new FlagError('invalid --until: it is in the future');
  if (start >= end) throw new FlagError('invalid --since: it must be before --until');
  if (start < now - SEARCHABLE_MS) throw new FlagError('invalid --since: MercadoPago\'s search only keeps the last twelve months of payments');
  return { start, end };
}

/** One line per payment a dry run would queue, in the user's language. */
function describeFinding(f: ReconcileFinding, texts: typeof summaryMessages.en): string {
  return f.reason === 'missing'
    ? texts.wouldQueueMissing({ id: String(f.mpPaymentId), status: f.status })
    : texts.wouldQueueChanged({ id: String(f.mpPaymentId), status: f.status, recorded: f.recordedStatus ?? null });
}

/** The summary line: `checked=120 missing=2 changed=1 queued=3` (`would_queue=` for a dry run). */
export function formatReconcileSummary(outcome: SweepOutcome): string {
  const r = outcome.result;
  return `checked=${r.checked} missing=${r.missing} changed=${r.changed} ${r.dryRun ? 'would_queue' : 'queued'}=${r.queued}`;
}

/** `ghl-payments reconcile`: one reconciliation sweep now, over the window the flags give. */
export function buildReconcileCommand(): Command {
  return new Command('reconcile')
    .description('Search MercadoPago for the payments updated in a window and queue each one we never recorded, or whose status changed,\n'
      + 'unless an equivalent event is already waiting (docs/reconciliation.md). Prints checked=… missing=… changed=… queued=….')
    .option('--since <when>', 'start of the window: a duration before now (72h, 7d) or a date (default RECONCILE_WINDOW)')
    .option('--until <when>', 'end of the window: now (default), a duration before now or a date')
    .option('--dry-run', 'compare and list what would be queued; queue nothing')
    .option('--account <slug>', 'sweep a stored account\'s MercadoPago payments (docs/agencies.md); default: the shop of MP_ACCESS_TOKEN')
    .option('--database-url <url>', 'database to use (DATABASE_URL)')
    .addHelpText('after', '\nExamples:\n  $ ghl-payments reconcile                 # the last RECONCILE_WINDOW (72h)\n'
      + '  $ ghl-payments reconcile --since 7d --dry-run\n  $ ghl-payments reconcile --account acme\n  $ ghl-payments reconcile --since 2026-12-01T00:00:00Z --until 2026-12-02T00:00:00Z\n\n'
      + 'Exit codes: 0 done, 1 error (MercadoPago refused the token or failed, another sweep is running), 2 bad usage or configuration.')
    .action(async (flags: ReconcileFlags) => {
      process.exitCode = await runReconcile(flags);
    });
}

/** Runs one sweep; resolves to the exit code. */
export async function runReconcile(flags: ReconcileFlags, now: () => number = Date.now): Promise<number> {
  const config = loadCliConfig({ databaseUrl: flags.databaseUrl });
  const secrets = listSecrets(config);
  const fail = (code: number, message: string): number => {
    process.stderr.write(`ghl-payments: ${redactText(message, secrets)}\n`);
    return code;
  };
  let window: TimeWindow;
  try {
    window = readWindow(flags, config, now());
  } catch (err) {
    if (err instanceof FlagError) return fail(EXIT_USAGE, err.message);
    throw err;
  }
  if (!flags.account && !config.mercadopago.accessToken) return fail(EXIT_USAGE, 'MP_ACCESS_TOKEN is not set: reconciliation searches MercadoPago with it');
  const missing = findMissingDatabase(config.database); // a mistyped path is said, not created
  if (missing) return fail(EXIT_ERROR, missing);
  const store = openStore(config.database);
  let accessToken = config.mercadopago.accessToken;
  const account = flags.account;
  if (account) {
    try {
      const found = await createAccountDirectory(store, () => loadAccountsKey(config, { create: false }).box).find(account);
      if (!found) {
        await store.close();
        return fail(EXIT_ERROR, `no account "${account}": see ghl-payments accounts list`);
      }
      if (!found.mpAccessToken) {
        await store.close();
        return fail(EXIT_USAGE, `account ${account} has no MercadoPago access token: ghl-payments accounts update ${account} --mp-access-token -`);
      }
      accessToken = found.mpAccessToken;
      secrets.push(found.mpAccessToken);
    } catch (err) {
      await store.close();
      return fail(EXIT_ERROR, `cannot read account ${account}: ${(err as Error).message}`);
    }
  }
  const mercadopago = createMercadoPagoClient({ apiUrl: config.mercadopago.apiUrl, accessToken, timeoutMs: config.httpTimeoutMs, now, secrets });
  const runBy = `cli:${os.hostname()}:${process.pid}`;
  let leased = false;
  try {
    if ((await store.listPendingMigrations()).length > 0) return fail(EXIT_ERROR, `the database (${store.description}) is not migrated: run \`ghl-payments migrate\` first`);
    if (!flags.dryRun) {
      const claim = await store.claimReconcileLease({ owner: runBy, leaseMs: RECONCILE_LEASE_MS, now: now(), firstDueAt: now() + (config.reconcile.intervalMs ?? 0), ignoreSchedule: true, account });
      if (!claim.claimed) {
        return fail(EXIT_ERROR, `another sweep is running (${claim.owner ?? 'a worker'}, lease until ${new Date(claim.expiresAt).toISOString()}): try again once it ends`);
      }
      leased = true;
    }
    const outcome = await sweepPayments({ store, mercadopago, window, dryRun: Boolean(flags.dryRun), runBy, now, leaseMs: leased ? RECONCILE_LEASE_MS : undefined, account });
    const print = (line: string) => process.stdout.write(`${redactText(line, secrets)}\n`);
    const texts = pickMessages(summaryMessages, pickCliLanguage(config));
    if (flags.dryRun) {
      outcome.findings.forEach((f) => print(describeFinding(f, texts)));
      if (outcome.result.queued > outcome.findings.length) print(texts.moreFindings({ more: outcome.result.queued - outcome.findings.length, listed: MAX_LISTED_FINDINGS }));
    }
    // in words in the user's language (none in English), then the key=value line scripts parse, the same in every language
    const words = texts.reconcileWords(outcome.result);
    if (words) print(words);
    print(formatReconcileSummary(outcome));
    return outcome.error ? fail(EXIT_ERROR, `reconcile: ${outcome.error}`) : EXIT_OK;
  } catch (err) {
    return fail(EXIT_ERROR, `reconcile failed: ${(err as Error).message}`);
  } finally {
    if (leased) await store.releaseReconcileLease(runBy, null, account).catch(() => undefined);
    mercadopago.close();
    await store.close().catch(() => undefined);
  }
}
