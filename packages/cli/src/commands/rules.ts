import { Command } from 'commander';
import { ConfigError, RulesSource } from '@ghl-payments/core';
import {
  describeAction, loadRules, LoadedRules, matchRules, mpPaymentSchema, paymentFacts, Rule, RULE_SUBJECTS,
} from '@ghl-payments/pipeline';
import { describeRecordedAction, FailedAttempt } from '@ghl-payments/store';
import { EXIT_OK, EXIT_USAGE } from '../exit-codes';
import { formatCliTime, oneLine } from '../format-table';
import { loadCliConfig } from '../load-cli-config';
import { CommandContext, CommandError, withDatabase } from '../with-database';

/** Every status a rule can name, by subject, in the order they are listed by `rules check`. */
const KNOWN_STATUSES: Record<(typeof RULE_SUBJECTS)[number], string[]> = {
  payment: ['approved', 'authorized', 'pending', 'in_process', 'in_mediation', 'rejected', 'cancelled', 'refunded', 'charged_back'],
  subscription: ['pending', 'authorized', 'paused', 'cancelled'],
};

/** The rules of `--file`, or of the configuration (RULES_FILE, data/rules.yaml, GHL_STATUS_TAGS or the defaults). */
function readRules(file: string | undefined): LoadedRules {
  const source: RulesSource = file ? { kind: 'file', path: file, explicit: true } : loadCliConfig().rules;
  return loadRules(source);
}

/** What each status would do: `payment approved  aprobado: add tags pago-aprobado; remove tags pago-pendiente (2 calls)`. */
export function describeRulesByStatus(rules: readonly Rule[]): string[] {
  const lines: string[] = [];
  for (const on of RULE_SUBJECTS) {
    const named = new Set(rules.filter((r) => r.when.on === on).flatMap((r) => r.when.status));
    const statuses = [...KNOWN_STATUSES[on], ...[...named].filter((s) => !KNOWN_STATUSES[on].includes(s))];
    for (const status of statuses) {
      const matching = rules.filter((r) => r.when.on === on && r.when.status.includes(status));
      if (matching.length === 0) continue;
      const calls = matching.reduce((n, r) => n + r.actions.length, 0);
      lines.push(`${on} ${status} (${calls} GoHighLevel call${calls === 1 ? '' : 's'} for a known contact):`);
      for (const rule of matching) {
        const conditions = describeConditions(rule);
        lines.push(`  ${rule.name}${conditions ? ` [${conditions}]` : ''}: ${rule.actions.map((a) => describeAction(a)).join('; ')}`);
      }
    }
  }
  const silent = KNOWN_STATUSES.payment.filter((s) => !rules.some((r) => r.when.on === 'payment' && r.when.status.includes(s)));
  if (silent.length > 0) lines.push(`payment statuses with no rule (nothing is done in GoHighLevel): ${silent.join(', ')}`);
  return lines;
}

function describeConditions(rule: Rule): string {
  const w = rule.when;
  return [
    w.topic ? `topic ${w.topic.join('|')}` : '',
    w.amount ? `amount ${w.amount.min ?? ''}..${w.amount.max ?? ''}` : '',
    w.currency ? `currency ${w.currency.join('|')}` : '',
    w.externalReferencePrefix ? `external_reference ${w.externalReferencePrefix}…` : '',
    w.text ? `text "${w.text}"` : '',
  ].filter(Boolean).join(', ');
}

async function explainPayment(ctx: CommandContext, mpPaymentId: string, rules: LoadedRules): Promise<void> {
  const page = await ctx.store.listPayments({ mpPaymentId }, { limit: 1, offset: 0 });
  const found = page.data[0];
  if (!found) throw new CommandError(`no payment with MercadoPago id ${mpPaymentId} is recorded: it has not been processed yet (see \`ghl-payments events list --search ${mpPaymentId}\`)`);
  const p = (await ctx.store.getPayment(found.id))!;
  const raw = p.raw ? mpPaymentSchema.safeParse(JSON.parse(p.raw)) : null;
  const status = p.status ?? 'unknown';
  const matching = raw?.success ? matchRules(rules.rules, { ...paymentFacts(raw.data, 'payment'), status }) : [];
  const round = Math.max(1, ...p.statusChanges.filter((c) => c.status === status).map((c) => c.round));
  ctx.print([
    `Payment ${mpPaymentId} (#${p.id})  ${status}  contact ${p.ghlContactId ?? '(none yet)'}`,
    `Rules from ${rules.origin}`,
    `Rules matching its current status (${status}, round ${round}): ${matching.length === 0 ? 'none' : matching.map((r) => r.name).join(', ')}`,
    ...matching.flatMap((r) => r.actions.map((a, i) => {
      const done = p.actions.find((x) => x.rule === r.name && x.actionIndex === i && x.status === status && x.round === round);
      return `  ${r.name} #${i + 1} ${describeAction(a)}: ${done ? `${done.state}${done.appliedAt ? ` ${formatCliTime(done.appliedAt)} UTC` : ''}` : 'not done'}`;
    })),
    '',
    'Timeline:',
    ...timeline(p.statusChanges, p.actions, await ctx.store.listFailedAttempts(p.events.map((e) => e.id))),
  ].join('\n'));
}

