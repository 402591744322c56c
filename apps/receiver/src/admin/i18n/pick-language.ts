import type { Request, Response } from 'express';
import { Language, matchLanguage } from '@ghl-payments/core';
import { readCookie } from '../../auth/read-cookie';

/** The cookie that remembers a browser's choice from the language switch. */
export const LANGUAGE_COOKIE = 'ghlp_lang';
const ONE_YEAR_S = 365 * 24 * 3600;

/** The first of ours in an Accept-Language header, by its q weights (`pt-BR,pt;q=0.9,en;q=0.8` → pt-BR); null for none. */
export function languageFromAcceptLanguage(header: string | undefined): Language | null {
  if (!header) return null;
  const ranked = header.split(',').slice(0, 20).map((part, index) => {
    const [tag, ...params] = part.trim().split(';');
    const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    return { tag, q: q === undefined ? 1 : Number(q), index };
  }).filter((r) => r.q > 0).sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { tag } of ranked) {
    const language = matchLanguage(tag);
    if (language) return language;
  }
  return null;
}

/** The page's language: the browser's choice on the switch, else its Accept-Language, else UI_LANGUAGE, else Spanish. */
export function pickLanguage(req: Request, fallback: Language | undefined): Language {
  const chosen = readCookie(req, LANGUAGE_COOKIE);
  return (chosen ? matchLanguage(chosen) : null) ?? languageFromAcceptLanguage(req.headers['accept-language']) ?? fallback ?? 'es';
}

/** Remembers the browser's choice for a year. */
export function rememberLanguage(req: Request, res: Response, language: Language): void {
  res.append('Set-Cookie', `${LANGUAGE_COOKIE}=${language}; Path=/admin; HttpOnly; SameSite=Lax; Max-Age=${ONE_YEAR_S}${req.secure ? '; Secure' : ''}`);
}
