import { AlertLanguage, redactText } from '@ghl-payments/core';
import { formatUpstreamPauseAlert } from '../upstream-pause-alert';
import type { Alert, AlertFacts, AlertSeverity } from './alert';
import { describeFailureReason, formatFailureAlert, formatUnknownResourceSummary } from './event-failed-english';
import { formatAlertCount, formatAlertDuration, formatAlertTime } from './format-alert-values';

/** What a message needs besides its facts. */
export interface AlertContext {
  language: AlertLanguage;
  timeZone: string;
  /** PUBLIC_URL: the base of dashboard links; without it a message names the page's path. */
  publicUrl?: string;
  /** Values scrubbed from every text (the configured secrets). */
  secrets: readonly string[];
  now: number;
  /** Alerts of the same kind held back since the previous one was sent (the throttle), and when that was. */
  suppressed?: { count: number; since: number | null };
}

type Words = Record<AlertLanguage, string>;
interface Message { severity: AlertSeverity; path: string; title: Words; text: Words; details: Record<string, unknown> }

const SERVICE = { mercadopago: 'MercadoPago', ghl: 'GoHighLevel' } as Record<string, string>;
const ACCOUNT_WORD: Words = { es: 'cuenta', 'pt-BR': 'conta', en: 'account' };
const MAX_LISTED_PAYMENTS = 5;

/** The link or path to a dashboard page, as written inside a text. */
function where(path: string, publicUrl: string | undefined): string {
  return publicUrl ? `${publicUrl}${path}` : path;
}

/** "1 attempt" / "2 attempts" in each language. */
function plural(n: number, one: Words, many: Words, language: AlertLanguage): string {
  return `${formatAlertCount(n, language)} ${(n === 1 ? one : many)[language]}`;
}

