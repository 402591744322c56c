import { Command } from 'commander';
import { closeLogger, Config, ConfigError, loadAccountsKey } from '@ghl-payments/core';
import { createPipelineClients, hooksForAccount, LoadedRules, processEvent, rulesForConfig } from '@ghl-payments/pipeline';
import { createAccountDirectory, migrateWhenReachable, openStore } from '@ghl-payments/store';
import { createAccountRuntimes, createWorker, formatSummary } from '@ghl-payments/worker';
import { PAUSE_REFRESH_MS } from '@ghl-payments/worker';
import { buildWorkerObservers } from '../build-worker-observers';
import { createProcessLogger } from '../create-process-logger';
import { EXIT_ERROR, EXIT_OK, EXIT_USAGE } from '../exit-codes';
import { loadCliConfig } from '../load-cli-config';
import { pickMessages } from '../messages/define-messages';
import { pickCliLanguage } from '../messages/pick-cli-language';
import { summaryMessages } from '../messages/summary-messages';
import { onShutdownSignal } from '../on-shutdown-signal';
import { parseDurationFlag, parsePositiveInt } from '../parse-flags';
import type * as WorkerMetricsModule from '../serve-worker-metrics';
import type { WorkerMetricsServer } from '../serve-worker-metrics';

interface ProcessWebhooksFlags {
  loop?: boolean;
  concurrency?: number;
  batchSize?: number;
  interval?: string;
  lease?: string;
  grace?: string;
  databaseUrl?: string;
  metricsPort?: number;
}

/** The worker command: `process-webhooks` (every due event once, for cron) or `process-webhooks --loop`. */
export function buildProcessWebhooksCommand(name = 'process-webhooks'): Command {
  return new Command(name)
    .description('Process due webhook events: read each payment from MercadoPago, record it and tag the GoHighLevel contact.\n'
      + 'Without --loop: process every due event once, print a summary line and exit (for cron / Task Scheduler).')
    .option('--loop', 'keep polling for new events until SIGINT/SIGTERM')
    .option('--concurrency <n>', 'events processed in parallel (WORKER_CONCURRENCY)', parsePositiveInt)
    .option('--batch-size <n>', 'most events taken by one claim (WORKER_BATCH_SIZE)', parsePositiveInt)
    .option('--interval <duration>', 'idle poll interval in --loop, e.g. 1s (WORKER_POLL_INTERVAL)', parseDurationFlag)
    .option('--lease <duration>', 'how long a claimed event is held before another worker may take it, e.g. 30s (WORKER_LEASE)', parseDurationFlag)
    .option('--grace <duration>', 'on a signal, time in-flight events get to finish, e.g. 25s (WORKER_GRACE)', parseDurationFlag)
    .option('--database-url <url>', 'database to use (DATABASE_URL)')
    .option('--metrics-port <port>', 'with --loop, serve Prometheus /metrics on this port (WORKER_METRICS_PORT)', parsePositiveInt)
    .addHelpText('after', '\nExamples:\n  $ process-webhooks                 # once, e.g. from cron every minute\n  $ process-webhooks --loop --concurrency 16\n\nExit codes: 0 ok, 1 error (e.g. database unreachable), 2 bad usage or configuration.')
    .action(async (flags: ProcessWebhooksFlags) => {
      process.exitCode = await runProcessWebhooks(flags);
    });
}

/** The upstream credentials a worker needs and does not have. */
function listMissingCredentials(config: Config): string[] {
  return [
    config.mercadopago.accessToken ? null : 'MP_ACCESS_TOKEN',
    config.ghl.apiToken ? null : 'GHL_API_TOKEN',
    config.ghl.locationId ? null : 'GHL_LOCATION_ID',
  ].filter((v): v is string => v !== null);
}

