import { html } from '../html';
import { renderPage } from '../layout';

/** A plain error page inside the dashboard shell. */
export function renderErrorPage(o: { title: string; message: string; csrfToken?: string; viewer?: string | null }): string {
  const body = html`<section class="panel empty"><h1>${o.title}</h1><p>${o.message}</p><p><a class="button" href="/admin">Back to the overview</a></p></section>`;
  return renderPage({ title: o.title, section: 'none', body, csrfToken: o.csrfToken, viewer: o.viewer });
}
