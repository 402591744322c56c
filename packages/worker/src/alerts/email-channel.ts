import type { Transporter } from 'nodemailer';
import type { Alert } from './alert';
import type { AlertChannel } from './alert-channel';

export interface EmailChannelOptions {
  /** SMTP_URL: `smtp://user:pass@host:587` (STARTTLS when offered) or `smtps://user:pass@host:465`. */
  smtpUrl: string;
  to: readonly string[];
  from: string;
  timeoutMs: number;
}

/** What the email says: the title as subject, the text and the dashboard link as a plain-text body. */
export function writeAlertEmail(alert: Alert): { subject: string; text: string } {
  const link = alert.dashboardUrl && !alert.text.includes(alert.dashboardUrl) ? `\n\n${alert.dashboardUrl}` : '';
  return { subject: `[ghl-payments] ${alert.title}`, text: `${alert.text}${link}\n\n-- \nghl-payments\n` };
}

/** The transport's settings, read from SMTP_URL (kept out of messages: the URL holds the password). */
function readTransport(smtpUrl: string, timeoutMs: number) {
  const url = new URL(smtpUrl);
  const secure = url.protocol === 'smtps:';
  return {
    host: url.hostname,
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    secure,
    auth: url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : undefined,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  };
}

/** Email through SMTP with nodemailer: one message per alert to every address of ALERT_EMAIL_TO. */
export function createEmailChannel(o: EmailChannelOptions): AlertChannel {
  // nodemailer is loaded with the first alert, not by every worker start
  let transport: Transporter | null = null;
  const open = async (): Promise<Transporter> => {
    transport ??= (await import('nodemailer')).default.createTransport(readTransport(o.smtpUrl, o.timeoutMs));
    return transport;
  };
  return {
    name: 'email',
    async send(alert) {
      const { subject, text } = writeAlertEmail(alert);
      try {
        await (await open()).sendMail({ from: o.from, to: [...o.to], subject, text, headers: { 'Content-Language': alert.language, 'X-Ghl-Payments-Alert': alert.kind } });
      } catch (err) {
        const e = err as Error & { code?: string; responseCode?: number };
        const detail = e.responseCode ? `SMTP ${e.responseCode}` : e.code ?? 'error';
        throw new Error(`the mail server did not take the alert email (${detail}: ${e.message.split('\n')[0]}); check SMTP_URL and ALERT_EMAIL_TO`, { cause: err });
      }
    },
    close: () => transport?.close(),
  };
}
