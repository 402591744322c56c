/** MercadoPago's timestamp format, in the -04:00 offset its API answers with: `2025-03-20T17:20:38.683-04:00`. */
export function formatMercadoPagoDate(epochMs: number): string {
  return new Date(epochMs - 4 * 3_600_000).toISOString().replace('Z', '-04:00');
}
