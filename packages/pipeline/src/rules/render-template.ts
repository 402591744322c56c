/** The values a template can name: `{{payment.id}}`, `{{subscription.status}}`, `{{event.topic}}` … */
export const TEMPLATE_VARIABLES = [
  'payment.id', 'payment.status', 'payment.status_detail', 'payment.transaction_amount', 'payment.currency_id',
  'payment.date_created', 'payment.date_approved', 'payment.date_last_updated', 'payment.external_reference',
  'payment.description', 'payment.payer.email',
  'subscription.id', 'subscription.status', 'subscription.reason', 'subscription.external_reference',
  'subscription.payer_email', 'subscription.transaction_amount', 'subscription.currency_id',
  'event.topic',
] as const;
export type TemplateVariable = (typeof TEMPLATE_VARIABLES)[number];
export type TemplateValues = Partial<Record<TemplateVariable, string | number | null | undefined>>;

const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_.]+)\s*\}\}/g;
const KNOWN = new Set<string>(TEMPLATE_VARIABLES);

/** The placeholders of a template that name no known value (checked when the rules are loaded). */
export function findUnknownVariables(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1]).filter((name) => !KNOWN.has(name));
}

/** Fills a template's placeholders; a value the payment does not have becomes empty text. */
export function renderTemplate(template: string, values: TemplateValues): string {
  return template.replace(PLACEHOLDER, (_all, name: string) => {
    const value = values[name as TemplateVariable];
    return value === null || value === undefined ? '' : String(value);
  });
}
