import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig } from '@ghl-payments/core';
import {
  DEFAULT_RULES, loadRules, matchRules, parseRules, readRulesFile, renderTemplate, RuleFacts, rulesFromStatusTags,
} from '@ghl-payments/pipeline';

const facts = (over: Partial<RuleFacts> = {}): RuleFacts => ({
  on: 'payment', status: 'approved', topic: 'payment', amount: 1500, currency: 'ARS', externalReference: 'curso-42', texts: ['Curso de cocina'], ...over,
});

/** The message of the ConfigError that parsing this YAML throws. */
function errorOf(yaml: string, name = 'rules.yaml'): string {
  try {
    parseRules(yaml, name);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('the rules were accepted');
}

describe('the rules file', () => {
  it('reads YAML with every action and condition', () => {
    const rules = parseRules(`
rules:
  - name: curso aprobado
    when:
      status: [approved]
      amount: { min: 1000 }
      currency: ars
      externalReferencePrefix: curso-
      text: cocina
    actions:
      - addTags: [alumno]
      - removeTags: [pago-pendiente]
      - setCustomFields: { mp_amount: "{{payment.transaction_amount}}", mp_payment_id: "{{payment.id}}" }
      - addNote: "Pago {{payment.id}} aprobado ({{ payment.currency_id }} {{payment.transaction_amount}})"
      - addToWorkflow: wf-onboarding
      - removeFromWorkflow: wf-recupero
      - upsertOpportunity: { pipelineId: pl1, stageId: st-won, status: won }
  - name: suscripcion cancelada
    when: { status: cancelled, on: subscription }
    actions: [{ addTags: [baja] }]
`, 'rules.yaml');
    expect(rules).toHaveLength(2);
    expect(rules[0].when).toEqual({ status: ['approved'], on: 'payment', amount: { min: 1000 }, currency: ['ARS'], externalReferencePrefix: 'curso-', text: 'cocina' });
    expect(rules[0].actions[6]).toEqual({ upsertOpportunity: {
      pipelineId: 'pl1', stageId: 'st-won', status: 'won', name: '{{payment.description}} ({{payment.id}})', monetaryValue: '{{payment.transaction_amount}}',
    } });
    expect(rules[1].when).toEqual({ status: ['cancelled'], on: 'subscription' });
  });

  it('reads JSON by its extension', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rules-')), 'rules.json');
    fs.writeFileSync(file, JSON.stringify({ rules: [{ name: 'a', when: { status: 'approved' }, actions: [{ addTags: ['x'] }] }] }));
    expect(readRulesFile(file)).toEqual([{ name: 'a', when: { status: ['approved'], on: 'payment' }, actions: [{ addTags: ['x'] }] }]);
  });

  it.each([
    ['rules:\n  - name: a\n    when: { status: approved }\n    actions: [{ addTags: [] }]', 'rule "a" (rules[0]) actions[0].addTags: at least one tag'],
    ['rules:\n  - name: a\n    when: { status: approved, colour: red }\n    actions: [{ addTags: [x] }]', 'rule "a" (rules[0]) when: unknown field "colour"'],
    ['rules:\n  - name: a\n    when: { colour: red }\n    actions: [{ addTags: [x] }]', 'rule "a" (rules[0]) when'],
    ['rules:\n  - name: a\n    when: { status: approved }\n    actions: [{ tagIt: [x] }]', 'rule "a" (rules[0]) actions[0]: each action is one of addTags'],
    ['rules:\n  - name: a\n    when: { status: approved }\n    actions: [{ addNote: "hola {{payment.monto}}" }]', 'rule "a" (rules[0]) actions[0].addNote: unknown value {{payment.monto}}'],
    ['rules:\n  - name: a\n    when: { status: approved, amount: { min: 10, max: 5 } }\n    actions: [{ addTags: [x] }]', 'rule "a" (rules[0]) when.amount: min is above max'],
    ['rules:\n  - name: a\n    when: { status: approved }\n    actions: [{ addTags: [x] }]\n  - name: A\n    when: { status: refunded }\n    actions: [{ addTags: [y] }]', '(rules[1]) name: "A" is used by an earlier rule'],
    ['rules:\n  - when: { status: approved }\n    actions: [{ addTags: [x] }]', '(rules[0]) name: missing'],
    ['rules: [', 'is not valid YAML'],
    ['', 'is empty'],
    ['{}', 'rules: missing'],
  ])('refuses %j with a message naming the rule and field', (yaml, expected) => {
    const message = errorOf(yaml);
    expect(message).toContain('rules file rules.yaml');
    expect(message).toContain(expected);
    expect(message).not.toContain('\n');
  });

  it('names a missing file and says what to do', () => {
    expect(() => readRulesFile('/no/such/rules.yaml')).toThrow('rules file /no/such/rules.yaml does not exist: create it (docs/rules.md) or unset RULES_FILE');
  });
});

