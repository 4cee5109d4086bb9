/**
 * The static HTML report: one self-contained page (inline CSS and SVG, no script, no request),
 * built as a string from the report's data. Every text from the config or the data is escaped.
 */
import type { Profile } from '../lib/segment/profile';
import { featureLabel } from '../lib/segment/feature-label';

/** What the report shows. */
export interface ReportData {
  title: string;
  app: string;
  generatedAt: string;
  method: string;
  asOf: string;
  files: string[];
  customers: number;
  /** Customers without a segment (an RFM input missing). */
  unassigned: number;
  /** In the profile's order: each method segment, then the rest bucket if the method has one. */
  segments: { id: string; name: string; color: string }[];
  features: string[];
  profile: Profile;
  digest: string;
}

const ESC: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text safe in HTML and SVG (element content and attribute values). */
export const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => ESC[c]);

const count = (n: number): string => n.toLocaleString('en');
const pct = (x: number): string => (Number.isFinite(x) ? `${(100 * x).toFixed(1)} %` : '–');
const num = (x: number): string =>
  !Number.isFinite(x)
    ? '–'
    : Math.abs(x) >= 1000
      ? x.toLocaleString('en', { maximumFractionDigits: 0 })
      : x.toLocaleString('en', { maximumSignificantDigits: 3 });
