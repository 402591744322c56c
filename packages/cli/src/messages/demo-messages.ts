import { defineMessages } from './define-messages';
import { formatCount, numberFormatter } from './format-number';

/** Where the demo's events stand: a final status, or a stage on the way. */
export type DemoStage = 'success' | 'failed' | 'ignored' | 'processing' | 'retrying' | 'waiting';

/**
 * Everything `ghl-payments demo` prints to explain itself: its steps, the notifications it sends, the progress line,
 * the final summary and what to try next. Commands, URLs, tag names and upstream error texts are quoted as they are.
 */
export type DemoMessages = {
  intro: readonly string[];
  alreadyRunning(p: { dir: string; pid: number | null; startedAt: string | null }): string;
  sandboxes(p: { mp: string; ghl: string }): string;
  running(p: { url: string; receiverPid: number; workerPid: number; database: string }): string;
  sending: string;
  sent(p: { label: string; id: number }): string;
  duplicate(p: { label: string; id: number }): string;
  /** A stage (its name as a heading, plural) with its count, in the progress line: `fallidos 1`. */
  stage(p: { stage: DemoStage; n: number }): string;
  /** A final status's count in the summary: `8 success`. */
  finalCount(p: { stage: DemoStage; n: number }): string;
  progress(p: { done: number; total: number; bar: string; parts: string }): string;
  duplicates(p: { n: number }): string;
  outcome(p: { mark: string; total: number; seconds: number; counts: string; duplicates: number }): string;
  ghlSummary(p: { additions: number; contacts: number; tags: string; removals: number }): string;
  failedOnPurpose(p: { id: number; error: string | null }): string;
  surprise(p: { id: number; label: string; status: string; expected: string }): string;
  whatNextTitle: string;
  dashboardLabel: string;
  apiLabel: string;
  oneMoreLabel: string;
  eventsLabel: string;
  logsLabel: string;
  signInHint(p: { command: string }): string;
  pressCtrlC: string;
  stoppedCleanly: string;
  processDied: string;
  stoppedEarly: string;
  stopFirst(p: { signal: string }): string;
  stopAgain(p: { signal: string }): string;
  demoFailed(p: { error: string }): string;
  notFinalInTime(p: { open: string }): string;
  eventNotFinalInTime(p: { id: number }): string;
  // the notifications of the mix (demo-scenarios.ts)
  approved(p: { id: number; buyer: string }): string;
  redelivered(p: { retry: number }): string;
  failsTwice(p: { id: number; buyer: string }): string;
  unknownPayment(p: { id: number }): string;
  rejected(p: { id: number; buyer: string }): string;
  ipn(p: { id: number; buyer: string }): string;
  merchantOrder(p: { order: number; first: number; second: number; buyer: string }): string;
  pending(p: { id: number; buyer: string }): string;
  nowApproved(p: { id: number }): string;
  refunded(p: { id: number }): string;
  linkCreated(p: { id: number; contact: string; buyer: string; url: string | null }): string;
  linkPaid(p: { paymentId: string; linkId: number }): string;
  linkState(p: { linkId: number; state: string | undefined; contact: string }): string;
};

const EN_STAGES: Record<DemoStage, string> = { success: 'success', failed: 'failed', ignored: 'ignored', processing: 'processing', retrying: 'retrying', waiting: 'waiting' };
const ES_STAGES: Record<DemoStage, [string, string]> = {
  success: ['con éxito', 'con éxito'], failed: ['fallido', 'fallidos'], ignored: ['ignorado', 'ignorados'],
  processing: ['en proceso', 'en proceso'], retrying: ['reintentando', 'reintentando'], waiting: ['esperando', 'esperando'],
};
const PT_STAGES: Record<DemoStage, [string, string]> = {
  success: ['com sucesso', 'com sucesso'], failed: ['com falha', 'com falha'], ignored: ['ignorado', 'ignorados'],
  processing: ['em processamento', 'em processamento'], retrying: ['tentando de novo', 'tentando de novo'], waiting: ['aguardando', 'aguardando'],
};
/** A payment link's stored state (created, paid, expired) in words. */
const ES_LINK_STATES: Record<string, string> = { created: 'creado', paid: 'pagado', expired: 'vencido' };
const PT_LINK_STATES: Record<string, string> = { created: 'criado', paid: 'pago', expired: 'expirado' };

