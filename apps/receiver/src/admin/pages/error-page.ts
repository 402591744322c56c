import { html } from '../html';
import type { I18n } from '../i18n/translator';
import { renderPage } from '../layout';

/** A plain error page inside the dashboard shell. */
export function renderErrorPage(o: { i18n: I18n; title: string; message: string; csrfToken?: string; viewer?: string | null }): string {
  const body = html`<section class="panel empty"><h1>${o.title}</h1><p>${o.message}</p><p><a class="button" href="/admin">${o.i18n.t('common.back')}</a></p></section>`;
  return renderPage({ i18n: o.i18n, title: o.title, section: 'none', body, csrfToken: o.csrfToken, viewer: o.viewer });
}
