import type { Language } from '@ghl-payments/core';
import type { WorkerSummary } from '@ghl-payments/worker';
import { defineMessages } from './define-messages';
import { formatCount, numberFormatter } from './format-number';

/** What a reconciliation sweep found. */
interface SweepCounts {
  checked: number;
  missing: number;
  changed: number;
  queued: number;
  dryRun: boolean;
}

/**
 * The end-of-run summaries of `process-webhooks`, `reconcile`, `purge` and `forget`. Their `key=value` lines are the
 * same in every language (scripts parse them) and are printed by the commands themselves; these are the words around
 * them. A `…Words` text is a line printed just before the `key=value` line: English has none (its key=value line has
 * always been the whole summary, and stays so), Spanish and Portuguese say it in words.
 */
type SummaryMessages = {
  workerWords(c: WorkerSummary): string | null;
  reconcileWords(c: SweepCounts): string | null;
  wouldQueueMissing(f: { id: string; status: string }): string;
  wouldQueueChanged(f: { id: string; status: string; recorded: string | null }): string;
  moreFindings(p: { more: number; listed: number }): string;
  /** `older than 180 days (before 2026-…)`. */
  purgeLimit(p: { days: number | null; hours: number; before: string }): string;
  purgeDryRun(p: { limit: string }): string;
  purgeDone(p: { limit: string }): string;
  forgetNothing(p: { sha256: string }): string;
  forgetErased(p: { sha256: string }): string;
  forgetCompacted: string;
  forgetNotCompacted: string;
  /** What an erasure does not reach: said after every `forget`. */
  erasureLimits: readonly string[];
};

/** `, 2 ignorados`-style parts for the counts that are not zero. */
function listNonZero(parts: Array<[number, string]>): string {
  return parts.filter(([n]) => n > 0).map(([, text]) => `, ${text}`).join('');
}

const esN = numberFormatter('es');
const ptN = numberFormatter('pt-BR');
const count = (language: Language) => (n: number, one: string, other: string) => formatCount(language, n, one, other);
const es = count('es');
const pt = count('pt-BR');