/** A status in words (singular), or as stored when it is none of the stages. */
const word = (stages: Record<DemoStage, [string, string]>, status: string): string => stages[status as DemoStage]?.[0] ?? status;

const esN = numberFormatter('es');
const ptN = numberFormatter('pt-BR');

export const demoMessages = defineMessages<DemoMessages>({
  en: {
    intro: [
      'ghl-payments demo: sandbox MercadoPago and GoHighLevel on this machine, the receiver and a worker as two processes.',
      'No account is needed and nothing leaves this machine; your own .env and database are not used.',
    ],
    alreadyRunning: (p) => `another demo is already running with ${p.dir} (${p.pid !== null ? `pid ${p.pid}, started ${p.startedAt}` : 'starting just now'}): `
      + `stop it first (Ctrl-C in its terminal), or run this one with its own folder: npx ghl-payments demo --data-dir ${p.dir}-2`,
    sandboxes: (p) => `Sandbox MercadoPago ${p.mp}, sandbox GoHighLevel ${p.ghl}`,
    running: (p) => `Receiver ${p.url} (pid ${p.receiverPid}) and worker (pid ${p.workerPid}) running on ${p.database}`,
    sending: 'Sending notifications:',
    sent: (p) => `  → ${p.label}: event #${p.id}`,
    duplicate: (p) => `  → ${p.label}: recognised as a duplicate of event #${p.id}`,
    stage: (p) => `${EN_STAGES[p.stage]} ${p.n}`,
    finalCount: (p) => `${p.n} ${EN_STAGES[p.stage]}`,
    progress: (p) => `events ${p.done}/${p.total} done ${p.bar}  ${p.parts}`,
    duplicates: (p) => `duplicates ${p.n}`,
    outcome: (p) => `${p.mark} All ${p.total} events reached a final state in ${p.seconds.toFixed(1)} s: ${p.counts}; ${p.duplicates} redeliveries answered as duplicates.`,
    ghlSummary: (p) => `  GoHighLevel sandbox: ${p.additions} tag additions on ${p.contacts} contacts (${p.tags}), ${p.removals} tag removals (the default rules, docs/rules.md).`,
    failedOnPurpose: (p) => `  Event #${p.id} failed on purpose: ${p.error ?? 'no error recorded'}`,
    surprise: (p) => `  ✗ event #${p.id} (${p.label}) ended ${p.status}, expected ${p.expected}`,
    whatNextTitle: 'Everything keeps running so you can look around:',
    dashboardLabel: 'Dashboard',
    apiLabel: 'REST API',
    oneMoreLabel: 'One more',
    eventsLabel: 'Events',
    logsLabel: 'Logs',
    signInHint: (p) => `(signs you in once, within 10 minutes; later: ${p.command})`,
    pressCtrlC: 'Press Ctrl-C to stop everything.',
    stoppedCleanly: 'Stopped: the receiver and the worker finished cleanly.',
    processDied: 'The demo stopped because a process died (its last lines are above).',
    stoppedEarly: 'Stopped before the end.',
    stopFirst: (p) => `${p.signal} received: stopping (the receiver and the worker finish what they are doing); press Ctrl-C again to stop at once`,
    stopAgain: (p) => `${p.signal} received again: stopping at once; work in flight is picked up again at the next start`,
    demoFailed: (p) => `demo failed: ${p.error}`,
    notFinalInTime: (p) => `not every event reached a final state in time: ${p.open}`,
    eventNotFinalInTime: (p) => `event #${p.id} did not reach a final state in time`,
    approved: (p) => `approved payment ${p.id} (${p.buyer})`,
    redelivered: (p) => `MercadoPago redelivers it (x-retry: ${p.retry})`,
    failsTwice: (p) => `approved payment ${p.id} (${p.buyer}): MercadoPago answers 503 twice, the worker retries`,
    unknownPayment: (p) => `payment ${p.id} of another account: MercadoPago answers 404, the event fails for good`,
    rejected: (p) => `rejected payment ${p.id} (${p.buyer}): no contact known (MercadoPago gives the email only on approval): ignored, with the reason`,
    ipn: (p) => `IPN ?topic=payment&id=${p.id} (${p.buyer}), unsigned like every IPN`,
    merchantOrder: (p) => `merchant order ${p.order} with payments ${p.first} and ${p.second} (${p.buyer})`,
    pending: (p) => `pending payment ${p.id} (${p.buyer}, cash voucher): recorded; no contact known before approval, so ignored for now`,
    nowApproved: (p) => `the same payment ${p.id} is now approved: pago-aprobado added, pago-pendiente removed`,
    refunded: (p) => `the same payment ${p.id} is refunded: pago-aprobado taken away, pago-reembolsado added`,
    linkCreated: (p) => `  → payment link #${p.id} for GoHighLevel contact ${p.contact} (${p.buyer}): ${p.url}`,
    linkPaid: (p) => `payment ${p.paymentId} of payment link #${p.linkId}: the contact comes from the link, not from the email`,
    linkState: (p) => `  → payment link #${p.linkId} → ${p.state ?? 'unknown'} → pago-aprobado on ${p.contact}`,
  },
  es: {
    intro: [
      'ghl-payments demo: MercadoPago y GoHighLevel de prueba en esta máquina, el receptor y un worker como dos procesos.',
      'No hace falta ninguna cuenta y nada sale de esta máquina; no se usan su .env ni su base de datos.',
    ],
    alreadyRunning: (p) => `ya hay otra demo en marcha con ${p.dir} (${p.pid !== null ? `pid ${p.pid}, iniciada ${p.startedAt}` : 'iniciándose ahora mismo'}): `
      + `deténgala primero (Ctrl-C en su terminal) o ejecute esta con su propia carpeta: npx ghl-payments demo --data-dir ${p.dir}-2`,
    sandboxes: (p) => `MercadoPago de prueba ${p.mp}, GoHighLevel de prueba ${p.ghl}`,
    running: (p) => `Receptor ${p.url} (pid ${p.receiverPid}) y worker (pid ${p.workerPid}) en marcha sobre ${p.database}`,
    sending: 'Enviando avisos:',
    sent: (p) => `  → ${p.label}: evento #${p.id}`,
    duplicate: (p) => `  → ${p.label}: reconocido como duplicado del evento #${p.id}`,
    stage: (p) => `${ES_STAGES[p.stage][1]} ${esN(p.n)}`,
    finalCount: (p) => `${esN(p.n)} ${ES_STAGES[p.stage][p.n === 1 ? 0 : 1]}`,
    progress: (p) => `eventos ${esN(p.done)}/${esN(p.total)} terminados ${p.bar}  ${p.parts}`,
    duplicates: (p) => `duplicados ${esN(p.n)}`,
    outcome: (p) => `${p.mark} Los ${esN(p.total)} eventos llegaron a un estado final en ${esN(p.seconds, 1)} s: ${p.counts}; `
      + `${formatCount('es', p.duplicates, 'reenvío respondido', 'reenvíos respondidos')} como duplicado.`,
    ghlSummary: (p) => `  GoHighLevel de prueba: ${formatCount('es', p.additions, 'etiqueta agregada', 'etiquetas agregadas')} en ${formatCount('es', p.contacts, 'contacto', 'contactos')} (${p.tags}), `
      + `${formatCount('es', p.removals, 'etiqueta quitada', 'etiquetas quitadas')} (las reglas predeterminadas, docs/rules.md).`,
    failedOnPurpose: (p) => `  El evento #${p.id} falló a propósito: ${p.error ?? 'no se registró ningún error'}`,
    surprise: (p) => `  ✗ el evento #${p.id} (${p.label}) terminó ${word(ES_STAGES, p.status)}, se esperaba ${word(ES_STAGES, p.expected)}`,
    whatNextTitle: 'Todo sigue en marcha para que pueda explorar:',
    dashboardLabel: 'Panel',
    apiLabel: 'API REST',
    oneMoreLabel: 'Uno más',
    eventsLabel: 'Eventos',
    logsLabel: 'Logs',
    signInHint: (p) => `(inicia su sesión una sola vez, dentro de 10 minutos; después: ${p.command})`,
    pressCtrlC: 'Presione Ctrl-C para detener todo.',
    stoppedCleanly: 'Detenido: el receptor y el worker terminaron correctamente.',
    processDied: 'La demo se detuvo porque un proceso terminó inesperadamente (sus últimas líneas están arriba).',
    stoppedEarly: 'Detenida antes del final.',
    stopFirst: (p) => `${p.signal} recibido: deteniendo (el receptor y el worker terminan lo que están haciendo); presione Ctrl-C otra vez para detener de inmediato`,
    stopAgain: (p) => `${p.signal} recibido otra vez: deteniendo de inmediato; lo que estaba en curso se retoma en el próximo inicio`,
    demoFailed: (p) => `la demo falló: ${p.error}`,
    notFinalInTime: (p) => `no todos los eventos llegaron a un estado final a tiempo: ${p.open}`,
    eventNotFinalInTime: (p) => `el evento #${p.id} no llegó a un estado final a tiempo`,
    approved: (p) => `pago aprobado ${p.id} (${p.buyer})`,
    redelivered: (p) => `MercadoPago lo vuelve a enviar (x-retry: ${p.retry})`,
    failsTwice: (p) => `pago aprobado ${p.id} (${p.buyer}): MercadoPago responde 503 dos veces y el worker reintenta`,
    unknownPayment: (p) => `pago ${p.id} de otra cuenta: MercadoPago responde 404 y el evento falla definitivamente`,
    rejected: (p) => `pago rechazado ${p.id} (${p.buyer}): no se conoce ningún contacto (MercadoPago da el email solo al aprobarse): ignorado, con el motivo`,
    ipn: (p) => `IPN ?topic=payment&id=${p.id} (${p.buyer}), sin firma como toda IPN`,
    merchantOrder: (p) => `orden de compra ${p.order} con los pagos ${p.first} y ${p.second} (${p.buyer})`,
    pending: (p) => `pago pendiente ${p.id} (${p.buyer}, cupón en efectivo): registrado; sin contacto conocido antes de la aprobación, ignorado por ahora`,
    nowApproved: (p) => `el mismo pago ${p.id} ahora está aprobado: se agrega pago-aprobado y se quita pago-pendiente`,
    refunded: (p) => `el mismo pago ${p.id} se reembolsa: se quita pago-aprobado y se agrega pago-reembolsado`,
    linkCreated: (p) => `  → link de pago #${p.id} para el contacto de GoHighLevel ${p.contact} (${p.buyer}): ${p.url}`,
    linkPaid: (p) => `pago ${p.paymentId} del link de pago #${p.linkId}: el contacto sale del link, no del email`,
    linkState: (p) => `  → link de pago #${p.linkId} → ${p.state ? ES_LINK_STATES[p.state] ?? p.state : 'desconocido'} → pago-aprobado en ${p.contact}`,
  },
  'pt-BR': {
    intro: [
      'ghl-payments demo: MercadoPago e GoHighLevel de teste nesta máquina, o receptor e um worker como dois processos.',
      'Nenhuma conta é necessária e nada sai desta máquina; o seu .env e o seu banco de dados não são usados.',
    ],
    alreadyRunning: (p) => `já há outra demo rodando com ${p.dir} (${p.pid !== null ? `pid ${p.pid}, iniciada ${p.startedAt}` : 'iniciando agora mesmo'}): `
      + `pare-a primeiro (Ctrl-C no terminal dela) ou rode esta com a própria pasta: npx ghl-payments demo --data-dir ${p.dir}-2`,
    sandboxes: (p) => `MercadoPago de teste ${p.mp}, GoHighLevel de teste ${p.ghl}`,
    running: (p) => `Receptor ${p.url} (pid ${p.receiverPid}) e worker (pid ${p.workerPid}) rodando sobre ${p.database}`,
    sending: 'Enviando avisos:',
    sent: (p) => `  → ${p.label}: evento #${p.id}`,
    duplicate: (p) => `  → ${p.label}: reconhecido como duplicado do evento #${p.id}`,
    stage: (p) => `${PT_STAGES[p.stage][1]} ${ptN(p.n)}`,
    finalCount: (p) => `${ptN(p.n)} ${PT_STAGES[p.stage][p.n === 1 ? 0 : 1]}`,
    progress: (p) => `eventos ${ptN(p.done)}/${ptN(p.total)} concluídos ${p.bar}  ${p.parts}`,
    duplicates: (p) => `duplicados ${ptN(p.n)}`,
    outcome: (p) => `${p.mark} Os ${ptN(p.total)} eventos chegaram a um estado final em ${ptN(p.seconds, 1)} s: ${p.counts}; `
      + `${formatCount('pt-BR', p.duplicates, 'reenvio respondido', 'reenvios respondidos')} como duplicado.`,
    ghlSummary: (p) => `  GoHighLevel de teste: ${formatCount('pt-BR', p.additions, 'tag adicionada', 'tags adicionadas')} em ${formatCount('pt-BR', p.contacts, 'contato', 'contatos')} (${p.tags}), `
      + `${formatCount('pt-BR', p.removals, 'tag removida', 'tags removidas')} (as regras padrão, docs/rules.md).`,
    failedOnPurpose: (p) => `  O evento #${p.id} falhou de propósito: ${p.error ?? 'nenhum erro registrado'}`,
    surprise: (p) => `  ✗ o evento #${p.id} (${p.label}) terminou ${word(PT_STAGES, p.status)}, esperava-se ${word(PT_STAGES, p.expected)}`,
    whatNextTitle: 'Tudo continua rodando para você explorar:',
    dashboardLabel: 'Painel',
    apiLabel: 'API REST',
    oneMoreLabel: 'Mais um',
    eventsLabel: 'Eventos',
    logsLabel: 'Logs',
    signInHint: (p) => `(entra uma única vez, em até 10 minutos; depois: ${p.command})`,
    pressCtrlC: 'Pressione Ctrl-C para parar tudo.',
    stoppedCleanly: 'Parado: o receptor e o worker terminaram corretamente.',
    processDied: 'A demo parou porque um processo terminou inesperadamente (suas últimas linhas estão acima).',
    stoppedEarly: 'Parada antes do fim.',
    stopFirst: (p) => `${p.signal} recebido: parando (o receptor e o worker terminam o que estão fazendo); pressione Ctrl-C de novo para parar na hora`,
    stopAgain: (p) => `${p.signal} recebido de novo: parando na hora; o que estava em andamento é retomado no próximo início`,
    demoFailed: (p) => `a demo falhou: ${p.error}`,
    notFinalInTime: (p) => `nem todos os eventos chegaram a um estado final a tempo: ${p.open}`,
    eventNotFinalInTime: (p) => `o evento #${p.id} não chegou a um estado final a tempo`,
    approved: (p) => `pagamento aprovado ${p.id} (${p.buyer})`,
    redelivered: (p) => `o MercadoPago o reenvia (x-retry: ${p.retry})`,
    failsTwice: (p) => `pagamento aprovado ${p.id} (${p.buyer}): o MercadoPago responde 503 duas vezes e o worker tenta de novo`,
    unknownPayment: (p) => `pagamento ${p.id} de outra conta: o MercadoPago responde 404 e o evento falha de vez`,
    rejected: (p) => `pagamento recusado ${p.id} (${p.buyer}): nenhum contato conhecido (o MercadoPago só dá o email na aprovação): ignorado, com o motivo`,
    ipn: (p) => `IPN ?topic=payment&id=${p.id} (${p.buyer}), sem assinatura como toda IPN`,
    merchantOrder: (p) => `pedido ${p.order} com os pagamentos ${p.first} e ${p.second} (${p.buyer})`,
    pending: (p) => `pagamento pendente ${p.id} (${p.buyer}, boleto): registrado; sem contato conhecido antes da aprovação, ignorado por enquanto`,
    nowApproved: (p) => `o mesmo pagamento ${p.id} agora está aprovado: pago-aprobado adicionada, pago-pendiente removida`,
    refunded: (p) => `o mesmo pagamento ${p.id} é reembolsado: pago-aprobado retirada, pago-reembolsado adicionada`,
    linkCreated: (p) => `  → link de pagamento #${p.id} para o contato do GoHighLevel ${p.contact} (${p.buyer}): ${p.url}`,
    linkPaid: (p) => `pagamento ${p.paymentId} do link de pagamento #${p.linkId}: o contato vem do link, não do email`,
    linkState: (p) => `  → link de pagamento #${p.linkId} → ${p.state ? PT_LINK_STATES[p.state] ?? p.state : 'desconhecido'} → pago-aprobado em ${p.contact}`,
  },
});
