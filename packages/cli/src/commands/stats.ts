import { Command } from 'commander';
import type { QueueStats } from '@ghl-payments/store';
import { toStatsJson } from '@ghl-payments/receiver';
import { formatTable } from '../format-table';
import { withDatabase } from '../with-database';

const BARS = '▁▂▃▄▅▆▇█';

/** `▁▃█…` for a series (blank-ish when all zero). */
function sparkline(values: number[]): string {
  const max = Math.max(...values);
  return values.map((v) => (max === 0 ? BARS[0] : BARS[Math.min(BARS.length - 1, Math.round((v / max) * (BARS.length - 1)))])).join('');
}

function formatAge(seconds: number | null): string {
  if (seconds === null) return '-';
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m ${seconds % 60}s`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)}h ${Math.floor((seconds % 3600) / 60)}m`;
  return `${Math.floor(seconds / 86_400)}d ${Math.floor((seconds % 86_400) / 3600)}h`;
}

/** The stats as readable text tables. */
export function formatStats(s: QueueStats): string {
  const statusRows = Object.entries(s.byStatus).map(([status, n]) => [status, String(n), status === 'pending' ? `${s.dueNow} due now` : '']);
  const typeRows = Object.entries(s.byType).map(([type, n]) => [type, String(n)]);
  const windows = [['last hour', s.lastHour], ['last 24 hours', s.lastDay]] as const;
  return [
    formatTable(['STATUS', 'EVENTS', ''], statusRows, [1]),
    '',
    `backlog: ${s.byStatus.pending + s.byStatus.processing} (pending + processing); oldest pending: ${formatAge(s.oldestPendingAgeSeconds)}`,
    '',
    formatTable(['WINDOW', 'RECEIVED', 'SUCCEEDED', 'FAILED'], windows.map(([label, w]) => [label, String(w.received), String(w.succeeded), String(w.failed)]), [1, 2, 3]),
    '',
    typeRows.length > 0 ? formatTable(['TYPE', 'EVENTS'], typeRows, [1]) : 'no events yet',
    '',
    `received per minute, last hour: ${sparkline(s.perMinute.map((m) => m.received))}`,
  ].join('\n');
}

/** `ghl-payments stats`: the queue at a glance. */
export function buildStatsCommand(): Command {
  return new Command('stats')
    .description('events by status and type, backlog age, recent throughput')
    .option('--json', 'print JSON (the API\'s format)')
    .option('--database-url <url>', 'database to use (DATABASE_URL)')
    .action(async (flags: { json?: boolean; databaseUrl?: string }) => {
      process.exitCode = await withDatabase(flags, async (ctx) => {
        const stats = await ctx.store.getStats(Date.now());
        if (flags.json) ctx.printJson(toStatsJson(stats));
        else ctx.print(formatStats(stats));
      });
    });
}
