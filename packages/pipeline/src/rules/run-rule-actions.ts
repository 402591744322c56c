import { PermanentError, RetryableError } from '@ghl-payments/core';
import type { ActionKey, ReserveResult, WebhookEvent } from '@ghl-payments/store';
import type { ProcessContext } from '../process-types';
import { renderTemplate, TemplateValues } from './render-template';
import { ActionKind, actionKindOf, Rule, RuleAction } from './rule-schema';

/** One status round of one subject, its contact, and the values its templates may use. */
export interface RuleRun {
  subject: string;
  status: string;
  round: number;
  contactId: string;
  values: TemplateValues;
}

/** What one action did: performed now (`applied`) or found done by an earlier event (`already-applied`). */
export interface ActionOutcome {
  rule: string;
  index: number;
  kind: ActionKind;
  result: 'applied' | 'already-applied';
  /** e.g. `pago-aprobado`, `mp_amount=1500`, `workflow wf1`. */
  description: string;
}

const BUSY_POLL_MS = 100;

/** How long to wait for another event performing the same action: about one GoHighLevel call. */
export function busyWaitMs(ctx: ProcessContext): number {
  return Math.min(ctx.config.worker.leaseMs / 2, ctx.config.httpTimeoutMs * 2);
}

/**
 * Performs the actions of the matching rules, in order, each at most once per (subject, status round, rule, action)
 * whatever the number of events, workers or crashes: the ledger reservation decides who calls GoHighLevel. An action
 * already done is skipped; one that fails gives its reservation back and the error ends the attempt (the actions done
 * before it stay done and are marked with the attempt's outcome, so a retry does only what is left).
 */
export async function runRuleActions(rules: readonly Rule[], run: RuleRun, event: WebhookEvent, ctx: ProcessContext): Promise<ActionOutcome[]> {
  const outcomes: ActionOutcome[] = [];
  for (const rule of rules) {
    for (const [index, action] of rule.actions.entries()) {
      const key: ActionKey = { subject: run.subject, status: run.status, round: run.round, rule: rule.name, actionIndex: index };
      const kind = actionKindOf(action);
      const reservation = await reserveOrWait(key, kind, run.contactId, event, ctx);
      if (reservation.state === 'already-applied') {
        outcomes.push({ rule: rule.name, index, kind, result: 'already-applied', description: describeAction(action, run.values) });
        continue;
      }
      if (reservation.state === 'busy') {
        throw new RetryableError(`rule "${rule.name}" action ${index + 1} (${kind}) for ${run.subject} (${run.status}) is being performed by `
          + 'another event; retry after its lease', { notBefore: reservation.until, countsAsAttempt: false });
      }
      const detail = await performReserved(key, async () => {
        // The previous holder died holding the reservation, perhaps after GoHighLevel had done the action: look first.
        if (reservation.takenOver && await isAlreadyDone(action, run, ctx)) return JSON.stringify({ foundDone: true });
        return performAction(action, rule, run, ctx);
      }, event, ctx);
      if (ctx.appliedActions) ctx.appliedActions.push({ ...key, detail }); // committed with the attempt's outcome
      else await ctx.store.markActionApplied({ ...key, detail }, ctx.now());
      outcomes.push({ rule: rule.name, index, kind, result: 'applied', description: describeAction(action, run.values) });
    }
  }
  return outcomes;
}

/** Reserves the action; while another event holds it, polls for a short while so the usual outcome is `already-applied`. */
async function reserveOrWait(key: ActionKey, kind: ActionKind, contactId: string, event: WebhookEvent, ctx: ProcessContext): Promise<ReserveResult> {
  const polls = Math.ceil(busyWaitMs(ctx) / BUSY_POLL_MS); // counted, not timed: works with an injected clock too
  for (let poll = 0; ; poll += 1) {
    const result = await ctx.store.reserveAction({ ...key, kind, contactId, eventId: event.id, leaseMs: ctx.config.worker.leaseMs, now: ctx.now() });
    if (result.state !== 'busy' || poll >= polls) return result;
    await new Promise((resolve) => { setTimeout(resolve, BUSY_POLL_MS); });
  }
}

/** Runs the call while renewing the reservation every third of the lease; a failure gives the reservation back. */
async function performReserved(key: ActionKey, call: () => Promise<string>, event: WebhookEvent, ctx: ProcessContext): Promise<string> {
  const leaseMs = ctx.config.worker.leaseMs;
  const timer = setInterval(() => {
    ctx.store.renewAction(key, event.id, leaseMs, ctx.now()).catch((err: Error) => {
      ctx.logger.warn('could not renew an action reservation', { eventId: event.id, subject: key.subject, rule: key.rule, error: err.message });
    });
  }, Math.max(100, Math.floor(leaseMs / 3)));
  timer.unref();
  try {
    return await call();
  } catch (err) {
    try {
      await ctx.store.releaseAction(key, event.id);
    } catch (releaseError) {
      // the reservation then expires with its lease and a later attempt takes it over
      ctx.logger.warn('could not release an action reservation', { eventId: event.id, subject: key.subject, error: (releaseError as Error).message });
    }
    throw err;
  } finally {
    clearInterval(timer);
  }
}

