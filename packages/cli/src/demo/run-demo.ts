import fs from 'node:fs';
import path from 'node:path';
import { Config, createSilentLogger, Language, loadConfig, PROJECT_ROOT } from '@ghl-payments/core';
import { generateAdminToken, issueSignInLink } from '@ghl-payments/receiver';
import {
  buildWebhookNotification, MercadoPagoNotification, SandboxServers, sendMercadoPagoNotification, startSandboxServers,
} from '@ghl-payments/sandbox';
import { createPaymentLink, createPipelineClients } from '@ghl-payments/pipeline';
import { DEFAULT_ACCOUNT, openStore, Store } from '@ghl-payments/store';
import { spawnService } from '../spawn-service';
import { EXIT_ERROR, EXIT_INTERRUPTED, EXIT_OK } from '../exit-codes';
import { superviseServices, Supervisor } from '../supervise-children';
import { pickMessages } from '../messages/define-messages';
import { DemoMessages, demoMessages, DemoStage } from '../messages/demo-messages';
import { captureChildOutput, ChildOutput } from './child-output';
import { buildDemoEnvironment, DEMO_WEBHOOK_SECRET } from './demo-environment';
import { DemoAlreadyRunning, lockDemo } from './demo-lock';
import { DEMO_SCENARIOS, DemoContext } from './demo-scenarios';
import { createDemoTracker, DemoTracker } from './demo-tracker';
import { pickFreePort } from './pick-free-port';
import { createProgressLine, ProgressLine } from './progress-line';
import { isFinalStatus } from './read-event-statuses';
import { waitForReceiver } from './wait-for-receiver';

/** How `ghl-payments demo` runs. */
export interface DemoOptions {
  /** Stop everything and exit once every event is final (0 when each ended as planned): for tests and CI. */
  exitWhenDone: boolean;
  /** The receiver's port; default a free one. */
  port?: number;
  /** A database of your choosing; default `<dataDir>/demo.sqlite3`, recreated on every run. */
  databaseUrl?: string;
  /** Folder of the demo's database and logs. */
  dataDir: string;
  /** How long the events may take to reach a final state. */
  timeoutMs: number;
  /** Show the receiver's and worker's own output. */
  verbose: boolean;
  out: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  /** The language the demo explains itself in (default English). */
  language?: Language;
}

/** Pause between two notifications, so the progress is visible. */
const PACE_MS = 250;

