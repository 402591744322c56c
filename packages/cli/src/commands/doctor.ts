import fs from 'node:fs';
import { Command } from 'commander';
import { Config, ConfigError, listSecrets, loadConfig, loadDotEnv, redactText, resolveFromRoot } from '@ghl-payments/core';
import { checkCredentials } from '../doctor/check-credentials';
import { checkDatabase } from '../doctor/check-database';
import { checkDiskSpace } from '../doctor/check-disk-space';
import { checkGhl } from '../doctor/check-ghl';
import { checkLogDir } from '../doctor/check-log-dir';
import { checkMercadoPago } from '../doctor/check-mercadopago';
import { CheckResult, fail, formatCheckResult, pass, summarizeChecks } from '../doctor/doctor-check';
import { EXIT_ERROR, EXIT_OK } from '../exit-codes';
import { pickCliLanguage } from '../messages/pick-cli-language';

/** `ghl-payments doctor`: checks everything a working installation needs and says what to fix. */
export function buildDoctorCommand(): Command {
  return new Command('doctor')
    .description('check the configuration, database and migrations, MercadoPago and GoHighLevel credentials (one harmless read each), '
      + 'clock, disk space and log folder; prints ✓ / ! / ✗ with what to fix; exit 0 when nothing is ✗, 1 otherwise')
    .option('--database-url <url>', 'database to check (DATABASE_URL)')
    .action(async (flags: { databaseUrl?: string }) => {
      process.exitCode = await runDoctor(flags);
    });
}

/** Runs every check in order, printing each result as it comes; resolves to the exit code. */
export async function runDoctor(flags: { databaseUrl?: string }, write: (line: string) => void = (l) => process.stdout.write(`${l}\n`)): Promise<number> {
  const results: CheckResult[] = [];
  let secrets: string[] = [];
  const report = (items: CheckResult | CheckResult[]): void => {
    for (const item of [items].flat()) {
      results.push(item);
      write(redactText(formatCheckResult(item), secrets));
    }
  };
  const config = readConfig(flags, report);
  if (config) {
    secrets = listSecrets(config);
    report(checkCredentials(config));
    report(await checkDatabase(config));
    report(await checkMercadoPago(config));
    report(await checkGhl(config));
    report(await checkDiskSpace(config.dataDir));
    report(checkLogDir(config.log));
  }
  write('');
  write(summarizeChecks(results, pickCliLanguage(config ?? null)));
  return results.some((r) => r.status === 'fail') ? EXIT_ERROR : EXIT_OK;
}

/** Loads `.env` and the environment like every command; an invalid value is the first (and only) result. */
function readConfig(flags: { databaseUrl?: string }, report: (result: CheckResult) => void): Config | undefined {
  loadDotEnv();
  const source = fs.existsSync(resolveFromRoot('.env')) ? 'environment and .env' : 'environment; there is no .env file';
  try {
    const config = loadConfig(process.env, { databaseUrl: flags.databaseUrl });
    report(pass(`configuration is valid (${source})`));
    return config;
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    report(fail(`configuration is invalid: ${err.message}`, 'fix that variable in .env or the environment (every variable: docs/configuration.md)'));
    return undefined;
  }
}
