import type { Logger } from '@ghl-payments/core';
import type { Store } from '@ghl-payments/store';
import type { AdminTokenSource } from './auth/admin-token-file';
import { issueSignInLink, SIGN_IN_CODE_TTL_MS } from './auth/sign-in-code';

/** The dashboard's address for a browser on this machine (a wildcard listen address becomes loopback). */
export function dashboardUrl(receiverUrl: string): string {
  return `${receiverUrl.replace('://0.0.0.0:', '://127.0.0.1:').replace('://[::]:', '://localhost:')}/admin`;
}

export interface AnnounceDashboardOptions {
  receiverUrl: string;
  admin: AdminTokenSource;
  logger: Logger;
  /** Where the link goes: the console (never the log file). */
  print: (text: string) => void;
  store: Store;
  now: number;
  /** Whether the schema is migrated (a sign-in code can be stored). */
  databaseReady: boolean;
  /** Someone is watching the console (a terminal): a link is printed even when the token was not generated now. */
  interactive: boolean;
}

/**
 * Tells the operator where the dashboard is. On a terminal, or when the admin token was generated just now, it prints
 * (to the console, never to the log file) a one-time link that signs in: it carries a random code that works once,
 * within SIGN_IN_CODE_TTL_MS, never the admin token. Otherwise (a service whose output is kept) one log line says
 * where the dashboard is and how to sign in.
 */
export async function announceDashboard(o: AnnounceDashboardOptions): Promise<void> {
  const url = dashboardUrl(o.receiverUrl);
  const generated = o.admin.source === 'generated';
  const where = o.admin.source === 'env' ? 'ADMIN_TOKEN' : `the token in ${o.admin.file}`;
  const lines = [''];
  if (generated) {
    lines.push(`  No ADMIN_TOKEN was set, so one was generated and saved to ${o.admin.file} (mode 0600).`,
      '  Sign in with it, and use it as "Authorization: Bearer <token>" for the REST API under /api.');
  }
  if ((generated || o.interactive) && o.databaseReady) {
    try {
      const link = await issueSignInLink(o.store, url, o.now);
      lines.push(`  Operator dashboard (this link signs you in once, within ${SIGN_IN_CODE_TTL_MS / 60_000} minutes):`, `    ${link.url}`, '');
      o.print(lines.join('\n') + '\n');
      return;
    } catch (err) {
      o.logger.warn(`could not issue a sign-in link: ${(err as Error).message}`);
    }
  }
  if (generated) {
    lines.push(`  Operator dashboard: ${url} (sign in with ${where}; \`npx ghl-payments sign-in-link\` prints a one-time link)`, '');
    o.print(lines.join('\n') + '\n');
    return;
  }
  o.logger.info(`operator dashboard at ${url} (sign in with ${where}, or a one-time link from \`npx ghl-payments sign-in-link\`); REST API under /api`);
}
