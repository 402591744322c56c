import { z } from 'zod';

/** What a rule applies to: a payment's status (approved, refunded …) or a subscription's (authorized, cancelled …). */
export const RULE_SUBJECTS = ['payment', 'subscription'] as const;
export type RuleSubject = (typeof RULE_SUBJECTS)[number];

/** The stored topics a rule can be limited to (`when.topic`). */
export const RULE_TOPICS = ['payment', 'merchant_order', 'chargeback', 'order', 'subscription_preapproval', 'subscription_authorized_payment'] as const;

const name = z.string().trim().regex(/^[A-Za-z0-9][A-Za-z0-9 _.:-]{0,63}$/, 'letters, digits, space, _ . : - (up to 64), starting with a letter or digit');
const tag = z.string().trim().min(1, 'an empty tag').max(100, 'longer than 100 characters');
const tags = z.array(tag).min(1, 'at least one tag');
const ghlId = z.string().trim().regex(/^[A-Za-z0-9_-]{1,64}$/, 'not a GoHighLevel id');
const template = z.string().min(1, 'empty').max(10_000, 'longer than 10,000 characters');
const lowerList = z.union([z.string(), z.array(z.string()).min(1)])
  .transform((value) => (Array.isArray(value) ? value : [value]).map((v) => v.trim().toLowerCase()));

/** When a rule applies: every condition given must hold. */
const whenSchema = z.strictObject({
  status: lowerList,
  on: z.enum(RULE_SUBJECTS).default('payment'),
  topic: z.union([z.enum(RULE_TOPICS), z.array(z.enum(RULE_TOPICS)).min(1)]).transform((v) => (Array.isArray(v) ? v : [v])).optional(),
  amount: z.strictObject({ min: z.number().nonnegative().optional(), max: z.number().nonnegative().optional() })
    .refine((a) => a.min !== undefined || a.max !== undefined, 'give min, max or both')
    .refine((a) => a.min === undefined || a.max === undefined || a.min <= a.max, 'min is above max')
    .optional(),
  currency: z.union([z.string(), z.array(z.string()).min(1)])
    .transform((value) => (Array.isArray(value) ? value : [value]).map((v) => v.trim().toUpperCase())).optional(),
  externalReferencePrefix: z.string().min(1).optional(),
  /** Text found (case-insensitive) in the description or an item's title. */
  text: z.string().min(1).optional(),
});

const opportunitySchema = z.strictObject({
  pipelineId: ghlId,
  stageId: ghlId,
  status: z.enum(['open', 'won', 'lost', 'abandoned']).default('open'),
  name: template.default('{{payment.description}} ({{payment.id}})'),
  /** A template giving a number; default: the payment's amount. */
  monetaryValue: template.default('{{payment.transaction_amount}}'),
});

/** One action: an object with exactly one of these keys. */
const actionSchema = z.union([
  z.strictObject({ addTags: tags }),
  z.strictObject({ removeTags: tags }),
  z.strictObject({ setCustomFields: z.record(z.string().trim().min(1).max(100), z.union([template, z.number()]).transform(String))
    .refine((fields) => Object.keys(fields).length > 0, 'at least one field') }),
  z.strictObject({ addNote: template }),
  z.strictObject({ addToWorkflow: ghlId }),
  z.strictObject({ removeFromWorkflow: ghlId }),
  z.strictObject({ upsertOpportunity: opportunitySchema }),
]);
export type RuleAction = z.infer<typeof actionSchema>;
export type ActionKind = 'addTags' | 'removeTags' | 'setCustomFields' | 'addNote' | 'addToWorkflow' | 'removeFromWorkflow' | 'upsertOpportunity';
export const ACTION_KINDS: readonly ActionKind[] = ['addTags', 'removeTags', 'setCustomFields', 'addNote', 'addToWorkflow', 'removeFromWorkflow', 'upsertOpportunity'];

const ruleSchema = z.strictObject({
  name,
  when: whenSchema,
  actions: z.array(actionSchema).min(1, 'at least one action'),
});
export type Rule = z.infer<typeof ruleSchema>;
export type RuleCondition = Rule['when'];

/** The whole rules file. */
export const rulesFileSchema = z.strictObject({
  rules: z.array(ruleSchema),
}).superRefine((file, ctx) => {
  const seen = new Set<string>();
  file.rules.forEach((rule, i) => {
    const key = rule.name.toLowerCase();
    if (seen.has(key)) ctx.addIssue({ code: 'custom', path: ['rules', i, 'name'], message: `"${rule.name}" is used by an earlier rule: names must be unique` });
    seen.add(key);
  });
});

/** The kind of an action (its one key). */
export function actionKindOf(action: RuleAction): ActionKind {
  return Object.keys(action)[0] as ActionKind;
}
