import type { Logger } from '@ghl-payments/core';
import type { AdminTokenSource } from './auth/admin-token-file';

/** The dashboard's address for a browser on this machine (a wildcard listen address becomes loopback). */
export function dashboardUrl(receiverUrl: string): string {
  return `${receiverUrl.replace('://0.0.0.0:', '://127.0.0.1:').replace('://[::]:', '://localhost:')}/admin`;
}

/**
 * Tells the operator where the dashboard is. A token generated just now is printed once, straight to the console
 * (never to the log file), as a link that signs in: the token sits in the URL fragment, which browsers never send.
 */
export function announceDashboard(o: { receiverUrl: string; admin: AdminTokenSource; logger: Logger; print: (text: string) => void }): void {
  const url = dashboardUrl(o.receiverUrl);
  if (o.admin.source === 'generated') {
    o.print([
      '',
      '  Operator dashboard (this link signs you in; it is shown only this once):',
      `    ${url}/login#token=${o.admin.token}`,
      `  No ADMIN_TOKEN was set, so one was generated and saved to ${o.admin.file} (mode 0600).`,
      '  Use it as "Authorization: Bearer <token>" for the REST API under /api.',
      '',
    ].join('\n') + '\n');
    return;
  }
  const where = o.admin.source === 'env' ? 'ADMIN_TOKEN' : `the token in ${o.admin.file}`;
  o.logger.info(`operator dashboard at ${url} (sign in with ${where}); REST API under /api`);
}
