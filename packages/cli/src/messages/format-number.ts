import { Language, localeOf } from '@ghl-payments/core';

/** A number as the language writes it (`1.234,5` in Spanish, `1,234.5` in English); `fractionDigits` fixes the decimals. */
export function formatNumber(language: Language, value: number, fractionDigits?: number): string {
  const digits = fractionDigits === undefined ? {} : { minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits };
  return new Intl.NumberFormat(localeOf(language), digits).format(value);
}

/** The number formatter of one language, for message modules: `n(1234)` → `1.234`. */
export function numberFormatter(language: Language): (value: number, fractionDigits?: number) => string {
  return (value, fractionDigits) => formatNumber(language, value, fractionDigits);
}

/** `1 evento` / `1.234 eventos`: the number in the language's format with the noun matching it. */
export function formatCount(language: Language, value: number, one: string, other: string): string {
  return `${formatNumber(language, value)} ${value === 1 ? one : other}`;
}
