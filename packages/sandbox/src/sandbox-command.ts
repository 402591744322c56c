import { Command, InvalidArgumentError, Option } from 'commander';
import { RecordedRequest } from './request-recorder';
import { RateLimitOptions } from './rate-limiter';
import { SandboxServers, startSandboxServers } from './sandbox-servers';

/** Parsed `sandbox` command options. */
export interface SandboxCommandOptions {
  host: string;
  mpPort: number;
  ghlPort: number;
  mpToken: string;
  ghlToken: string;
  locationId: string;
  latency: number;
  ghlRateLimit: RateLimitOptions | null;
  autoPayments: boolean;
  quiet: boolean;
}

/** Parses a TCP port (0 = any free port). */
export function parsePort(raw: string): number {
  const port = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || port > 65535) throw new InvalidArgumentError(`"${raw}" is not a port from 0 to 65535`);
  return port;
}

/** Parses `100/10000` (requests per milliseconds) or `off`. */
export function parseRateLimitFlag(raw: string): RateLimitOptions | null {
  if (raw.trim().toLowerCase() === 'off') return null;
  const match = /^(\d+)\s*\/\s*(\d+)$/.exec(raw.trim());
  if (!match || Number(match[1]) < 1 || Number(match[2]) < 1) throw new InvalidArgumentError(`"${raw}" is not requests/milliseconds such as 100/10000 (or off)`);
  return { requests: Number(match[1]), perMs: Number(match[2]) };
}

function parseMs(raw: string): number {
  const ms = Number(raw);
  if (!/^\d+$/.test(raw.trim())) throw new InvalidArgumentError(`"${raw}" is not a whole number of milliseconds`);
  return ms;
}

/** Starts both fakes from parsed options, printing their URLs (and each answer unless quiet) through `print`. */
export async function runSandbox(options: SandboxCommandOptions, print: (line: string) => void = console.log): Promise<SandboxServers> {
  const log = (service: string) => (request: RecordedRequest, status: number): void => {
    print(`${new Date().toISOString().slice(11, 23)} ${service} ${request.method} ${request.path} -> ${status}`);
  };
  const servers = await startSandboxServers({
    host: options.host,
    mercadoPago: {
      port: options.mpPort, accessToken: options.mpToken, latencyMs: options.latency, autoPayments: options.autoPayments, recordRequests: false,
      onAnswer: options.quiet ? undefined : log('mp '),
    },
    ghl: {
      port: options.ghlPort, token: options.ghlToken, locationId: options.locationId, latencyMs: options.latency,
      rateLimit: options.ghlRateLimit, recordRequests: false, onAnswer: options.quiet ? undefined : log('ghl'),
    },
  });
  print(`Fake MercadoPago: ${servers.mercadoPago.url}`);
  print(`Fake GoHighLevel: ${servers.ghl.url}`);
  print('Point ghl-payments at them with:');
  for (const [name, value] of Object.entries(servers.env)) print(`  ${name}=${value}`);
  return servers;
}

/** The `sandbox` command: starts both fakes until Ctrl+C. Other CLIs can attach it with `program.addCommand()`. */
export function createSandboxCommand(name = 'sandbox'): Command {
  return new Command(name)
    .description('Start a fake MercadoPago and a fake GoHighLevel on this machine for manual testing')
    .option('--host <address>', 'address both fakes listen on', '127.0.0.1')
    .option('--mp-port <port>', 'fake MercadoPago port (0 = any free port)', parsePort, 0)
    .option('--ghl-port <port>', 'fake GoHighLevel port (0 = any free port)', parsePort, 0)
    .option('--mp-token <token>', 'access token the fake MercadoPago accepts', 'TEST-mp-token')
    .option('--ghl-token <token>', 'bearer token the fake GoHighLevel accepts', 'TEST-ghl-token')
    .option('--location-id <id>', 'the fake GoHighLevel location', 'loc-test')
    .option('--latency <ms>', 'delay every answer of both fakes', parseMs, 0)
    .addOption(new Option('--ghl-rate-limit <requests/ms>', 'enforce a GoHighLevel budget, e.g. 100/10000').argParser(parseRateLimitFlag).default(null, 'off'))
    .option('--no-auto-payments', 'answer 404 for payments never set (default: any numeric id is an approved payment)')
    .option('--quiet', 'do not print each request', false)
    .action(async (options: SandboxCommandOptions) => {
      const servers = await runSandbox(options);
      console.log('Press Ctrl+C to stop.');
      const stop = (): void => {
        void servers.close().then(() => process.exit(0));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