export const summaryMessages = defineMessages<SummaryMessages>({
  en: {
    workerWords: () => null,
    reconcileWords: () => null,
    wouldQueueMissing: (f) => `would queue ${f.id}: missing (${f.status} at MercadoPago, never recorded)`,
    wouldQueueChanged: (f) => `would queue ${f.id}: changed (recorded ${f.recorded ?? 'without a status'}, ${f.status} at MercadoPago)`,
    moreFindings: (p) => `… and ${p.more} more (the first ${p.listed} are listed)`,
    purgeLimit: (p) => `older than ${p.days !== null ? `${p.days} day${p.days === 1 ? '' : 's'}` : `${p.hours} hour${p.hours === 1 ? '' : 's'}`} (before ${p.before})`,
    purgeDryRun: (p) => `dry run, nothing changed: would clear the personal data of finished events and payments ${p.limit}`,
    purgeDone: (p) => `cleared the personal data of finished events and payments ${p.limit}; recorded in the audit log`,
    forgetNothing: (p) => `nothing stored for this address (sha256 ${p.sha256}); the request is recorded in the audit log`,
    forgetErased: (p) => `erased the buyer's personal data (address sha256 ${p.sha256}); recorded in the audit log without the address`,
    forgetCompacted: 'the database files were compacted: the erased values cannot be read back from them',
    forgetNotCompacted: 'the database could not be compacted now (another process was reading): the erased values are unreachable, and their space is overwritten as it is reused',
    erasureLimits: [
      'Not erased by this command:',
      '  - log files written before now (LOG_DIR/webhook*.log) may quote the address in an upstream\'s error: rotate or delete them;',
      '  - backups (ghl-payments backup, pg_dump) keep it until you delete them;',
      '  - MercadoPago and GoHighLevel keep their own records: delete the contact in GoHighLevel yourself if asked to.',
      'A later notification about the buyer (a refund, a new purchase) stores what it needs again.',
    ],
  },
  es: {
    workerWords: (c) => `${es(c.processed, 'evento procesado', 'eventos procesados')}: ${esN(c.success)} con éxito, `
      + `${esN(c.retried)} ${c.retried === 1 ? 'se reintentará' : 'se reintentarán'}, ${esN(c.failed)} ${c.failed === 1 ? 'fallido' : 'fallidos'}`
      + `${listNonZero([[c.ignored, `${esN(c.ignored)} ${c.ignored === 1 ? 'ignorado' : 'ignorados'}`],
        [c.deferred, `${esN(c.deferred)} en espera sin contar como fallo`],
        [c.lost, `${esN(c.lost)} ${c.lost === 1 ? 'quedó' : 'quedaron'} a cargo de otro worker`]])}.`,
    reconcileWords: (c) => (c.dryRun
      ? `Simulación, no se encoló nada: ${es(c.checked, 'pago revisado', 'pagos revisados')} en MercadoPago; `
        + `${esN(c.missing)} nunca ${c.missing === 1 ? 'registrado' : 'registrados'}, ${esN(c.changed)} con otro estado; ${c.queued === 1 ? 'se encolaría' : 'se encolarían'} ${esN(c.queued)}.`
      : `${es(c.checked, 'pago revisado', 'pagos revisados')} en MercadoPago: ${esN(c.missing)} nunca ${c.missing === 1 ? 'registrado' : 'registrados'}, `
        + `${esN(c.changed)} con otro estado; ${es(c.queued, 'encolado', 'encolados')} para procesar.`),
    wouldQueueMissing: (f) => `se encolaría ${f.id}: falta (${f.status} en MercadoPago, nunca registrado)`,
    wouldQueueChanged: (f) => `se encolaría ${f.id}: cambió (registrado ${f.recorded ?? 'sin estado'}, ${f.status} en MercadoPago)`,
    moreFindings: (p) => `… y ${esN(p.more)} más (se listan los primeros ${esN(p.listed)})`,
    purgeLimit: (p) => `de más de ${p.days !== null ? es(p.days, 'día', 'días') : es(p.hours, 'hora', 'horas')} (anteriores a ${p.before})`,
    purgeDryRun: (p) => `simulación, nada cambió: se borrarían los datos personales de los eventos y pagos terminados ${p.limit}`,
    purgeDone: (p) => `se borraron los datos personales de los eventos y pagos terminados ${p.limit}; quedó en el registro de auditoría`,
    forgetNothing: (p) => `no hay nada guardado de esta dirección (sha256 ${p.sha256}); el pedido quedó en el registro de auditoría`,
    forgetErased: (p) => `se borraron los datos personales del comprador (dirección sha256 ${p.sha256}); quedó en el registro de auditoría, sin la dirección`,
    forgetCompacted: 'los archivos de la base de datos se compactaron: los valores borrados ya no se pueden leer en ellos',
    forgetNotCompacted: 'la base de datos no se pudo compactar ahora (otro proceso estaba leyendo): los valores borrados son inaccesibles y su espacio se sobrescribe a medida que se reutiliza',
    erasureLimits: [
      'Lo que este comando no borra:',
      '  - los archivos de log escritos hasta ahora (LOG_DIR/webhook*.log) pueden citar la dirección en un error de MercadoPago o GoHighLevel: rótelos o bórrelos;',
      '  - las copias de seguridad (ghl-payments backup, pg_dump) la conservan hasta que usted las borre;',
      '  - MercadoPago y GoHighLevel guardan sus propios datos: si se lo piden, borre usted el contacto en GoHighLevel.',
      'Un aviso posterior sobre el comprador (un reembolso, una compra nueva) vuelve a guardar lo que necesita.',
    ],
  },
  'pt-BR': {
    workerWords: (c) => `${pt(c.processed, 'evento processado', 'eventos processados')}: ${ptN(c.success)} com sucesso, `
      + `${ptN(c.retried)} ${c.retried === 1 ? 'será tentado' : 'serão tentados'} de novo, ${ptN(c.failed)} com falha`
      + `${listNonZero([[c.ignored, `${ptN(c.ignored)} ${c.ignored === 1 ? 'ignorado' : 'ignorados'}`],
        [c.deferred, `${ptN(c.deferred)} em espera sem contar como falha`],
        [c.lost, `${ptN(c.lost)} ${c.lost === 1 ? 'ficou' : 'ficaram'} com outro worker`]])}.`,
    reconcileWords: (c) => (c.dryRun
      ? `Simulação, nada foi enfileirado: ${pt(c.checked, 'pagamento verificado', 'pagamentos verificados')} no MercadoPago; `
        + `${ptN(c.missing)} nunca ${c.missing === 1 ? 'registrado' : 'registrados'}, ${ptN(c.changed)} com outro status; ${c.queued === 1 ? 'seria enfileirado' : 'seriam enfileirados'} ${ptN(c.queued)}.`
      : `${pt(c.checked, 'pagamento verificado', 'pagamentos verificados')} no MercadoPago: ${ptN(c.missing)} nunca ${c.missing === 1 ? 'registrado' : 'registrados'}, `
        + `${ptN(c.changed)} com outro status; ${pt(c.queued, 'enfileirado', 'enfileirados')} para processar.`),
    wouldQueueMissing: (f) => `seria enfileirado ${f.id}: ausente (${f.status} no MercadoPago, nunca registrado)`,
    wouldQueueChanged: (f) => `seria enfileirado ${f.id}: mudou (registrado ${f.recorded ?? 'sem status'}, ${f.status} no MercadoPago)`,
    moreFindings: (p) => `… e mais ${ptN(p.more)} (os primeiros ${ptN(p.listed)} estão listados)`,
    purgeLimit: (p) => `com mais de ${p.days !== null ? pt(p.days, 'dia', 'dias') : pt(p.hours, 'hora', 'horas')} (anteriores a ${p.before})`,
    purgeDryRun: (p) => `simulação, nada mudou: seriam apagados os dados pessoais dos eventos e pagamentos finalizados ${p.limit}`,
    purgeDone: (p) => `dados pessoais dos eventos e pagamentos finalizados ${p.limit} apagados; registrado no log de auditoria`,
    forgetNothing: (p) => `nada armazenado para este endereço (sha256 ${p.sha256}); o pedido foi registrado no log de auditoria`,
    forgetErased: (p) => `dados pessoais do comprador apagados (endereço sha256 ${p.sha256}); registrado no log de auditoria, sem o endereço`,
    forgetCompacted: 'os arquivos do banco de dados foram compactados: os valores apagados não podem mais ser lidos neles',
    forgetNotCompacted: 'o banco de dados não pôde ser compactado agora (outro processo estava lendo): os valores apagados estão inacessíveis e seu espaço é sobrescrito à medida que é reutilizado',
    erasureLimits: [
      'O que este comando não apaga:',
      '  - os arquivos de log escritos até agora (LOG_DIR/webhook*.log) podem citar o endereço em um erro do MercadoPago ou do GoHighLevel: rotacione-os ou apague-os;',
      '  - os backups (ghl-payments backup, pg_dump) o mantêm até você apagá-los;',
      '  - o MercadoPago e o GoHighLevel guardam seus próprios registros: se pedirem, apague você mesmo o contato no GoHighLevel.',
      'Um aviso posterior sobre o comprador (um reembolso, uma nova compra) volta a guardar o que precisa.',
    ],
  },
});