/** The child processes stopped (Ctrl-C, or one of them died) before the demo was over. */
class DemoStopped extends Error {
  constructor(readonly code: number) {
    super('stopped');
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The whole product on this machine: fake MercadoPago and GoHighLevel in this process, the receiver and a worker as
 * child processes (as in production), a mix of signed notifications, live progress. Resolves to the exit code.
 */
export async function runDemo(options: DemoOptions): Promise<number> {
  const progress = createProgressLine(options.out);
  const say = (text = '') => progress.note(text);
  const texts = pickMessages(demoMessages, options.language ?? 'en');
  texts.intro.forEach((line) => say(line));
  let unlock: () => void;
  try {
    unlock = lockDemo(options.dataDir, displayPath(options.dataDir));
  } catch (err) {
    if (!(err instanceof DemoAlreadyRunning)) throw err;
    say(`ghl-payments demo: ${texts.alreadyRunning(err.details)}`);
    return EXIT_ERROR;
  }
  try {
    return await runLockedDemo(options, progress, say, texts);
  } finally {
    unlock();
  }
}

/** The demo once it holds its data folder's lock. */
async function runLockedDemo(options: DemoOptions, progress: ProgressLine, say: (text?: string) => void, texts: DemoMessages): Promise<number> {
  const databaseUrl = options.databaseUrl ?? prepareDemoDatabase(options.dataDir);
  const sandbox = await startSandboxServers({ mercadoPago: { autoPayments: true } });
  const store = openStore(loadConfig({ DATABASE_URL: databaseUrl }).database);
  let supervisor: Supervisor | undefined;
  const outputs: ChildOutput[] = [];
  try {
    await store.migrate();
    const port = options.port ?? await pickFreePort();
    const url = `http://127.0.0.1:${port}`;
    const adminToken = generateAdminToken();
    const env = buildDemoEnvironment(process.env, {
      ...sandbox.env, DATABASE_URL: databaseUrl, PORT: String(port), LOG_DIR: path.join(options.dataDir, 'logs'), ADMIN_TOKEN: adminToken,
    });
    const children = [spawnService('ghl-payments', ['runserver'], { env, output: 'pipe' }), spawnService('process-webhooks', ['--loop'], { env, output: 'pipe' })];
    outputs.push(captureChildOutput(children[0], 'receiver', options.verbose ? say : undefined));
    outputs.push(captureChildOutput(children[1], 'worker', options.verbose ? say : undefined));
    // the demo's children are not restarted: either one stopping ends the demo
    supervisor = superviseServices([
      { name: 'receiver', spawn: () => children[0], restart: false },
      { name: 'worker', spawn: () => children[1], restart: false },
    ], { write: (text) => say(text.trim()), notices: { first: (signal) => texts.stopFirst({ signal }), again: (signal) => texts.stopAgain({ signal }) } });
    const running = supervisor;
    const guard = <T>(work: Promise<T>): Promise<T> => Promise.race([work, running.exited.then((code): T => { throw new DemoStopped(code); })]);

    say(texts.sandboxes({ mp: sandbox.mercadoPago.url, ghl: sandbox.ghl.url }));
    await guard(waitForReceiver(url, 30_000));
    say(texts.running({ url, receiverPid: children[0].pid ?? 0, workerPid: children[1].pid ?? 0, database: store.description }));
    say('');
    say(texts.sending);
    const tracker = createDemoTracker(store, texts);
    const started = Date.now();
    const stopPolling = pollProgress(tracker, progress);
    try {
      const links = { store, config: loadConfig({ ...env, PUBLIC_URL: url }) };
      await guard(sendScenarios(createContext(sandbox, tracker, progress, url, started + options.timeoutMs, links, texts)));
      await guard(waitForAllFinal(tracker, started + options.timeoutMs, texts));
    } finally {
      await stopPolling();
    }
    progress.finish();
    const asPlanned = reportOutcome(tracker, sandbox, Date.now() - started, say, texts);
    if (options.exitWhenDone) {
      running.stop();
      const code = await running.exited;
      return asPlanned && code === EXIT_OK ? EXIT_OK : EXIT_ERROR;
    }
    const signIn = await issueSignInLink(store, `${url}/admin`, Date.now());
    printWhatNext({ url, signInUrl: signIn.url, adminToken, dataDir: options.dataDir, databaseUrl, ownDatabase: options.databaseUrl === undefined }, say, texts);
    const code = await running.exited;
    if (code !== EXIT_OK) printTails(outputs, say);
    say(code === EXIT_OK ? texts.stoppedCleanly : texts.processDied);
    return code;
  } catch (err) {
    progress.finish();
    if (err instanceof DemoStopped) {
      if (err.code !== EXIT_OK) printTails(outputs, say);
      say(err.code === EXIT_OK ? texts.stoppedEarly : texts.processDied);
      return err.code === EXIT_OK ? EXIT_INTERRUPTED : err.code;
    }
    say(texts.demoFailed({ error: (err as Error).message }));
    printTails(outputs, say);
    return EXIT_ERROR;
  } finally {
    if (supervisor) {
      supervisor.stop();
      await supervisor.exited;
    }
    await Promise.all([sandbox.close(), store.close()]);
  }
}

/** `<dataDir>/demo.sqlite3`, deleted first so every demo starts empty. */
function prepareDemoDatabase(dataDir: string): string {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, 'demo.sqlite3');
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${file}${suffix}`, { force: true });
  return file;
}

/** Redraws the progress line a few times a second until the returned function is called. */
function pollProgress(tracker: DemoTracker, progress: ProgressLine): () => Promise<void> {
  let active = true;
  const loop = (async () => {
    while (active) {
      await tracker.refresh().then(() => { if (tracker.events.length > 0) progress.update(tracker.formatProgress()); }, () => undefined);
      await sleep(200);
    }
    await tracker.refresh().then(() => { if (tracker.events.length > 0) progress.update(tracker.formatProgress()); }, () => undefined);
  })();
  return async () => {
    active = false;
    await loop;
  };
}

/** The scenarios' view of the demo: the fake MercadoPago, signed notifications, the receiver and the tracker. */
function createContext(
  sandbox: SandboxServers, tracker: DemoTracker, progress: ProgressLine, receiverUrl: string, deadline: number,
  links: { store: Store; config: Config }, texts: DemoMessages,
): DemoContext {
  const webhookUrl = `${receiverUrl}/webhooks/mp`;
  const runId = (Math.floor(Date.now() / 1000) % 10_000_000) * 20;
  const post = async (label: string, notification: MercadoPagoNotification) => {
    const answer = await sendMercadoPagoNotification(webhookUrl, notification);
    const body = (answer.body ?? {}) as { status?: string; id?: number };
    if (answer.status !== 200 || typeof body.id !== 'number') throw new Error(`the receiver answered ${answer.status} ${answer.text} to: ${label}`);
    return { status: body.status, id: body.id };
  };
  return {
    mp: sandbox.mercadoPago,
    ghl: sandbox.ghl,
    async createPaymentLink({ contactId, title, amount }) {
      const clients = createPipelineClients(links.config, { store: links.store });
      try {
        const request = { contactId, title, amount, currency: 'ARS', quantity: 1, expiresInMs: 72 * 3_600_000, externalReference: null };
        const { link } = await createPaymentLink(request, { source: 'api' }, {
          store: links.store, config: links.config, clients, account: DEFAULT_ACCOUNT, now: Date.now, logger: createSilentLogger(),
        });
        return link;
      } finally {
        clients.close();
      }
    },
    paymentLinkState: async (id) => (await links.store.getPaymentLink(id, Date.now()))?.state,
    texts,
    note: (text) => progress.note(text),
    paymentId: (n) => 100_000_000_000 + runId + n,
    webhook: (type, dataId, options = {}) => buildWebhookNotification({ type, dataId, secret: DEMO_WEBHOOK_SECRET, ...options }),
    async send(label, notification, expected = 'success') {
      const answer = await post(label, notification);
      if (answer.status !== 'received') throw new Error(`the receiver answered "${answer.status}" instead of "received" to: ${label}`);
      tracker.track({ id: answer.id, label, expected });
      progress.note(texts.sent({ label, id: answer.id }));
      await sleep(PACE_MS);
      return answer.id;
    },
    async sendDuplicate(label, notification) {
      const answer = await post(label, notification);
      if (answer.status !== 'duplicate') throw new Error(`the receiver answered "${answer.status}" instead of "duplicate" to: ${label}`);
      tracker.countDuplicate();
      progress.note(texts.duplicate({ label, id: answer.id }));
      await sleep(PACE_MS);
    },
    async waitForFinal(eventId) {
      while (!isFinalStatus(tracker.state(eventId)?.status)) {
        if (Date.now() > deadline) throw new Error(texts.eventNotFinalInTime({ id: eventId }));
        await sleep(100);
        await tracker.refresh();
      }
    },
  };
}

async function sendScenarios(ctx: DemoContext): Promise<void> {
  for (const scenario of DEMO_SCENARIOS) await scenario.run(ctx);
}

async function waitForAllFinal(tracker: DemoTracker, deadline: number, texts: DemoMessages): Promise<void> {
  for (;;) {
    await tracker.refresh();
    if (tracker.allFinal()) return;
    if (Date.now() > deadline) {
      const open = tracker.events.filter((e) => !isFinalStatus(tracker.state(e.id)?.status)).map((e) => `#${e.id} (${tracker.state(e.id)?.status ?? 'unknown'})`);
      throw new Error(texts.notFinalInTime({ open: open.join(', ') }));
    }
    await sleep(100);
  }
}

