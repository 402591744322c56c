import { ScenarioResult } from './lib/context';
import { renderMarkdown } from './lib/report';
import { renderSvg } from './lib/svg';
import { runBenchmarks, SCENARIOS } from './run-benchmarks';

// Every benchmark scenario at minuscule sizes (`npm run bench -- --smoke`), on this pass's database, so the benchmark
// code cannot rot. Figures are not checked — only that each scenario runs end to end and its own checks hold.
const onPostgres = process.env.TEST_DB === 'postgres';
const dialect = onPostgres ? 'postgres' : 'sqlite';

describe(`benchmarks smoke run (${dialect})`, () => {
  let results: ScenarioResult[] = [];
  let markdown = '';
  let svg = '';

  beforeAll(async () => {
    const outcome = await runBenchmarks({
      mode: 'smoke',
      postgres: onPostgres ? (process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:55432/postgres') : null,
      dialects: [dialect],
      log: () => undefined,
    });
    if (outcome.failures.length) throw new Error(`scenarios failed:\n${outcome.failures.join('\n')}`);
    results = outcome.results;
    markdown = renderMarkdown({ results, machine: outcome.machine, mode: 'smoke', elapsedMs: outcome.elapsedMs, postgresNote: outcome.postgresNote });
    svg = renderSvg(results.flatMap((r) => r.charts), 'smoke');
  }, 240_000);

  it('runs every scenario, each producing figures (PostgreSQL scaling only on PostgreSQL)', () => {
    expect(results.map((r) => r.id)).toEqual(SCENARIOS.map((s) => s.id));
    for (const r of results) {
      if (r.id === 'postgres-scaling' && !onPostgres) expect(r.notes.join(' ')).toMatch(/no PostgreSQL server/);
      else expect(r.tables.length).toBeGreaterThan(0);
    }
  });

  it('checks what it claims: every signed notification acked, one event per storm, no 429 under the GHL limit', () => {
    const byId = Object.fromEntries(results.map((r) => [r.id, r]));
    const ack = byId['receiver-ack'].tables[0].rows;
    expect(ack.every((row) => row[6] === '0')).toBe(true); // no non-2xx, no errors
    const steady = byId['receiver-ack'].tables[1].rows;
    expect(steady.length).toBeGreaterThan(0);
    expect(steady.every((row) => row[7] === '0' && Number(row[2].replace(/,/g, '')) > 0)).toBe(true); // every paced request answered 2xx
    const storm = byId['duplicate-storm'].targets;
    expect(storm.length).toBe(1);
    expect(storm[0].met).toBe(true);
    const limited = byId['worker-drain'].targets.find((t) => /429|GHL/.test(t.name));
    expect(limited?.met).toBe(true);
    expect(byId['backlog-growth'].blocks.map((b) => b.title).join(' ')).toMatch(/Claim.*Receiver insert/);
  });

  it('renders the report and the plot', () => {
    expect(markdown).toContain('## Machine');
    expect(markdown).toContain('Receiver ack');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('Receiver ack: throughput');
  });
});
