import type { Language, Logger } from '@ghl-payments/core';
import type { Store } from '@ghl-payments/store';
import type { AdminTokenSource } from './auth/admin-token-file';
import { issueSignInLink, SIGN_IN_CODE_TTL_MS } from './auth/sign-in-code';

/** The dashboard's address for a browser on this machine (a wildcard listen address becomes loopback). */
export function dashboardUrl(receiverUrl: string): string {
  return `${receiverUrl.replace('://0.0.0.0:', '://127.0.0.1:').replace('://[::]:', '://localhost:')}/admin`;
}

export interface AnnounceDashboardOptions {
  receiverUrl: string;
  admin: AdminTokenSource;
  logger: Logger;
  /** Where the link goes: the console (never the log file). */
  print: (text: string) => void;
  store: Store;
  now: number;
  /** Whether the schema is migrated (a sign-in code can be stored). */
  databaseReady: boolean;
  /** Someone is watching the console (a terminal): a link is printed even when the token was not generated now. */
  interactive: boolean;
  /** The language of what is printed (the log line stays English, like every log line). */
  language: Language;
}

/** What the console is told, in the user's language. */
const TEXTS: Record<Language, {
  generated(file: string): [string, string];
  link(minutes: number): string;
  signInWith(url: string, where: string): string;
  tokenIn(file: string): string;
}> = {
  en: {
    generated: (file) => [`  No ADMIN_TOKEN was set, so one was generated and saved to ${file} (mode 0600).`,
      '  Sign in with it, and use it as "Authorization: Bearer <token>" for the REST API under /api.'],
    link: (minutes) => `  Operator dashboard (this link signs you in once, within ${minutes} minutes):`,
    signInWith: (url, where) => `  Operator dashboard: ${url} (sign in with ${where}; \`npx ghl-payments sign-in-link\` prints a one-time link)`,
    tokenIn: (file) => `the token in ${file}`,
  },
  es: {
    generated: (file) => [`  No había ADMIN_TOKEN, así que se generó uno y se guardó en ${file} (modo 0600).`,
      '  Ingrese con él, y úselo como "Authorization: Bearer <token>" para la API REST bajo /api.'],
    link: (minutes) => `  Panel del operador (este enlace inicia la sesión una sola vez, dentro de ${minutes} minutos):`,
    signInWith: (url, where) => `  Panel del operador: ${url} (ingrese con ${where}; \`npx ghl-payments sign-in-link\` imprime un enlace de un solo uso)`,
    tokenIn: (file) => `el token de ${file}`,
  },
  'pt-BR': {
    generated: (file) => [`  Não havia ADMIN_TOKEN, então um foi gerado e salvo em ${file} (modo 0600).`,
      '  Entre com ele, e use-o como "Authorization: Bearer <token>" na API REST em /api.'],
    link: (minutes) => `  Painel do operador (este link faz o login uma única vez, em até ${minutes} minutos):`,
    signInWith: (url, where) => `  Painel do operador: ${url} (entre com ${where}; \`npx ghl-payments sign-in-link\` mostra um link de uso único)`,
    tokenIn: (file) => `o token em ${file}`,
  },
};

/**
 * Tells the operator where the dashboard is. On a terminal, or when the admin token was generated just now, it prints
 * (to the console, never to the log file) a one-time link that signs in: it carries a random code that works once,
 * within SIGN_IN_CODE_TTL_MS, never the admin token. Otherwise (a service whose output is kept) one log line says
 * where the dashboard is and how to sign in.
 */
export async function announceDashboard(o: AnnounceDashboardOptions): Promise<void> {
  const url = dashboardUrl(o.receiverUrl);
  const generated = o.admin.source === 'generated';
  const texts = TEXTS[o.language];
  const where = o.admin.source === 'env' ? 'ADMIN_TOKEN' : `the token in ${o.admin.file}`;
  const lines = [''];
  if (generated) lines.push(...texts.generated(o.admin.file ?? ''));
  if ((generated || o.interactive) && o.databaseReady) {
    try {
      const link = await issueSignInLink(o.store, url, o.now);
      lines.push(texts.link(SIGN_IN_CODE_TTL_MS / 60_000), `    ${link.url}`, '');
      o.print(lines.join('\n') + '\n');
      return;
    } catch (err) {
      o.logger.warn(`could not issue a sign-in link: ${(err as Error).message}`);
    }
  }
  if (generated) {
    lines.push(texts.signInWith(url, o.admin.source === 'env' ? 'ADMIN_TOKEN' : texts.tokenIn(o.admin.file ?? '')), '');
    o.print(lines.join('\n') + '\n');
    return;
  }
  o.logger.info(`operator dashboard at ${url} (sign in with ${where}, or a one-time link from \`npx ghl-payments sign-in-link\`); REST API under /api`);
}
