import type { RecordedAction } from '@ghl-payments/store';
import { html, SafeHtml } from '../html';
import type { MessageKey } from '../i18n/catalog';
import type { I18n } from '../i18n/translator';
import { paymentStatusWord } from './payment-status-word';

type Action = Pick<RecordedAction, 'kind' | 'detail'>;

function readDetail(a: Action): Record<string, unknown> {
  try {
    const parsed = a.detail ? JSON.parse(a.detail) as unknown : {};
    return typeof parsed === 'object' && parsed !== null ? parsed as Record<string, unknown> : {};
  } catch {
    return {}; // an unreadable detail still shows the action's kind
  }
}

const listOf = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);

/** What one ledger row did, in the page's language: `add tags pago-aprobado`, `set mp_amount=1500`, `add note n1` … */
export function describeAction(i18n: I18n, a: Action): string {
  const detail = readDetail(a);
  const { t } = i18n;
  switch (a.kind) {
    case 'addTags': return t('payments.action.addTags', { tags: listOf(detail.tags).join(', ') }).trim();
    case 'removeTags': return t('payments.action.removeTags', { tags: listOf(detail.tags).join(', ') }).trim();
    case 'setCustomFields': return t('payments.action.setCustomFields', {
      fields: Object.entries((detail.fields ?? {}) as Record<string, unknown>).map(([k, v]) => `${k}=${String(v)}`).join(', '),
    }).trim();
    case 'addNote': return `${t('payments.action.addNote')}${detail.noteId ? ` ${String(detail.noteId)}` : ''}`;
    case 'addToWorkflow': return t('payments.action.addToWorkflow', { id: String(detail.workflowId ?? '') }).trim();
    case 'removeFromWorkflow': return t('payments.action.removeFromWorkflow', { id: String(detail.workflowId ?? '') }).trim();
    case 'upsertOpportunity': return `${t('payments.action.upsertOpportunity')}${detail.opportunityId ? ` ${String(detail.opportunityId)}` : ''}`;
    default: return a.kind;
  }
}

/** A ledger row's state in plain words (`applied` → "done"). */
export function describeActionState(i18n: I18n, state: string): string {
  if (state === 'applied') return i18n.t('payments.action.state.applied');
  if (state === 'applying') return i18n.t('payments.action.state.applying');
  return state;
}

/** The one word a list shows for an action that is not about tags. */
const SHORT: Readonly<Record<string, MessageKey>> = {
  setCustomFields: 'payments.action.short.setCustomFields',
  addNote: 'payments.action.short.addNote',
  addToWorkflow: 'payments.action.short.addToWorkflow',
  removeFromWorkflow: 'payments.action.short.removeFromWorkflow',
  upsertOpportunity: 'payments.action.short.upsertOpportunity',
};

/**
 * What the rules did on the contact for the payment's latest status, in a few marks: `+pago-aprobado −pago-pendiente
 * note workflow` (an action still in flight is marked "in progress"); every action in full in the tooltip.
 */
export function summarizeActions(i18n: I18n, actions: readonly RecordedAction[]): SafeHtml {
  const last = actions[actions.length - 1];
  if (!last) return html`<span class="muted">${i18n.t('payments.nothingDone')}</span>`;
  const round = actions.filter((a) => a.status === last.status && a.round === last.round);
  const marks = round.flatMap((a) => {
    const pending = a.state !== 'applied';
    const detail = readDetail(a);
    const words = a.kind === 'addTags' ? listOf(detail.tags).map((tag) => `+${tag}`)
      : a.kind === 'removeTags' ? listOf(detail.tags).map((tag) => `−${tag}`)
        : [SHORT[a.kind] ? i18n.t(SHORT[a.kind]) : a.kind];
    return words.map((word) => (pending ? html`<span class="muted" data-state="${a.state}">${word} (${i18n.t('payments.inProgress')})</span>` : html`<span>${word}</span>`));
  });
  const title = `${i18n.t('payments.doneTitle', { status: paymentStatusWord(i18n, last.status) })}: ${round.map((a) => `${a.rule}: ${describeAction(i18n, a)} (${describeActionState(i18n, a.state)})`).join('; ')}`;
  return html`<span class="actions-done" title="${title}">${marks.map((m, i) => (i === 0 ? m : html` ${m}`))}</span>`;
}