/** A colour the config gave (validated `#rrggbb`), or grey. */
const colour = (c: string): string => (/^#[0-9a-fA-F]{6}$/.test(c) ? c : '#999999');

/** Blue below the overall mean, red above, white at it (diff in overall sds, clamped to ±2). */
function heat(diff: number): string {
  const t = Math.max(-1, Math.min(1, (Number.isFinite(diff) ? diff : 0) / 2));
  const [r, g, b] = t < 0 ? [33, 102, 172] : [178, 24, 43];
  const mix = (c: number) => Math.round(247 + (c - 247) * Math.abs(t));
  return `rgb(${mix(r)},${mix(g)},${mix(b)})`;
}

function sizesSvg(d: ReportData): string {
  const rowH = 24;
  const labelW = 200;
  const barW = 380;
  const max = Math.max(1, ...d.profile.segments.map((s) => s.size));
  const rows = d.profile.segments.map((s, i) => {
    const seg = d.segments[i];
    const w = (barW * s.size) / max;
    const y = i * rowH;
    return (
      `<text x="${labelW - 8}" y="${y + 16}" text-anchor="end">${esc(seg.name)}</text>` +
      `<rect x="${labelW}" y="${y + 4}" width="${w.toFixed(1)}" height="${rowH - 8}" fill="${colour(seg.color)}"/>` +
      `<text x="${(labelW + w + 6).toFixed(1)}" y="${y + 16}">${count(s.size)} (${pct(s.share)})</text>`
    );
  });
  const h = rowH * d.profile.segments.length;
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="Customers per segment" width="${labelW + barW + 140}" height="${h}" viewBox="0 0 ${labelW + barW + 140} ${h}" font-size="12" font-family="system-ui, sans-serif">${rows.join('')}</svg>`;
}

function heatSvg(d: ReportData): string {
  const cellW = 92;
  const cellH = 26;
  const labelW = 200;
  const headH = 60;
  const cells: string[] = [];
  d.features.forEach((f, j) => {
    const x = labelW + j * cellW + cellW / 2;
    cells.push(
      `<text x="${x}" y="${headH - 8}" text-anchor="middle" transform="rotate(-20 ${x} ${headH - 8})">${esc(featureLabel(f))}</text>`,
    );
  });
  d.profile.segments.forEach((s, i) => {
    const y = headH + i * cellH;
    cells.push(
      `<text x="${labelW - 8}" y="${y + 17}" text-anchor="end">${esc(d.segments[i].name)}</text>`,
    );
    d.features.forEach((f, j) => {
      const diff = s.distinguishing.find((x) => x.feature === f)?.diff ?? 0;
      const x = labelW + j * cellW;
      cells.push(
        `<rect x="${x}" y="${y}" width="${cellW - 2}" height="${cellH - 2}" fill="${heat(diff)}"><title>${esc(`${d.segments[i].name}, ${featureLabel(f)}: mean ${num(s.mean[f])} (overall ${num(d.profile.overallMean[f])})`)}</title></rect>` +
          `<text x="${x + cellW / 2 - 1}" y="${y + 17}" text-anchor="middle">${num(s.mean[f])}</text>`,
      );
    });
  });
  const w = labelW + cellW * d.features.length + 10;
  const h = headH + cellH * d.profile.segments.length;
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="Mean of each feature per segment" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" font-size="12" font-family="system-ui, sans-serif">${cells.join('')}</svg>`;
}

function segmentRows(d: ReportData): string {
  return d.profile.segments
    .map((s, i) => {
      const seg = d.segments[i];
      const top = s.distinguishing
        .filter((x) => Math.abs(x.diff) >= 0.25)
        .slice(0, 3)
        .map(
          (x) =>
            `${x.diff > 0 ? 'higher' : 'lower'} ${esc(featureLabel(x.feature))} (${x.diff > 0 ? '+' : ''}${x.diff.toFixed(1)} sd)`,
        )
        .join(', ');
      return `<tr><td><span class="swatch" style="background:${colour(seg.color)}"></span>${esc(seg.name)}</td><td class="n">${count(s.size)}</td><td class="n">${pct(s.share)}</td><td class="n">${pct(s.valueShare)}</td><td>${top || 'close to everyone'}</td></tr>`;
    })
    .join('\n');
}

/** The whole page. */
export function reportHtml(d: ReportData): string {
  const means = d.features.map((f) => `<th>${esc(featureLabel(f))}</th>`).join('');
  const meanRows = d.profile.segments
    .map(
      (s, i) =>
        `<tr><td>${esc(d.segments[i].name)}</td>${d.features.map((f) => `<td class="n">${num(s.mean[f])}</td>`).join('')}</tr>`,
    )
    .join('\n');
  const overall = d.features
    .map((f) => `<td class="n">${num(d.profile.overallMean[f])}</td>`)
    .join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(d.title)}</title>
<style>
body { font: 14px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 70rem; padding: 0 1rem; color: #222; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.15rem; margin-top: 2rem; }
table { border-collapse: collapse; margin: 0.5rem 0; } th, td { padding: 0.25rem 0.6rem; border-bottom: 1px solid #ddd; text-align: left; }
td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.swatch { display: inline-block; width: 0.8rem; height: 0.8rem; margin-right: 0.4rem; vertical-align: -1px; }
.meta { color: #555; } svg { max-width: 100%; height: auto; overflow: visible; }
</style>
</head>
<body>
<h1>${esc(d.title)}</h1>
<p class="meta">${esc(d.method === 'rfm' ? 'RFM scores' : d.method === 'rules' ? 'Ordered rules' : 'k-means clusters')}, as of ${esc(d.asOf)}; ${count(d.customers)} customers${d.unassigned ? ` (${count(d.unassigned)} without a segment: a recency, frequency or monetary value is missing)` : ''}.
Data: ${d.files.map(esc).join(', ')}. Assignment digest <code>${esc(d.digest.slice(0, 16))}</code>. Made by ${esc(d.app)} on ${esc(d.generatedAt)}.</p>
<h2>Segments</h2>
<table>
<thead><tr><th>Segment</th><th>Customers</th><th>Share</th><th>Value share</th><th>What sets it apart</th></tr></thead>
<tbody>
${segmentRows(d)}
</tbody>
</table>
${sizesSvg(d)}
<h2>Profiles</h2>
<p class="meta">Mean of each feature per segment; red is above everyone's mean, blue below (in standard deviations).</p>
${heatSvg(d)}
<table>
<thead><tr><th>Segment</th>${means}</tr></thead>
<tbody>
${meanRows}
<tr><td><b>Everyone</b></td>${overall}</tr>
</tbody>
</table>
</body>
</html>
`;
}
