import { defineMessages } from './define-messages';
import { formatCount } from './format-number';

/**
 * `doctor`'s verdict (its closing line). The checks themselves (`✓ database migrated …`) stay in English: they quote
 * variables, upstream answers and commands, and are read with the docs at hand.
 */
type DoctorMessages = {
  allPassed: string;
  /** `All checks passed; 2 warnings (!) worth a look.` */
  passedWithWarnings(p: { warnings: number }): string;
  /** Problems and warnings counted apart: "2 problems (3 warnings)" read as if the warnings were among the problems. */
  problems(p: { failures: number; warnings: number }): string;
};

const warnedEn = (n: number) => `${n} warning${n === 1 ? '' : 's'} (!) worth a look`;
const warnedEs = (n: number) => `${formatCount('es', n, 'advertencia', 'advertencias')} (!) para revisar`;
const warnedPt = (n: number) => `${formatCount('pt-BR', n, 'aviso', 'avisos')} (!) para verificar`;

export const doctorMessages = defineMessages<DoctorMessages>({
  en: {
    allPassed: 'All checks passed.',
    passedWithWarnings: (p) => `All checks passed; ${warnedEn(p.warnings)}.`,
    problems: (p) => `${p.failures} problem${p.failures > 1 ? 's' : ''} to fix (✗)${p.warnings ? ` and ${warnedEn(p.warnings)}` : ''}: `
      + 'fix the ✗ lines above, then run `ghl-payments doctor` again.',
  },
  es: {
    allPassed: 'Todas las comprobaciones pasaron.',
    passedWithWarnings: (p) => `Todas las comprobaciones pasaron; ${warnedEs(p.warnings)}.`,
    problems: (p) => `${formatCount('es', p.failures, 'problema', 'problemas')} para corregir (✗)${p.warnings ? ` y ${warnedEs(p.warnings)}` : ''}: `
      + 'corrija las líneas ✗ de arriba y vuelva a ejecutar `ghl-payments doctor`.',
  },
  'pt-BR': {
    allPassed: 'Todas as verificações passaram.',
    passedWithWarnings: (p) => `Todas as verificações passaram; ${warnedPt(p.warnings)}.`,
    problems: (p) => `${formatCount('pt-BR', p.failures, 'problema', 'problemas')} para corrigir (✗)${p.warnings ? ` e ${warnedPt(p.warnings)}` : ''}: `
      + 'corrija as linhas ✗ acima e execute `ghl-payments doctor` de novo.',
  },
});