/** A stored error is at most 2000 characters; the timeline shows the start of it on one line (`events show` has it all). */
const MAX_ERROR_SHOWN = 300;

/** How a failed attempt reads in the timeline. */
const ATTEMPT_OUTCOME_WORDS: Partial<Record<FailedAttempt['outcome'], string>> = {
  retry: 'failed, retried later', failed: 'failed for good', lost: 'lost (its worker stopped)',
};

function timeline(
  changes: ReadonlyArray<{ changedAt: number; status: string; round: number; previousStatus: string | null; eventId: number | null }>,
  actions: ReadonlyArray<{ createdAt: number; appliedAt: number | null; status: string; round: number; rule: string; kind: string; detail: string | null; contactId: string; state: string; eventId: number | null }>,
  failures: readonly FailedAttempt[],
): string[] {
  const rows = [
    ...changes.map((c) => ({ at: c.changedAt, text: `${c.previousStatus ?? 'new'} → ${c.status} (round ${c.round})${c.eventId ? `  event #${c.eventId}` : ''}` })),
    ...actions.map((a) => ({ at: a.appliedAt ?? a.createdAt, text: `${a.status}#${a.round} ${a.rule}: ${describeRecordedAction(a)} → ${a.contactId}  ${a.state}${a.eventId ? `  event #${a.eventId}` : ''}` })),
    // a failed action gives its reservation back, so the ledger forgets it; the attempt that failed keeps the error
    ...failures.map((f) => ({ at: f.finishedAt, text: `event #${f.eventId} attempt ${f.attempt} ${ATTEMPT_OUTCOME_WORDS[f.outcome] ?? f.outcome}: ${f.error ? oneLine(f.error, MAX_ERROR_SHOWN) : '(no error recorded)'}` })),
  ].sort((x, y) => x.at - y.at);
  return rows.length === 0 ? ['  (nothing recorded)'] : rows.map((r) => `  ${formatCliTime(r.at)}  ${r.text}`);
}

/** `ghl-payments rules check|explain`. */
export function buildRulesCommand(): Command {
  const rules = new Command('rules').description('check the rules file, and explain what the rules did to a payment');
  rules.command('check').description('validate the rules (RULES_FILE, data/rules.yaml, GHL_STATUS_TAGS or the defaults) and print what each status does')
    .option('--file <path>', 'a rules file to check instead of the configured rules')
    .action((flags: { file?: string }) => {
      try {
        const loaded = readRules(flags.file);
        process.stdout.write([`Rules from ${loaded.origin}: ${loaded.rules.length} rule${loaded.rules.length === 1 ? '' : 's'}, valid.`,
          ...describeRulesByStatus(loaded.rules)].join('\n') + '\n');
        process.exitCode = EXIT_OK;
      } catch (err) {
        if (!(err instanceof ConfigError)) throw err;
        process.stderr.write(`ghl-payments: ${err.message}\n`);
        process.exitCode = EXIT_USAGE;
      }
    });
  rules.command('explain').description('which rules matched a payment, and which actions ran, when and with what result')
    .argument('<mp-payment-id>', 'MercadoPago payment id')
    .option('--file <path>', 'explain with this rules file instead of the configured rules')
    .option('--database-url <url>', 'database to use (DATABASE_URL)')
    .action(async (mpPaymentId: string, flags: { file?: string; databaseUrl?: string }) => {
      let loaded: LoadedRules;
      try {
        loaded = readRules(flags.file);
      } catch (err) {
        if (!(err instanceof ConfigError)) throw err;
        process.stderr.write(`ghl-payments: ${err.message}\n`);
        process.exitCode = EXIT_USAGE;
        return;
      }
      process.exitCode = await withDatabase(flags, (ctx) => explainPayment(ctx, mpPaymentId.trim(), loaded));
    });
  return rules;
}
