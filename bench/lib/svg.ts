import type { ChartSpec } from './context';

const COLORS = ['#1f77b4', '#2ca02c', '#ff7f0e', '#9467bd', '#17becf', '#d62728'];

/** The same thing keeps the same colour across charts: baselines grey, SQLite blue, PostgreSQL green. */
function colorFor(name: string, index: number): string {
  if (/bare|ideal/i.test(name)) return '#8c8c8c';
  if (/SYNCHRONOUS/.test(name)) return '#ff7f0e';
  if (/SQLite/.test(name)) return '#1f77b4';
  if (/PostgreSQL/.test(name)) return '#2ca02c';
  if (/^p99/.test(name)) return '#d62728';
  return COLORS[index % COLORS.length];
}
const CHART_W = 560;
const CHART_H = 320;
const COLUMNS = 2;

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** 1, 2 or 5 × a power of ten, at least `value`. */
function niceMax(value: number): number {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 4, 6, 8, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

function label(value: number): string {
  if (value >= 10_000) return `${Math.round(value / 1000)}k`;
  if (value >= 100) return String(Math.round(value));
  if (value >= 10) return value.toFixed(1).replace(/\.0$/, '');
  return value.toFixed(2).replace(/0$/, '').replace(/\.0$/, '');
}

/** One grouped bar chart, drawn at (x, y). */
function chart(spec: ChartSpec, x: number, y: number): string {
  const left = 64;
  const right = 16;
  const top = 48 + Math.ceil(spec.series.length / 2) * 14;
  const bottom = 40;
  const plotW = CHART_W - left - right;
  const plotH = CHART_H - top - bottom;
  const values = spec.series.flatMap((s) => s.values).filter((v): v is number => v !== null && Number.isFinite(v));
  const max = niceMax(Math.max(...values, spec.reference?.value ?? 0, 0) * 1.05);
  const scale = (v: number): number => plotH - (v / max) * plotH;
  const out: string[] = [`<g transform="translate(${x},${y})">`];
  out.push(`<rect width="${CHART_W}" height="${CHART_H}" fill="#fff" stroke="#ddd"/>`);
  out.push(`<text x="${CHART_W / 2}" y="20" text-anchor="middle" font-size="14" font-weight="bold">${esc(spec.title)}</text>`);
  spec.series.forEach((s, i) => {
    const lx = 16 + (i % 2) * (CHART_W / 2);
    const ly = 36 + Math.floor(i / 2) * 14;
    out.push(`<rect x="${lx}" y="${ly - 9}" width="10" height="10" fill="${colorFor(s.name, i)}"/>`);
    out.push(`<text x="${lx + 14}" y="${ly}" font-size="11">${esc(s.name)}</text>`);
  });
  out.push(`<g transform="translate(${left},${top})">`);
  for (let t = 0; t <= 4; t += 1) {
    const v = (max / 4) * t;
    const ty = scale(v);
    out.push(`<line x1="0" x2="${plotW}" y1="${ty}" y2="${ty}" stroke="#eee"/>`);
    out.push(`<text x="-6" y="${ty + 4}" text-anchor="end" font-size="10">${label(v)}</text>`);
  }
  out.push(`<text transform="translate(-48,${plotH / 2}) rotate(-90)" text-anchor="middle" font-size="11">${esc(spec.unit)}</text>`);
  const groupW = plotW / Math.max(1, spec.categories.length);
  const barW = Math.min(40, (groupW * 0.8) / Math.max(1, spec.series.length));
  spec.categories.forEach((category, c) => {
    const gx = c * groupW + (groupW - barW * spec.series.length) / 2;
    spec.series.forEach((s, i) => {
      const v = s.values[c];
      if (v === null || v === undefined || !Number.isFinite(v)) return;
      const by = scale(v);
      out.push(`<rect x="${gx + i * barW}" y="${by}" width="${barW - 2}" height="${plotH - by}" fill="${colorFor(s.name, i)}"><title>${esc(`${s.name}, ${category}: ${label(v)} ${spec.unit}`)}</title></rect>`);
      if (barW >= 18) out.push(`<text x="${gx + i * barW + (barW - 2) / 2}" y="${by - 3}" text-anchor="middle" font-size="9">${label(v)}</text>`);
    });
    out.push(`<text x="${c * groupW + groupW / 2}" y="${plotH + 16}" text-anchor="middle" font-size="11">${esc(category)}</text>`);
  });
  if (spec.reference) {
    const ry = scale(spec.reference.value);
    out.push(`<line x1="0" x2="${plotW}" y1="${ry}" y2="${ry}" stroke="#d62728" stroke-dasharray="6,4"/>`);
    out.push(`<text x="${plotW}" y="${ry - 4}" text-anchor="end" font-size="10" fill="#d62728">${esc(spec.reference.label)}</text>`);
  }
  out.push(`<line x1="0" x2="${plotW}" y1="${plotH}" y2="${plotH}" stroke="#333"/>`);
  out.push('</g></g>');
  return out.join('\n');
}

/** All charts in a grid, as one standalone SVG document. */
export function renderSvg(charts: ChartSpec[], caption: string): string {
  const rows = Math.max(1, Math.ceil(charts.length / COLUMNS));
  const width = COLUMNS * CHART_W + (COLUMNS + 1) * 10;
  const height = rows * CHART_H + (rows + 1) * 10 + 24;
  const body = charts.map((c, i) => chart(c, 10 + (i % COLUMNS) * (CHART_W + 10), 10 + Math.floor(i / COLUMNS) * (CHART_H + 10)));
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif">`,
    `<rect width="${width}" height="${height}" fill="#fafafa"/>`,
    ...body,
    `<text x="10" y="${height - 10}" font-size="11" fill="#555">${esc(caption)}</text>`,
    '</svg>',
    '',
  ].join('\n');
}
