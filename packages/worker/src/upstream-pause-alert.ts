import { redactText } from '@ghl-payments/core';

/** What an operator is told when an upstream asks for a long pause (e.g. GoHighLevel's daily limit). */
export interface UpstreamPauseAlert {
  service: string;
  until: number;
  reason: string;
  /** The upstream's daily budget is spent. */
  daily: boolean;
}

const SERVICE_NAMES: Record<string, string> = { ghl: 'GoHighLevel', mercadopago: 'MercadoPago' };

/** The English text (the log line, and the alert in English): which upstream, until when, why, and what happens meanwhile. */
export function formatUpstreamPauseAlert(pause: UpstreamPauseAlert, secrets: readonly string[]): string {
  const name = SERVICE_NAMES[pause.service] ?? pause.service;
  const resumes = new Date(pause.until).toISOString();
  const head = pause.daily ? `daily ${name} limit reached, resumes at ${resumes}` : `${name} asked for a pause, resumes at ${resumes}`;
  return redactText(`ghl-payments: ${head} (${pause.reason}). Events that need ${name} wait until then without counting as failures; `
    + 'the others keep being processed. The dashboard (/admin) shows the pause.', secrets);
}