/** Prints the counts, the tags GoHighLevel received and any surprise; true when every event ended as planned. */
function reportOutcome(tracker: DemoTracker, sandbox: SandboxServers, elapsedMs: number, say: (text: string) => void, texts: DemoMessages): boolean {
  const counts = tracker.countByStatus();
  const summary = Object.entries(counts).map(([status, n]) => texts.finalCount({ stage: status as DemoStage, n })).join(', ');
  const surprises = tracker.listSurprises();
  say('');
  say(texts.outcome({ mark: surprises.length === 0 ? '✓' : '✗', total: tracker.events.length, seconds: elapsedMs / 1000, counts: summary, duplicates: tracker.duplicates }));
  const calls = sandbox.ghl.tagCalls();
  const byTag = new Map<string, number>();
  for (const call of calls) for (const tag of call.tags) byTag.set(tag, (byTag.get(tag) ?? 0) + 1);
  const contacts = new Set(calls.map((c) => c.contactId)).size;
  const removals = sandbox.ghl.requests.filter((r) => r.method === 'DELETE' && /^\/contacts\/[^/]+\/tags$/.test(r.path)).length;
  say(texts.ghlSummary({ additions: calls.length, contacts, tags: [...byTag].map(([tag, n]) => `${tag} ×${n}`).join(', '), removals }));
  for (const event of tracker.events.filter((e) => e.expected === 'failed')) {
    say(texts.failedOnPurpose({ id: event.id, error: tracker.state(event.id)?.lastError ?? null }));
  }
  for (const event of surprises) say(texts.surprise({ id: event.id, label: event.label, status: String(tracker.state(event.id)?.status), expected: event.expected }));
  return surprises.length === 0;
}

function printWhatNext(
  o: { url: string; signInUrl: string; adminToken: string; dataDir: string; databaseUrl: string; ownDatabase: boolean }, say: (text: string) => void, texts: DemoMessages,
): void {
  const database = o.ownDatabase ? displayPath(o.databaseUrl) : o.databaseUrl.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
  const rows: Array<[string, string]> = [
    [texts.dashboardLabel, `${o.signInUrl}   ${texts.signInHint({ command: `npx ghl-payments sign-in-link --database-url ${database} --url ${o.url}/admin` })}`],
    [texts.apiLabel, `curl -H "Authorization: Bearer ${o.adminToken}" ${o.url}/api/stats`],
    [texts.oneMoreLabel, `npx ghl-payments send-test-webhook --url ${o.url}/webhooks/mp --secret ${DEMO_WEBHOOK_SECRET}`],
    [texts.eventsLabel, `npx ghl-payments events list --database-url ${database}`],
    [texts.logsLabel, displayPath(path.join(o.dataDir, 'logs', 'webhook.log'))],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  say('');
  say(texts.whatNextTitle);
  for (const [label, value] of rows) say(`  ${label.padEnd(width)}  ${value}`);
  say(texts.pressCtrlC);
}

/** A path as the commands take it: relative to the project root when inside it (DATABASE_URL is resolved from there). */
function displayPath(file: string): string {
  const relative = path.relative(PROJECT_ROOT, file);
  return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
}

function printTails(outputs: ChildOutput[], say: (text: string) => void): void {
  for (const output of outputs) for (const line of output.tail()) say(line);
}
