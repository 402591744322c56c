import { html, SafeHtml } from '../html';
import type { I18n } from '../i18n/translator';

/** A contact's page in GoHighLevel's app (the sub-account's contact detail). */
export function ghlContactUrl(locationId: string, contactId: string): string {
  return `https://app.gohighlevel.com/v2/location/${encodeURIComponent(locationId)}/contacts/detail/${encodeURIComponent(contactId)}`;
}

/**
 * A link to the contact in GoHighLevel, opened in a new tab without giving it this page (the contact id in its
 * tooltip); the bare id when the account's location is not known; a dash without a contact.
 */
export function contactLink(i18n: I18n, contactId: string | null, locationId: string | null | undefined): SafeHtml {
  if (!contactId) return html`<span class="muted" title="${i18n.t('payments.contact.none')}">—</span>`;
  if (!locationId) return html`<span class="mono muted" title="${i18n.t('payments.contact.noLocation', { contact: contactId })}">${contactId}</span>`;
  return html`<a class="contact-link" href="${ghlContactUrl(locationId, contactId)}" target="_blank" rel="noopener noreferrer" data-contact-id="${contactId}" title="${i18n.t('payments.contact.openTitle', { contact: contactId })}">${i18n.t('payments.contact.open')} ↗</a>`;
}