/** Runs the worker with the given flags; resolves to the exit code. */
export async function runProcessWebhooks(flags: ProcessWebhooksFlags): Promise<number> {
  const config = loadCliConfig({
    workerConcurrency: flags.concurrency,
    workerBatchSize: flags.batchSize,
    workerPollInterval: flags.interval,
    workerLease: flags.lease,
    workerGrace: flags.grace,
    databaseUrl: flags.databaseUrl,
    workerMetricsPort: flags.metricsPort,
  });
  let rules: LoadedRules;
  try {
    rules = rulesForConfig(config); // read and validated once, before anything is claimed
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`process-webhooks: ${err.message}\n`);
    return EXIT_USAGE;
  }
  const logger = createProcessLogger(config, 'worker');
  for (const variable of listMissingCredentials(config)) {
    logger.warn(`${variable} is not set: events wait (pending, not counted as failures) until it is; see npx ghl-payments doctor`);
  }
  const store = openStore(config.database);
  const cleanup: Array<() => void> = [];
  const observers = buildWorkerObservers({ config, logger, store, metrics: Boolean(flags.loop) && config.worker.metrics.port !== null });
  let metricsServer: WorkerMetricsServer | undefined;
  try {
    // --loop (a service): a database that is not up yet is waited for with backoff rather than a crash-loop
    if (flags.loop) {
      await migrateWhenReachable(store, {
        onRetry: (err, delayMs) => logger.error(`cannot reach the database (${store.description}); retrying in ${delayMs}ms`, { error: err.message }),
      });
    } else {
      await store.migrate();
    }
    const clients = createPipelineClients(config, { hooks: observers.httpHooks, store }); // GHL_RATE_LIMIT shared by every worker
    // stored accounts (docs/agencies.md): their key is read when the first account's event arrives, never created here
    const accounts = createAccountRuntimes({
      store, config, logger, defaultClients: clients,
      directory: createAccountDirectory(store, () => loadAccountsKey(config, { create: false }).box),
      buildClients: (accountConfig, slug) => createPipelineClients(accountConfig, { hooks: hooksForAccount(observers.httpHooks, slug), store }),
    });
    const worker = createWorker({ store, config, logger, processEvent, clients, hooks: observers.workerHooks, breaker: observers.breaker, accounts });
    cleanup.push(() => clients.close(), () => accounts.close());
    // pauses other workers recorded (GoHighLevel's daily limit) hold this process's client before its first call
    observers.pauses.attach({ ghl: clients.ghl });
    await observers.pauses.refresh();
    if (flags.loop) cleanup.push(observers.pauses.startRefreshing(PAUSE_REFRESH_MS));
    // backlog-age and daily-digest alerts: checked every minute in --loop, once per run from cron
    if (flags.loop) cleanup.push(observers.alertScheduler.start()); else await observers.alertScheduler.check();
    if (observers.metrics) {
      // express and the receiver's auth are loaded only by a --loop worker that serves /metrics, never by a cron run
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { serveWorkerMetrics } = require('../serve-worker-metrics') as typeof WorkerMetricsModule;
      metricsServer = await serveWorkerMetrics(config, observers.metrics.registry);
      logger.info(`worker metrics on ${metricsServer.url}/metrics`);
    }
    const removeHandlers = onShutdownSignal(() => worker.stop());
    if (flags.loop) {
      logger.info(`worker ${worker.id} polling ${store.description} every ${config.worker.pollIntervalMs}ms`
        + `${store.dialect === 'postgres' ? ' (and woken by LISTEN/NOTIFY)' : ' (and woken at once by the receiver on this machine)'}; concurrency ${config.worker.concurrency}; `
        + `${rules.rules.length} rule${rules.rules.length === 1 ? '' : 's'} from ${rules.origin}`);
    }
    const summary = flags.loop ? await worker.runLoop() : await worker.runOnce();
    removeHandlers();
    // in words in the user's language (none in English), then the key=value line scripts parse, the same in every language
    const words = pickMessages(summaryMessages, pickCliLanguage(config)).workerWords(summary);
    if (words) process.stdout.write(`${words}\n`);
    process.stdout.write(`${formatSummary(summary)}\n`);
    if (flags.loop) logger.info('worker stopped', { ...summary });
    return EXIT_OK;
  } catch (err) {
    logger.error(`process-webhooks failed: ${(err as Error).message}`);
    return EXIT_ERROR;
  } finally {
    await observers.alerter?.flush(3000);
    await observers.pauses.flush(3000);
    await metricsServer?.close();
    cleanup.forEach((fn) => fn());
    await store.close().catch(() => undefined);
    await closeLogger(logger);
  }
}