/** The message of each kind, in the three languages: what happened, the likely reason, what to do, where to look. */
function writeMessage(facts: AlertFacts, ctx: AlertContext): Message {
  const { language: lang, timeZone, publicUrl, secrets } = ctx;
  const time = (ms: number) => formatAlertTime(ms, lang, timeZone);
  switch (facts.kind) {
    case 'event-failed': {
      const e = facts.event;
      const reason = describeFailureReason(e, secrets);
      const attempts = plural(e.attempts, { es: 'intento', 'pt-BR': 'tentativa', en: 'attempt' }, { es: 'intentos', 'pt-BR': 'tentativas', en: 'attempts' }, lang);
      if (facts.unknownResources && facts.unknownResources.count > 1) {
        const n = facts.unknownResources.count;
        const path = '/admin/events?status=failed';
        return {
          severity: 'warning', path,
          title: { es: `${n} avisos de pagos que MercadoPago no conoce`, 'pt-BR': `${n} avisos de pagamentos que o MercadoPago não conhece`, en: `${n} notifications about payments MercadoPago does not know` },
          text: {
            es: `ghl-payments: llegaron ${n} avisos de pagos que MercadoPago no conoce (el último, evento ${e.id}: ${e.topic} ${e.resourceId}, recibido el ${time(e.receivedAt)}). `
              + 'Motivo probable: avisos falsificados, o de otra cuenta o del entorno de prueba. Quedaron como fallidos sin avisarle uno por uno. '
              + `Qué hacer: nada si usted no reconoce esos pagos; revíselos en el panel (${where(path, publicUrl)}).`,
            'pt-BR': `ghl-payments: chegaram ${n} avisos de pagamentos que o MercadoPago não conhece (o último, evento ${e.id}: ${e.topic} ${e.resourceId}, recebido em ${time(e.receivedAt)}). `
              + 'Motivo provável: avisos falsificados, ou de outra conta ou do ambiente de teste. Ficaram como falhos sem um alerta para cada um. '
              + `O que fazer: nada se você não reconhece esses pagamentos; confira no painel (${where(path, publicUrl)}).`,
            en: formatUnknownResourceSummary({ count: n, topics: new Set(facts.unknownResources.topics), last: e }, secrets) + (publicUrl ? ` ${where(path, publicUrl)}` : ''),
          },
          details: { eventId: e.id, topic: e.topic, resourceId: e.resourceId, unknownResources: n },
        };
      }
      const path = `/admin/events/${e.id}`;
      const english = facts.unknownResources
        ? formatUnknownResourceSummary({ count: 1, topics: new Set(facts.unknownResources.topics), last: e }, secrets)
        : formatFailureAlert(e, secrets);
      const unknownNote: Words = facts.unknownResources
        ? { es: ' MercadoPago no conoce ese recurso (probablemente un aviso falsificado o de otra cuenta): los próximos así se resumen, no se avisan uno por uno.',
          'pt-BR': ' O MercadoPago não conhece esse recurso (provavelmente um aviso falsificado ou de outra conta): os próximos assim serão resumidos, não alertados um a um.', en: '' }
        : { es: '', 'pt-BR': '', en: '' };
      return {
        severity: 'error', path,
        title: { es: `Un aviso de pago no se pudo procesar (evento ${e.id})`, 'pt-BR': `Um aviso de pagamento não pôde ser processado (evento ${e.id})`, en: `A payment notification could not be processed (event ${e.id})` },
        text: {
          es: `ghl-payments: el evento ${e.id} (${e.topic} ${e.resourceId}, recibido el ${time(e.receivedAt)}) falló tras ${attempts}; el contacto de GoHighLevel no se actualizó. `
            + `Motivo registrado: ${reason}. Qué hacer: corrija la causa y reinténtelo desde el panel (${where(path, publicUrl)}) o con \`ghl-payments events retry ${e.id}\`.${unknownNote.es}`,
          'pt-BR': `ghl-payments: o evento ${e.id} (${e.topic} ${e.resourceId}, recebido em ${time(e.receivedAt)}) falhou após ${attempts}; o contato no GoHighLevel não foi atualizado. `
            + `Motivo registrado: ${reason}. O que fazer: corrija a causa e tente de novo pelo painel (${where(path, publicUrl)}) ou com \`ghl-payments events retry ${e.id}\`.${unknownNote['pt-BR']}`,
          en: english + (publicUrl ? ` ${where(path, publicUrl)}` : ''),
        },
        details: { eventId: e.id, topic: e.topic, resourceId: e.resourceId, attempts: e.attempts, reason, receivedAt: new Date(e.receivedAt).toISOString() },
      };
    }
    case 'credentials-rejected': {
      const name = SERVICE[facts.service];
      const variable = facts.service === 'mercadopago' ? 'MP_ACCESS_TOKEN' : 'GHL_API_TOKEN';
      const window = formatAlertDuration(facts.windowMs);
      const path = '/admin';
      const fix: Words = facts.service === 'mercadopago'
        ? { es: `copie el Access Token de producción (APP_USR-…) de su aplicación en el panel de MercadoPago a ${variable}`,
          'pt-BR': `copie o Access Token de produção (APP_USR-…) da sua aplicação no painel do MercadoPago para ${variable}`,
          en: `copy the production Access Token (APP_USR-…) of your application in MercadoPago's panel into ${variable}` }
        : { es: `cree un Private Integration Token con los permisos contacts.write y contacts.readonly (y los de sus reglas) y póngalo en ${variable}`,
          'pt-BR': `crie um Private Integration Token com as permissões contacts.write e contacts.readonly (e as das suas regras) e coloque em ${variable}`,
          en: `create a Private Integration Token with the contacts.write and contacts.readonly scopes (and those of your rules) and put it in ${variable}` };
      return {
        severity: 'critical', path,
        title: { es: `${name} rechaza las credenciales`, 'pt-BR': `${name} está recusando as credenciais`, en: `${name} rejects the credentials` },
        text: {
          es: `ghl-payments: ${name} rechazó ${facts.rejections} pedidos en ${window} (HTTP ${facts.lastStatus}). Mientras tanto los pagos no se procesan: quedan en espera y se reintentan. `
            + `Motivo probable: el token venció, fue revocado o le faltan permisos. Qué hacer: ${fix.es}, reinicie el servicio y ejecute \`ghl-payments doctor\`. Panel: ${where(path, publicUrl)}.`,
          'pt-BR': `ghl-payments: ${name} recusou ${facts.rejections} pedidos em ${window} (HTTP ${facts.lastStatus}). Enquanto isso os pagamentos não são processados: ficam em espera e são tentados de novo. `
            + `Motivo provável: o token expirou, foi revogado ou não tem as permissões. O que fazer: ${fix['pt-BR']}, reinicie o serviço e rode \`ghl-payments doctor\`. Painel: ${where(path, publicUrl)}.`,
          en: `ghl-payments: ${name} rejected ${facts.rejections} requests in ${window} (HTTP ${facts.lastStatus}). Meanwhile payments are not processed: they wait and are retried. `
            + `Likely reason: the token expired, was revoked or lacks a permission. What to do: ${fix.en}, restart the service and run \`ghl-payments doctor\`. Dashboard: ${where(path, publicUrl)}.`,
        },
        details: { service: facts.service, rejections: facts.rejections, windowSeconds: Math.round(facts.windowMs / 1000), lastStatus: facts.lastStatus, operation: facts.operation },
      };
    }
    case 'notifications-missing': {
      const n = facts.payments.length;
      const listed = facts.payments.slice(0, MAX_LISTED_PAYMENTS).map((p) => `${p.mpPaymentId} (${p.status})`).join(', ');
      const more = n > MAX_LISTED_PAYMENTS ? ` …+${n - MAX_LISTED_PAYMENTS}` : '';
      const path = '/admin/events';
      return {
        severity: 'critical', path,
        title: { es: 'No están llegando los avisos de MercadoPago', 'pt-BR': 'Os avisos do MercadoPago não estão chegando', en: 'MercadoPago\'s notifications are not arriving' },
        text: {
          es: `ghl-payments: MercadoPago tiene ${plural(n, { es: 'pago', 'pt-BR': '', en: '' }, { es: 'pagos', 'pt-BR': '', en: '' }, 'es')} de hace más de 15 minutos que ningún aviso nos anunció: ${listed}${more}. `
            + 'La verificación con MercadoPago ya los puso en cola, así que se procesan igual, pero con demora. '
            + 'Motivo probable: en el panel de MercadoPago (Tus integraciones → su aplicación → Webhooks) la URL de notificación no es https://su-dominio/webhooks/mp, '
            + 'la clave secreta no coincide con MP_WEBHOOK_SECRET, o el evento Pagos no está marcado; también un proxy que no deja pasar las solicitudes. '
            + `Qué hacer: revise esos tres puntos y pruebe con "Simular notificación" o \`ghl-payments send-test-webhook\`. Panel: ${where(path, publicUrl)}.`,
          'pt-BR': `ghl-payments: o MercadoPago tem ${plural(n, { es: '', 'pt-BR': 'pagamento', en: '' }, { es: '', 'pt-BR': 'pagamentos', en: '' }, 'pt-BR')} de mais de 15 minutos atrás que nenhum aviso anunciou: ${listed}${more}. `
            + 'A conciliação com o MercadoPago já os colocou na fila, então são processados mesmo assim, mas com atraso. '
            + 'Motivo provável: no painel do MercadoPago (Suas integrações → sua aplicação → Webhooks) a URL de notificação não é https://seu-dominio/webhooks/mp, '
            + 'a chave secreta não confere com MP_WEBHOOK_SECRET, ou o evento Pagamentos não está marcado; ou ainda um proxy que bloqueia as requisições. '
            + `O que fazer: confira esses três pontos e teste com "Simular notificação" ou \`ghl-payments send-test-webhook\`. Painel: ${where(path, publicUrl)}.`,
          en: `ghl-payments: MercadoPago has ${plural(n, { es: '', 'pt-BR': '', en: 'payment' }, { es: '', 'pt-BR': '', en: 'payments' }, 'en')} older than 15 minutes that no notification announced: ${listed}${more}. `
            + 'Reconciliation has queued them, so they are processed anyway, but late. '
            + 'Likely reason: in MercadoPago\'s panel (Your integrations → your application → Webhooks) the notification URL is not https://your-domain/webhooks/mp, '
            + 'the secret signature does not match MP_WEBHOOK_SECRET, or the Payments event is not ticked; or a proxy blocks the requests. '
            + `What to do: check those three and try "Simulate notification" or \`ghl-payments send-test-webhook\`. Dashboard: ${where(path, publicUrl)}.`,
        },
        details: { payments: facts.payments.map((p) => ({ ...p })), windowStart: new Date(facts.windowStart).toISOString(), windowEnd: new Date(facts.windowEnd).toISOString() },
      };
    }
    case 'signatures-rejected': {
      const window = formatAlertDuration(facts.windowMs);
      const path = '/admin';
      return {
        severity: 'error', path,
        title: { es: 'Se están rechazando avisos por firma inválida', 'pt-BR': 'Avisos estão sendo recusados por assinatura inválida', en: 'Notifications are being refused for a bad signature' },
        text: {
          es: `ghl-payments: el receptor rechazó ${facts.rejections} avisos en ${window} porque su firma (x-signature) no es válida; esos avisos no se guardaron. `
            + 'Motivo probable: MP_WEBHOOK_SECRET no es la clave secreta que muestra el panel de MercadoPago (cambia si se regenera), o alguien envía avisos falsos. '
            + 'Qué hacer: copie la clave secreta de Webhooks del panel de MercadoPago a MP_WEBHOOK_SECRET y reinicie; MercadoPago reenvía los avisos rechazados durante unos días. '
            + `Panel: ${where(path, publicUrl)}.`,
          'pt-BR': `ghl-payments: o receptor recusou ${facts.rejections} avisos em ${window} porque a assinatura (x-signature) não é válida; esses avisos não foram salvos. `
            + 'Motivo provável: MP_WEBHOOK_SECRET não é a chave secreta que o painel do MercadoPago mostra (ela muda se for regenerada), ou alguém está enviando avisos falsos. '
            + 'O que fazer: copie a chave secreta de Webhooks do painel do MercadoPago para MP_WEBHOOK_SECRET e reinicie; o MercadoPago reenvia os avisos recusados por alguns dias. '
            + `Painel: ${where(path, publicUrl)}.`,
          en: `ghl-payments: the receiver refused ${facts.rejections} notifications in ${window} because their signature (x-signature) is not valid; they were not stored. `
            + 'Likely reason: MP_WEBHOOK_SECRET is not the secret signature MercadoPago\'s panel shows (it changes when regenerated), or someone is sending forged notifications. '
            + 'What to do: copy the Webhooks secret signature from MercadoPago\'s panel into MP_WEBHOOK_SECRET and restart; MercadoPago redelivers refused notifications for a few days. '
            + `Dashboard: ${where(path, publicUrl)}.`,
        },
        details: { rejections: facts.rejections, windowSeconds: Math.round(facts.windowMs / 1000) },
      };
    }
    case 'backlog-stuck': {
      const age = formatAlertDuration(ctx.now - facts.oldestReceivedAt);
      const path = '/admin/events?status=pending';
      return {
        severity: 'warning', path,
        title: { es: `Hay pagos esperando hace ${age}`, 'pt-BR': `Há pagamentos esperando há ${age}`, en: `Payments have been waiting for ${age}` },
        text: {
          es: `ghl-payments: ${plural(facts.pending, { es: 'aviso espera', 'pt-BR': '', en: '' }, { es: 'avisos esperan', 'pt-BR': '', en: '' }, 'es')} ser procesados; el más antiguo llegó el ${time(facts.oldestReceivedAt)} (hace ${age}, más que el límite de ${formatAlertDuration(facts.thresholdMs)}). `
            + 'Motivo probable: el worker (process-webhooks) está detenido, o MercadoPago o GoHighLevel no responden o limitan los pedidos. '
            + `Qué hacer: verifique que el servicio esté en marcha y ejecute \`ghl-payments doctor\`. Panel: ${where(path, publicUrl)}.`,
          'pt-BR': `ghl-payments: ${plural(facts.pending, { es: '', 'pt-BR': 'aviso espera', en: '' }, { es: '', 'pt-BR': 'avisos esperam', en: '' }, 'pt-BR')} para ser processados; o mais antigo chegou em ${time(facts.oldestReceivedAt)} (há ${age}, mais que o limite de ${formatAlertDuration(facts.thresholdMs)}). `
            + 'Motivo provável: o worker (process-webhooks) está parado, ou o MercadoPago ou o GoHighLevel não respondem ou limitam os pedidos. '
            + `O que fazer: verifique se o serviço está rodando e rode \`ghl-payments doctor\`. Painel: ${where(path, publicUrl)}.`,
          en: `ghl-payments: ${plural(facts.pending, { es: '', 'pt-BR': '', en: 'notification is' }, { es: '', 'pt-BR': '', en: 'notifications are' }, 'en')} waiting to be processed; the oldest arrived ${time(facts.oldestReceivedAt)} (${age} ago, over the ${formatAlertDuration(facts.thresholdMs)} limit). `
            + 'Likely reason: the worker (process-webhooks) is stopped, or MercadoPago or GoHighLevel do not answer or limit the requests. '
            + `What to do: check that the service runs and run \`ghl-payments doctor\`. Dashboard: ${where(path, publicUrl)}.`,
        },
        details: { pending: facts.pending, oldestReceivedAt: new Date(facts.oldestReceivedAt).toISOString(), thresholdSeconds: Math.round(facts.thresholdMs / 1000) },
      };
    }
    case 'upstream-paused': {
      const name = SERVICE[facts.service] ?? facts.service;
      const path = '/admin';
      return {
        severity: 'warning', path,
        title: facts.daily
          ? { es: `Se alcanzó el límite diario de ${name}`, 'pt-BR': `O limite diário do ${name} foi atingido`, en: `${name}'s daily limit reached` }
          : { es: `${name} pidió una pausa`, 'pt-BR': `${name} pediu uma pausa`, en: `${name} asked for a pause` },
        text: {
          es: `ghl-payments: ${facts.daily ? `se alcanzó el límite diario de pedidos de ${name}` : `${name} pidió una pausa`}; se reanuda el ${time(facts.until)}. `
            + `Los pagos que necesitan ${name} esperan hasta entonces sin contar como fallidos; los demás se siguen procesando. No hace falta hacer nada; si pasa seguido, revise sus reglas o pida más cupo a ${name}. Panel: ${where(path, publicUrl)}.`,
          'pt-BR': `ghl-payments: ${facts.daily ? `o limite diário de pedidos do ${name} foi atingido` : `${name} pediu uma pausa`}; retoma em ${time(facts.until)}. `
            + `Os pagamentos que precisam do ${name} esperam até lá sem contar como falha; os outros continuam sendo processados. Não é preciso fazer nada; se acontecer com frequência, revise suas regras ou peça mais cota ao ${name}. Painel: ${where(path, publicUrl)}.`,
          en: formatUpstreamPauseAlert(facts, secrets) + (publicUrl ? ` ${where(path, publicUrl)}` : ''),
        },
        details: { service: facts.service, until: new Date(facts.until).toISOString(), daily: facts.daily, reason: facts.reason },
      };
    }
    case 'daily-digest': {
      const c = facts.counts;
      const path = '/admin';
      const attention = c.failed > 0;
      return {
        severity: attention ? 'warning' : 'info', path,
        title: {
          es: `Resumen del día: ${c.paymentsReceived} pagos, ${c.failed} con problemas`,
          'pt-BR': `Resumo do dia: ${c.paymentsReceived} pagamentos, ${c.failed} com problemas`,
          en: `Daily digest: ${c.paymentsReceived} payments, ${c.failed} with problems`,
        },
        text: {
          es: `ghl-payments: resumen de las últimas 24 horas (${time(facts.from)} – ${time(facts.to)}). `
            + `Pagos recibidos: ${c.paymentsReceived} (aprobados: ${c.approved}). Acciones hechas en GoHighLevel: ${c.actionsApplied}. Fallidos: ${c.failed}. `
            + `Recuperados por la verificación con MercadoPago: ${c.recovered}. En espera ahora: ${c.waitingNow}. `
            + (attention ? `Qué hacer: revise los fallidos en el panel (${where('/admin/events?status=failed', publicUrl)}) y reinténtelos cuando la causa esté corregida.` : `Todo en orden. Panel: ${where(path, publicUrl)}.`),
          'pt-BR': `ghl-payments: resumo das últimas 24 horas (${time(facts.from)} – ${time(facts.to)}). `
            + `Pagamentos recebidos: ${c.paymentsReceived} (aprovados: ${c.approved}). Ações feitas no GoHighLevel: ${c.actionsApplied}. Falhos: ${c.failed}. `
            + `Recuperados pela conciliação com o MercadoPago: ${c.recovered}. Em espera agora: ${c.waitingNow}. `
            + (attention ? `O que fazer: veja os falhos no painel (${where('/admin/events?status=failed', publicUrl)}) e tente de novo quando a causa estiver corrigida.` : `Tudo certo. Painel: ${where(path, publicUrl)}.`),
          en: `ghl-payments: the last 24 hours (${time(facts.from)} – ${time(facts.to)}). `
            + `Payments received: ${c.paymentsReceived} (approved: ${c.approved}). Actions done in GoHighLevel: ${c.actionsApplied}. Failed: ${c.failed}. `
            + `Recovered by reconciliation with MercadoPago: ${c.recovered}. Waiting now: ${c.waitingNow}. `
            + (attention ? `What to do: look at the failed ones in the dashboard (${where('/admin/events?status=failed', publicUrl)}) and retry them once the cause is fixed.` : `All is well. Dashboard: ${where(path, publicUrl)}.`),
        },
        details: { from: new Date(facts.from).toISOString(), to: new Date(facts.to).toISOString(), ...c },
      };
    }
  }
}

