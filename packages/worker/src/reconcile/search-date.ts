/**
 * A time as MercadoPago's payment search reads `begin_date` / `end_date`: `yyyy-MM-ddTHH:mm:ss.SSS-04:00` (the API
 * reference's error 1001 names the format; its examples, and its own answers, use the -04:00 offset).
 */
export function formatSearchDate(epochMs: number): string {
  return new Date(epochMs - 4 * 3_600_000).toISOString().replace('Z', '-04:00');
}
