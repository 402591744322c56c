import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BIN, createTestDatabase, runCli, TestDatabase } from '@ghl-payments/test-support';

describe('ghl-payments rules check | explain', () => {
  let t: TestDatabase;
  let dir: string;
  const run = (args: string[], env: Record<string, string> = {}) => runCli(BIN.ghlPayments, args, { DATABASE_URL: t.url, ...env });
  const write = (name: string, text: string) => { const file = path.join(dir, name); fs.writeFileSync(file, text); return file; };

  beforeAll(async () => {
    t = await createTestDatabase();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ghlp-rules-cli-'));
  });
  afterAll(async () => { await t.destroy(); });

  it('check: the default rules, status by status, with their GoHighLevel calls', async () => {
    const res = await run(['rules', 'check']);
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('Rules from the default rules (docs/rules.md): 5 rules, valid.');
    expect(res.stdout).toMatch(/^payment approved \(2 GoHighLevel calls for a known contact\):\n {2}aprobado: add tags pago-aprobado; remove tags pago-pendiente$/m);
    expect(res.stdout).toMatch(/^payment charged_back \(2 GoHighLevel calls for a known contact\):\n {2}contracargo: remove tags pago-aprobado; add tags contracargo$/m);
    expect(res.stdout).toMatch(/^payment statuses with no rule \(nothing is done in GoHighLevel\): authorized, in_mediation$/m);
  });

  it('check --file: a valid file with conditions, and a wrong one refused in one line naming the rule and field', async () => {
    const good = write('good.yaml', 'rules:\n  - name: cursos\n    when: { status: approved, externalReferencePrefix: curso-, amount: { min: 1000 } }\n    actions:\n      - addNote: "Pago {{payment.id}}"\n');
    const ok = await run(['rules', 'check', '--file', good]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain(`Rules from rules file ${good}: 1 rule, valid.`);
    expect(ok.stdout).toContain('  cursos [amount 1000.., external_reference curso-…]: add note "Pago {{payment.id}}"');

    const bad = write('bad.yaml', 'rules:\n  - name: cursos\n    when: { status: approved }\n    actions:\n      - addTags: []\n');
    const refused = await run(['rules', 'check', '--file', bad]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(`ghl-payments: rules file ${bad}: rule "cursos" (rules[0]) actions[0].addTags: at least one tag\n`);
    expect(refused.stdout).toBe('');
  });

  it('check: a rules file together with GHL_STATUS_TAGS is refused', async () => {
    const file = write('both.yaml', 'rules: []\n');
    const res = await run(['rules', 'check'], { RULES_FILE: file, GHL_STATUS_TAGS: 'approved:x' });
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/^ghl-payments: GHL_STATUS_TAGS and the rules file .* are both set: rules come from one place\./);
  });

  it('explain: the rules that match a payment, which of their actions ran, and its timeline', async () => {
    const record = {
      mpPaymentId: '9201', status: 'approved', statusDetail: 'accredited', amount: 1500, currency: 'ARS', description: 'Curso', externalReference: null,
      payerEmail: 'ana@example.com', dateCreated: null, dateApproved: null, dateLastUpdated: null, raw: JSON.stringify({ id: 9201, status: 'approved', currency_id: 'ARS' }), ghlContactId: 'ct-9',
    };
    await t.db.recordPaymentState(record, null, Date.UTC(2026, 11, 7, 10));
    const key = { subject: 'payment:9201', status: 'approved', round: 1, rule: 'aprobado', actionIndex: 0 };
    await t.db.reserveAction({ ...key, kind: 'addTags', contactId: 'ct-9', eventId: 1, leaseMs: 1000, now: Date.UTC(2026, 11, 7, 10, 0, 1) });
    await t.db.markActionApplied({ ...key, detail: '{"tags":["pago-aprobado"]}' }, Date.UTC(2026, 11, 7, 10, 0, 2));

    const res = await run(['rules', 'explain', '9201']);
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('Payment 9201 (#');
    expect(res.stdout).toContain('Rules matching its current status (approved, round 1): aprobado');
    expect(res.stdout).toContain('  aprobado #1 add tags pago-aprobado: applied 2026-12-07 10:00:02 UTC');
    expect(res.stdout).toContain('  aprobado #2 remove tags pago-pendiente: not done');
    expect(res.stdout).toMatch(/^ {2}2026-12-07 10:00:00 {2}new → approved \(round 1\)$/m);
    expect(res.stdout).toMatch(/^ {2}2026-12-07 10:00:02 {2}approved#1 aprobado: add tags pago-aprobado → ct-9 {2}applied {2}event #1$/m);

    const missing = await run(['rules', 'explain', '404404']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^ghl-payments: no payment with MercadoPago id 404404 is recorded/);
  });
});