/** "N more like it were held back since …", appended to the first alert sent after the throttle held some back. */
function describeSuppressed(ctx: AlertContext): string {
  const s = ctx.suppressed;
  if (!s || s.count === 0) return '';
  const since = s.since === null ? '' : formatAlertTime(s.since, ctx.language, ctx.timeZone);
  const text: Words = {
    es: ` (${s.count} ${s.count === 1 ? 'alerta igual retenida' : 'alertas iguales retenidas'}${since ? ` desde el ${since}` : ''}: se envía como máximo una por hora)`,
    'pt-BR': ` (${s.count} ${s.count === 1 ? 'alerta igual retido' : 'alertas iguais retidos'}${since ? ` desde ${since}` : ''}: no máximo um por hora é enviado)`,
    en: ` (${s.count} more like it held back${since ? ` since ${since}` : ''}: at most one an hour is sent)`,
  };
  return text[ctx.language];
}

/** Writes the alert for the facts in the context's language: every text redacted, the dashboard link absolute when possible. */
export function buildAlert(facts: AlertFacts, ctx: AlertContext): Alert {
  const message = writeMessage(facts, ctx);
  const lang = ctx.language;
  const suppressed = ctx.suppressed && ctx.suppressed.count > 0 ? { suppressed: ctx.suppressed.count } : {};
  const account = facts.account && facts.account !== 'default' ? facts.account : undefined;
  // an agency reads alerts of many clients: each one names its account first
  const whose = account ? `[${ACCOUNT_WORD[lang]} ${account}] ` : '';
  return {
    kind: facts.kind,
    severity: message.severity,
    title: redactText(whose + message.title[lang], ctx.secrets),
    text: redactText(whose + message.text[lang] + describeSuppressed(ctx), ctx.secrets),
    language: lang,
    occurredAt: new Date(ctx.now).toISOString(),
    dashboardUrl: ctx.publicUrl ? `${ctx.publicUrl}${message.path}` : null,
    details: JSON.parse(redactText(JSON.stringify({ ...message.details, ...suppressed, ...(account ? { account } : {}) }), ctx.secrets)) as Record<string, unknown>,
    ...(account ? { account } : {}),
  };
}
