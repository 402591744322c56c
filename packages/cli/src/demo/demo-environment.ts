import { CONFIG_VARIABLES } from '@ghl-payments/core';

/** The webhook secret the demo's receiver checks and its notifications are signed with. */
export const DEMO_WEBHOOK_SECRET = 'demo-webhook-secret';

/**
 * The environment of the demo's receiver and worker: every product variable is set (empty means its default), so
 * neither the user's `.env` nor their shell can point the demo at real accounts, a real database or real alerts. The
 * rules are the default ones (docs/rules.md): no rules file is read from the demo's data folder unless one is put there.
 */
export function buildDemoEnvironment(inherited: NodeJS.ProcessEnv, settings: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(inherited)) if (value !== undefined) env[name] = value;
  for (const variable of Object.values(CONFIG_VARIABLES)) env[variable.name] = '';
  return {
    ...env,
    MP_WEBHOOK_SECRET: DEMO_WEBHOOK_SECRET,
    RETRY_SCHEDULE: '2s,4s,8s',
    WORKER_POLL_INTERVAL: '200ms',
    WORKER_GRACE: '5s',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    ...settings,
  };
}
