import type { Rule, RuleSubject } from './rule-schema';

/** What rules are matched against: one payment's (or subscription's) current state and the event that read it. */
export interface RuleFacts {
  on: RuleSubject;
  status: string;
  /** The stored topic of the event being processed (payment, merchant_order, chargeback …). */
  topic: string;
  amount: number | null;
  currency: string | null;
  externalReference: string | null;
  /** The description and item titles, searched by `when.text`. */
  texts: readonly string[];
}

/** True when every condition the rule gives holds for these facts. */
export function ruleMatches(rule: Rule, facts: RuleFacts): boolean {
  const when = rule.when;
  if (when.on !== facts.on || !when.status.includes(facts.status.toLowerCase())) return false;
  if (when.topic && !when.topic.includes(facts.topic as never)) return false;
  if (when.amount) {
    if (facts.amount === null) return false;
    if (when.amount.min !== undefined && facts.amount < when.amount.min) return false;
    if (when.amount.max !== undefined && facts.amount > when.amount.max) return false;
  }
  if (when.currency && !(facts.currency && when.currency.includes(facts.currency.toUpperCase()))) return false;
  if (when.externalReferencePrefix && !facts.externalReference?.startsWith(when.externalReferencePrefix)) return false;
  if (when.text) {
    const needle = when.text.toLowerCase();
    if (!facts.texts.some((text) => text.toLowerCase().includes(needle))) return false;
  }
  return true;
}

/** The rules that apply, in file order. */
export function matchRules(rules: readonly Rule[], facts: RuleFacts): Rule[] {
  return rules.filter((rule) => ruleMatches(rule, facts));
}
