import { Command } from 'commander';
import { dashboardUrl, issueSignInLink, SIGN_IN_CODE_TTL_MS } from '@ghl-payments/receiver';
import { loadCliConfig } from '../load-cli-config';
import { withDatabase } from '../with-database';

/** The dashboard's address: PUBLIC_URL when set, else the receiver's own HOST and PORT. */
function dashboardAddress(config: ReturnType<typeof loadCliConfig>): string {
  if (config.alerts?.publicUrl) return `${config.alerts.publicUrl}/admin`;
  const host = config.receiver.host.includes(':') ? `[${config.receiver.host}]` : config.receiver.host;
  return dashboardUrl(`http://${host}:${config.receiver.port}`);
}

/** `ghl-payments sign-in-link`: prints a link that signs in to the dashboard once, within 10 minutes. */
export function buildSignInLinkCommand(): Command {
  return new Command('sign-in-link')
    .description(`print a one-time link that signs you in to the dashboard (it works once, within ${SIGN_IN_CODE_TTL_MS / 60_000} minutes, `
      + 'and never contains the admin token); the receiver must use the same database')
    .option('--database-url <url>', 'database the receiver uses (DATABASE_URL)')
    .option('--url <url>', 'the dashboard\'s address as your browser reaches it (default PUBLIC_URL/admin, else http://HOST:PORT/admin)')
    .action(async (flags: { databaseUrl?: string; url?: string }) => {
      const base = (flags.url ?? dashboardAddress(loadCliConfig({ databaseUrl: flags.databaseUrl }))).replace(/\/+$/, '');
      process.exitCode = await withDatabase(flags, async ({ store }) => {
        const link = await issueSignInLink(store, base, Date.now());
        // the link goes to the terminal only: no log line carries it
        process.stdout.write(`${link.url}\n`);
      });
    });
}
