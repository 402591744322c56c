import { html, SafeHtml } from './html';
import { MESSAGES, MessageKey } from './i18n/catalog';
import type { I18n } from './i18n/translator';

const MESSAGE_KEYS = MESSAGES.en;

type BadgeKind = 'status' | 'outcome' | 'payment' | 'link';

/**
 * A coloured pill for an event status, attempt outcome, payment or link status, in plain words of the page's
 * language (`failed` → "needs attention"); the stored value stays in `data-status` and the tooltip. `shown` picks
 * another word for the same value (a pending event already tried is "retrying").
 */
export function badge(i18n: I18n, value: string | null, kind: BadgeKind = 'status', shown: string = value ?? ''): SafeHtml {
  if (value === null) return html`<span class="muted">—</span>`;
  const tone = /^[a-z_]{1,32}$/.test(shown) ? shown : 'other';
  const key = `${kind === 'status' ? 'status' : kind}.${shown}`;
  const label = key in MESSAGE_KEYS ? i18n.t(key as MessageKey) : shown;
  return html`<span class="badge badge-${kind}-${tone}" data-status="${value}" title="${value}">${label}</span>`;
}

/** A translated text with markup put in at its `{name}` marks (the text itself is escaped). */
export function withMarkup(text: string, parts: Record<string, SafeHtml>): SafeHtml {
  return html`${text.split(/(\{\w+\})/).map((piece) => parts[piece.slice(1, -1)] ?? piece)}`;
}

/** The hidden CSRF field every dashboard form carries. */
export function csrfField(token: string): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${token}">`;
}

/** A query string from the non-empty parameters (leading `?`, or empty). */
export function toQueryString(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** "Showing 1–50 of 1,234" with Previous / Next links that keep the filters. */
export function pagination(i18n: I18n, path: string, params: Record<string, string | undefined>, page: { limit: number; offset: number }, total: number): SafeHtml {
  const first = total === 0 ? 0 : page.offset + 1;
  const last = Math.min(total, page.offset + page.limit);
  const link = (offset: number) => `${path}${toQueryString({ ...params, offset: offset > 0 ? offset : undefined, limit: params.limit })}`;
  const { t } = i18n;
  const prev = page.offset > 0 ? html`<a class="button" rel="prev" href="${link(Math.max(0, page.offset - page.limit))}">${t('page.previous')}</a>`
    : html`<span class="button disabled">${t('page.previous')}</span>`;
  const next = page.offset + page.limit < total ? html`<a class="button" rel="next" href="${link(page.offset + page.limit)}">${t('page.next')}</a>`
    : html`<span class="button disabled">${t('page.next')}</span>`;
  const pages = Math.max(1, Math.ceil(total / page.limit));
  const current = Math.floor(page.offset / page.limit) + 1;
  return html`<nav class="pagination" aria-label="${t('page.pagination')}">
    <span class="muted">${t('page.showing', { first, last, total, current, pages })}</span>
    <span class="pager">${prev}${next}</span>
  </nav>`;
}

/** A `<select>` with the current value selected. */
export function select(name: string, options: ReadonlyArray<readonly [string, string]>, current: string | undefined, label: string): SafeHtml {
  return html`<label class="field"><span>${label}</span><select name="${name}" id="filter-${name}">
    ${options.map(([value, text]) => html`<option value="${value}"${value === (current ?? '') ? html` selected` : ''}>${text}</option>`)}
  </select></label>`;
}

/** A text-like `<input>` with its label. */
export function input(name: string, label: string, value: string | undefined, attrs: { type?: string; placeholder?: string; list?: string } = {}): SafeHtml {
  return html`<label class="field"><span>${label}</span><input type="${attrs.type ?? 'text'}" name="${name}" id="filter-${name}" value="${value ?? ''}"${attrs.placeholder ? html` placeholder="${attrs.placeholder}"` : ''}${attrs.list ? html` list="${attrs.list}"` : ''}></label>`;
}

/** A notice at the top of a page. */
export function notice(kind: 'ok' | 'error' | 'info', text: string | undefined): SafeHtml {
  if (!text) return html``;
  return html`<div class="notice notice-${kind}" role="${kind === 'error' ? 'alert' : 'status'}">${text}</div>`;
}

/** Definition-list rows: label → value (SafeHtml or text). */
export function details(rows: ReadonlyArray<readonly [string, unknown]>): SafeHtml {
  return html`<dl class="details">${rows.map(([label, value]) => html`<dt>${label}</dt><dd>${value === null || value === undefined || value === '' ? html`<span class="muted">—</span>` : value}</dd>`)}</dl>`;
}

/** An account offered by the account filter. */
export interface AccountChoice {
  slug: string;
  name: string;
}

/**
 * The account filter (`account`): every account, `default` (the environment-configured shop) and "all". Nothing when
 * there are no stored accounts (a single-shop install) — and for a viewer, who is given none.
 */
export function accountSelect(i18n: I18n, accounts: readonly AccountChoice[], current: string | undefined): SafeHtml {
  if (accounts.length === 0) return html``;
  const options: Array<readonly [string, string]> = [['', i18n.t('account.all')], ['default', i18n.t('account.default')], ...accounts.map((a) => [a.slug, `${a.slug} · ${a.name}`] as const)];
  if (current && !options.some(([value]) => value === current)) options.push([current, current]);
  return select('account', options, current, i18n.t('account.label'));
}
