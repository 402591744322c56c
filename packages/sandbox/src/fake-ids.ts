/** MercadoPago ids are integers: a digit string that fits safely becomes a number, anything else stays a string. */
export function toMercadoPagoId(id: number | string): number | string {
  if (typeof id === 'number') return id;
  return /^\d{1,15}$/.test(id) ? Number(id) : id;
}

/** A stable positive integer below 10^9 derived from text (FNV-1a), for realistic related ids. */
export function numberFromText(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % 1_000_000_000;
}
