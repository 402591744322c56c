const UNITS: Record<string, number> = { b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };

/** Parses `512k`, `20m`, `1g` (an optional `b`/`B` suffix is allowed: `20MB`) or plain bytes into bytes. */
export function parseByteSize(text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([bkmg]?)b?$/i.exec(text.trim());
  if (!match) throw new Error(`"${text}" is not a size (use e.g. 512k, 20m, 1g)`);
  return Math.round(Number(match[1]) * UNITS[(match[2] || 'b').toLowerCase()]);
}

/** Formats bytes as the largest whole-ish unit: `20m`, `1.5g`, `512k`, `300b`. */
export function formatByteSize(bytes: number): string {
  for (const unit of ['g', 'm', 'k'] as const) {
    const size = UNITS[unit];
    if (bytes >= size) return `${Number((bytes / size).toFixed(1))}${unit}`;
  }
  return `${bytes}b`;
}
