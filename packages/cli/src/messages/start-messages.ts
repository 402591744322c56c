import { defineMessages } from './define-messages';

/** `start`'s start-up banner, and its one line when the database cannot be prepared yet (the cause stays as given). */
type StartMessages = {
  starting(p: { url: string }): string;
  notificationsLabel: string;
  dashboardLabel: string;
  logsLabel: string;
  logsWhere(p: { file: string }): string;
  stopHint: string;
  databaseNotReady(p: { where: string; cause: string }): string;
  stopFirst(p: { signal: string; grace: string }): string;
  stopAgain(p: { signal: string }): string;
};

export const startMessages = defineMessages<StartMessages>({
  en: {
    starting: (p) => `ghl-payments: starting the receiver on ${p.url} and a worker`,
    notificationsLabel: 'MercadoPago notifications',
    dashboardLabel: 'Dashboard',
    logsLabel: 'Logs',
    logsWhere: (p) => `${p.file} (JSON lines; the same lines are shown here)`,
    stopHint: 'Ctrl-C stops both.',
    databaseNotReady: (p) => `cannot prepare the database${p.where} yet: ${p.cause}; starting anyway: `
      + 'the receiver answers 503 until the database is ready, the worker is restarted until it can use it',
    stopFirst: (p) => `${p.signal} received: stopping (the receiver closes, the worker finishes its in-flight events within ${p.grace}); `
      + 'press Ctrl-C again to stop at once',
    stopAgain: (p) => `${p.signal} received again: stopping at once; work in flight is picked up again at the next start`,
  },
  es: {
    starting: (p) => `ghl-payments: iniciando el receptor en ${p.url} y un worker`,
    notificationsLabel: 'Avisos de MercadoPago',
    dashboardLabel: 'Panel',
    logsLabel: 'Logs',
    logsWhere: (p) => `${p.file} (líneas JSON; las mismas líneas se muestran aquí)`,
    stopHint: 'Ctrl-C detiene los dos.',
    databaseNotReady: (p) => `todavía no se puede preparar la base de datos${p.where}: ${p.cause}; se inicia igual: `
      + 'el receptor responde 503 hasta que la base de datos esté lista y el worker se reinicia hasta que pueda usarla',
    stopFirst: (p) => `${p.signal} recibido: deteniendo (el receptor se cierra, el worker termina sus eventos en curso en ${p.grace}); `
      + 'presione Ctrl-C otra vez para detener de inmediato',
    stopAgain: (p) => `${p.signal} recibido otra vez: deteniendo de inmediato; lo que estaba en curso se retoma en el próximo inicio`,
  },
  'pt-BR': {
    starting: (p) => `ghl-payments: iniciando o receptor em ${p.url} e um worker`,
    notificationsLabel: 'Avisos do MercadoPago',
    dashboardLabel: 'Painel',
    logsLabel: 'Logs',
    logsWhere: (p) => `${p.file} (linhas JSON; as mesmas linhas aparecem aqui)`,
    stopHint: 'Ctrl-C para os dois.',
    databaseNotReady: (p) => `ainda não é possível preparar o banco de dados${p.where}: ${p.cause}; iniciando mesmo assim: `
      + 'o receptor responde 503 até o banco de dados ficar pronto e o worker é reiniciado até conseguir usá-lo',
    stopFirst: (p) => `${p.signal} recebido: parando (o receptor fecha, o worker termina os eventos em andamento em até ${p.grace}); `
      + 'pressione Ctrl-C de novo para parar na hora',
    stopAgain: (p) => `${p.signal} recebido de novo: parando na hora; o que estava em andamento é retomado no próximo início`,
  },
});
