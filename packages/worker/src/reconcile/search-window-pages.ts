import type { MercadoPagoClient, MpPayment } from '@ghl-payments/pipeline';
import { formatSearchDate } from './search-date';

/**
 * MercadoPago's payment search limits (guide "Received payments management": `limit` at most 50, `offset` at most
 * 10000). A window whose total cannot be reached within them is split in two by time and each half searched alone.
 */
export const SEARCH_PAGE_SIZE = 50;
export const SEARCH_OFFSET_CEILING = 10_000;

/** Epoch ms, both ends included (MercadoPago's dates carry milliseconds). */
export interface TimeWindow {
  start: number;
  end: number;
}

export interface WindowSearch {
  mercadopago: Pick<MercadoPagoClient, 'searchPayments'>;
  window: TimeWindow;
  pageSize?: number;
  offsetCeiling?: number;
  /** Asked before every call: false stops the search (shutdown, lost lease). */
  mayContinue?: () => Promise<boolean>;
  /** Counts every MercadoPago call (one per page, the probes of windows that were then split included). */
  onCall?: () => void;
  /** A window of one millisecond holds more payments than the limits reach: only its first ones are read. */
  onUnreachable?: (window: TimeWindow, total: number) => void;
}

/**
 * The payments MercadoPago last updated within the window, a page at a time, oldest update first (sorted and ranged by
 * date_last_updated). One call per page; a window with more payments than `offsetCeiling + pageSize` is split in
 * halves, earlier half first, so every payment is reached.
 */
export async function* searchWindowPages(search: WindowSearch): AsyncGenerator<MpPayment[]> {
  const pageSize = search.pageSize ?? SEARCH_PAGE_SIZE;
  const ceiling = search.offsetCeiling ?? SEARCH_OFFSET_CEILING;
  const windows: TimeWindow[] = [search.window];
  while (windows.length > 0) {
    const window = windows.pop()!;
    let total = Infinity;
    for (let offset = 0; offset < total && offset <= ceiling;) {
      if (search.mayContinue && !(await search.mayContinue())) return;
      search.onCall?.();
      const page = await search.mercadopago.searchPayments({
        sort: 'date_last_updated', criteria: 'asc', range: 'date_last_updated',
        beginDate: formatSearchDate(window.start), endDate: formatSearchDate(window.end), limit: pageSize, offset,
      });
      total = page.paging.total;
      if (offset === 0 && total > ceiling + pageSize) {
        if (window.end > window.start) {
          const middle = window.start + Math.floor((window.end - window.start) / 2);
          windows.push({ start: middle + 1, end: window.end }, { start: window.start, end: middle });
          break;
        }
        search.onUnreachable?.(window, total);
      }
      if (page.results.length === 0) break;
      yield page.results;
      offset += page.results.length;
    }
  }
}