describe('where the rules come from', () => {
  const env = (over: Record<string, string>) => ({ DATABASE_URL: path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rules-db-')), 'db.sqlite3'), ...over });

  it('uses the default rules when nothing is set, GHL_STATUS_TAGS as add-tag rules, and RULES_FILE when set', () => {
    expect(loadRules(loadConfig(env({})).rules)).toEqual({ rules: DEFAULT_RULES, origin: 'the default rules (docs/rules.md)' });
    const shorthand = loadRules(loadConfig(env({ GHL_STATUS_TAGS: 'approved:a|b,refunded:c' })).rules);
    expect(shorthand.rules).toEqual(rulesFromStatusTags({ approved: ['a', 'b'], refunded: ['c'] }));
    expect(shorthand.rules[0]).toEqual({ name: 'status-tags:approved', when: { status: ['approved'], on: 'payment' }, actions: [{ addTags: ['a', 'b'] }] });
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rules-')), 'mine.yaml');
    fs.writeFileSync(file, 'rules:\n  - name: x\n    when: { status: approved }\n    actions: [{ addTags: [x] }]\n');
    expect(loadRules(loadConfig(env({ RULES_FILE: file })).rules)).toMatchObject({ origin: `rules file ${file}`, rules: [{ name: 'x' }] });
  });

  it('finds rules.yaml in the data folder, and refuses it together with GHL_STATUS_TAGS rather than merging', () => {
    const e = env({});
    fs.writeFileSync(path.join(path.dirname(e.DATABASE_URL), 'rules.yaml'), 'rules: []\n');
    expect(loadConfig(e).rules).toEqual({ kind: 'file', path: path.join(path.dirname(e.DATABASE_URL), 'rules.yaml'), explicit: false });
    expect(() => loadConfig({ ...e, GHL_STATUS_TAGS: 'approved:x' })).toThrow(/^GHL_STATUS_TAGS and the rules file .*rules\.yaml are both set: rules come from one place/);
  });
});

describe('matching and templates', () => {
  it('the default rules: approved adds pago-aprobado and removes pago-pendiente; refunds and chargebacks take it away', () => {
    const actions = (status: string) => matchRules(DEFAULT_RULES, facts({ status })).flatMap((r) => r.actions);
    expect(actions('approved')).toEqual([{ addTags: ['pago-aprobado'] }, { removeTags: ['pago-pendiente'] }]);
    expect(actions('pending')).toEqual([{ addTags: ['pago-pendiente'] }]);
    expect(actions('in_process')).toEqual([{ addTags: ['pago-pendiente'] }]);
    expect(actions('refunded')).toEqual([{ removeTags: ['pago-aprobado'] }, { addTags: ['pago-reembolsado'] }]);
    expect(actions('charged_back')).toEqual([{ removeTags: ['pago-aprobado'] }, { addTags: ['contracargo'] }]);
    expect(actions('cancelled')).toEqual([{ removeTags: ['pago-pendiente'] }]);
    expect(actions('rejected')).toEqual([{ removeTags: ['pago-pendiente'] }]);
    expect(actions('authorized')).toEqual([]);
    for (const status of ['approved', 'pending', 'refunded', 'charged_back', 'cancelled']) expect(actions(status).length).toBeLessThanOrEqual(2);
  });

  it('every condition must hold', () => {
    const [rule] = parseRules(`rules:
  - name: r
    when: { status: approved, amount: { min: 1000, max: 2000 }, currency: [ARS, BRL], externalReferencePrefix: curso-, text: COCINA, topic: payment }
    actions: [{ addTags: [x] }]`, 'r.yaml');
    expect(matchRules([rule], facts())).toHaveLength(1);
    for (const over of [
      { status: 'refunded' }, { amount: 999 }, { amount: 2001 }, { amount: null }, { currency: 'USD' }, { currency: null },
      { externalReference: 'tienda-1' }, { externalReference: null }, { texts: ['Libro'] }, { topic: 'merchant_order' }, { on: 'subscription' as const },
    ]) expect(matchRules([rule], facts(over))).toHaveLength(0);
    expect(matchRules([rule], facts({ currency: 'brl', texts: ['x', 'curso de COCINA'] }))).toHaveLength(1);
  });

  it('fills templates, an absent value becoming empty text', () => {
    expect(renderTemplate('Pago {{payment.id}} de {{ payment.transaction_amount }} {{payment.currency_id}}{{payment.date_approved}}.', {
      'payment.id': '77', 'payment.transaction_amount': '1500.5', 'payment.currency_id': 'ARS', 'payment.date_approved': null,
    })).toBe('Pago 77 de 1500.5 ARS.');
  });
});