/** Calls GoHighLevel for one action; returns what to keep in the ledger (JSON, never a secret). */
async function performAction(action: RuleAction, rule: Rule, run: RuleRun, ctx: ProcessContext): Promise<string> {
  const ghl = ctx.clients.ghl;
  if ('addTags' in action) {
    await ghl.addTags(run.contactId, action.addTags);
    return JSON.stringify({ tags: action.addTags });
  }
  if ('removeTags' in action) {
    await ghl.removeTags(run.contactId, action.removeTags);
    return JSON.stringify({ tags: action.removeTags });
  }
  if ('setCustomFields' in action) {
    const fields: Array<{ id: string; value: string }> = [];
    const shown: Record<string, string> = {};
    for (const [fieldKey, template] of Object.entries(action.setCustomFields)) {
      const value = renderTemplate(template, run.values);
      fields.push({ id: await ctx.clients.customFieldIds.idOf(fieldKey), value });
      shown[fieldKey] = value;
    }
    await ghl.setCustomFields(run.contactId, fields);
    return JSON.stringify({ fields: shown });
  }
  if ('addNote' in action) {
    const noteId = await ghl.addNote(run.contactId, renderTemplate(action.addNote, run.values));
    return JSON.stringify({ noteId });
  }
  if ('addToWorkflow' in action) {
    await ghl.addToWorkflow(run.contactId, action.addToWorkflow);
    return JSON.stringify({ workflowId: action.addToWorkflow });
  }
  if ('removeFromWorkflow' in action) {
    await ghl.removeFromWorkflow(run.contactId, action.removeFromWorkflow);
    return JSON.stringify({ workflowId: action.removeFromWorkflow });
  }
  const o = action.upsertOpportunity;
  const rendered = renderTemplate(o.monetaryValue, run.values).trim();
  const monetaryValue = rendered === '' ? undefined : Number(rendered);
  if (monetaryValue !== undefined && !Number.isFinite(monetaryValue)) {
    throw new PermanentError(`rule "${rule.name}": upsertOpportunity.monetaryValue gave "${rendered.slice(0, 40)}", not a number: fix the rules file`);
  }
  const opportunityId = await ghl.upsertOpportunity({
    pipelineId: o.pipelineId, pipelineStageId: o.stageId, contactId: run.contactId, status: o.status,
    name: renderTemplate(o.name, run.values).trim().slice(0, 200) || `${run.subject} ${run.status}`, monetaryValue,
  });
  return JSON.stringify({ opportunityId });
}

/**
 * Whether GoHighLevel already shows the effect of an action whose previous performer died before recording it: the
 * tags present (or gone), the note there. Actions whose repetition changes nothing (custom field values, the
 * opportunity upsert) and workflow enrolment (which cannot be read back) are done again.
 */
async function isAlreadyDone(action: RuleAction, run: RuleRun, ctx: ProcessContext): Promise<boolean> {
  if ('addTags' in action || 'removeTags' in action) {
    const present = new Set((await ctx.clients.ghl.getContactTags(run.contactId)).map((tag) => tag.toLowerCase()));
    return 'addTags' in action
      ? action.addTags.every((tag) => present.has(tag.toLowerCase()))
      : action.removeTags.every((tag) => !present.has(tag.toLowerCase()));
  }
  if ('addNote' in action) {
    const body = renderTemplate(action.addNote, run.values);
    return (await ctx.clients.ghl.listNotes(run.contactId)).some((note) => note.body === body);
  }
  return false;
}

/** A short human description of an action (summaries, `rules check`, `rules explain`). */
export function describeAction(action: RuleAction, values?: TemplateValues): string {
  const fill = (template: string) => (values ? renderTemplate(template, values) : template);
  if ('addTags' in action) return `add tags ${action.addTags.join(', ')}`;
  if ('removeTags' in action) return `remove tags ${action.removeTags.join(', ')}`;
  if ('setCustomFields' in action) return `set ${Object.entries(action.setCustomFields).map(([k, v]) => `${k}=${fill(v)}`).join(', ')}`;
  if ('addNote' in action) return `add note "${fill(action.addNote).slice(0, 60)}"`;
  if ('addToWorkflow' in action) return `add to workflow ${action.addToWorkflow}`;
  if ('removeFromWorkflow' in action) return `remove from workflow ${action.removeFromWorkflow}`;
  const o = action.upsertOpportunity;
  return `opportunity in pipeline ${o.pipelineId}, stage ${o.stageId}, ${o.status}`;
}
