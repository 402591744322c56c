import { defineMessages } from './define-messages';

/**
 * `alerts test`'s result lines. The table's column keys (KIND, CHANNEL, RESULT), the alert kinds and channel names stay
 * as they are in every language; the `sent=… failed=…` part of the last line too (scripts parse it).
 */
type AlertsMessages = {
  sent: string;
  failed(p: { error: string }): string;
  /** After `sent=… failed=0`. */
  allSent(p: { language: string }): string;
  /** After `sent=… failed=…`. */
  someFailed: string;
};


export const alertsMessages = defineMessages<AlertsMessages>({
  en: {
    sent: 'sent',
    failed: (p) => `FAILED: ${p.error}`,
    allSent: (p) => ` (language ${p.language})`,
    someFailed: ': fix the channel named above (see docs/operations.md, "Alerts") and run this again',
  },
  es: {
    sent: 'enviada',
    failed: (p) => `FALLÓ: ${p.error}`,
    allSent: (p) => ` (alertas en idioma ${p.language})`,
    someFailed: ': corrija el canal indicado arriba (vea docs/operations.md, "Alerts") y vuelva a ejecutar este comando',
  },
  'pt-BR': {
    sent: 'enviado',
    failed: (p) => `FALHOU: ${p.error}`,
    allSent: (p) => ` (alertas no idioma ${p.language})`,
    someFailed: ': corrija o canal indicado acima (veja docs/operations.md, "Alerts") e execute este comando de novo',
  },
});
