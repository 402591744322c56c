import { accountAuditEntry } from '@ghl-payments/store';
import { cliActor } from './cli-actor';
import type { CommandContext } from './with-database';

/** The names of the fields given a value (never the values: some are secrets). */
export function givenFields(...sources: ReadonlyArray<object>): string[] {
  return sources.flatMap((source) => Object.entries(source).filter(([, value]) => value !== undefined).map(([name]) => name));
}

/** Records an account change made from the command line in the audit log. */
export async function auditAccountChange(
  ctx: CommandContext, slug: string | null, change: string, fields?: readonly string[], extra?: Record<string, unknown>,
): Promise<void> {
  await ctx.store.recordAudit(accountAuditEntry({ at: Date.now(), actor: cliActor(), slug, change, fields, extra }));
}
