const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Parses `500ms`, `30s`, `1m`, `2h`, `1d` (or a plain `0`) into milliseconds; throws on anything else. */
export function parseDuration(text: string): number {
  const trimmed = text.trim();
  if (trimmed === '0') return 0;
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)$/i.exec(trimmed);
  if (!match) throw new Error(`"${text}" is not a duration (use e.g. 500ms, 30s, 1m, 2h, 1d)`);
  return Math.round(Number(match[1]) * UNITS[match[2].toLowerCase()]);
}

/** Parses a comma-separated list of durations. */
export function parseDurationList(text: string): number[] {
  if (text.trim() === '') return [];
  return text.split(',').map((part) => parseDuration(part));
}

/** Formats milliseconds as the shortest readable duration (`1m`, `1500ms`, `2h`). */
export function formatDuration(ms: number): string {
  for (const [unit, size] of [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000], ['s', 1000]] as const) {
    if (ms >= size && ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
}
