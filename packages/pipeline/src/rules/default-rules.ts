import type { Rule } from './rule-schema';

/**
 * The rules used when neither a rules file nor GHL_STATUS_TAGS is set (docs/rules.md). Tag names in Spanish, as
 * the shops that use the product name them; at most two GoHighLevel calls per status change.
 */
export const DEFAULT_RULES: readonly Rule[] = [
  { name: 'aprobado', when: { status: ['approved'], on: 'payment' }, actions: [{ addTags: ['pago-aprobado'] }, { removeTags: ['pago-pendiente'] }] },
  { name: 'pendiente', when: { status: ['pending', 'in_process'], on: 'payment' }, actions: [{ addTags: ['pago-pendiente'] }] },
  { name: 'reembolsado', when: { status: ['refunded'], on: 'payment' }, actions: [{ removeTags: ['pago-aprobado'] }, { addTags: ['pago-reembolsado'] }] },
  { name: 'contracargo', when: { status: ['charged_back'], on: 'payment' }, actions: [{ removeTags: ['pago-aprobado'] }, { addTags: ['contracargo'] }] },
  { name: 'cancelado', when: { status: ['cancelled', 'rejected'], on: 'payment' }, actions: [{ removeTags: ['pago-pendiente'] }] },
];

/** GHL_STATUS_TAGS as rules: one rule per status, adding its tags (named `status-tags:<status>`). */
export function rulesFromStatusTags(statusTags: Record<string, string[]>): Rule[] {
  return Object.entries(statusTags).map(([status, tags]) => ({
    name: `status-tags:${status}`, when: { status: [status], on: 'payment' as const }, actions: [{ addTags: tags }],
  }));
}
