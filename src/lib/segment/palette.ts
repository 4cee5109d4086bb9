/**
 * Categorical segment colours. The first eight are Okabe & Ito's colour-blind-safe set (black
 * last, since it reads as "no data" on dark marks); beyond eight, d3's schemeTableau10 in an
 * order that skips hues too close to the first eight, then the list repeats.
 */

/** Okabe-Ito (2008), "Color Universal Design". */
export const OKABE_ITO: readonly string[] = Object.freeze([
  '#E69F00',
  '#56B4E9',
  '#009E73',
  '#F0E442',
  '#0072B2',
  '#D55E00',
  '#CC79A7',
  '#000000',
]);

/** Extras from d3.schemeTableau10 (red, teal, brown, grey, olive, purple). */
export const EXTRAS: readonly string[] = Object.freeze([
  '#e15759',
  '#76b7b2',
  '#9c755f',
  '#bab0ac',
  '#edc948',
  '#b07aa1',
]);

/** The full ordered palette. */
export const PALETTE: readonly string[] = Object.freeze([...OKABE_ITO, ...EXTRAS]);

/** Colour for segment index `i` (cycles past the end of the palette). */
export function paletteColor(i: number): string {
  const n = PALETTE.length;
  return PALETTE[((Math.trunc(i) % n) + n) % n];
}

/** The first palette colour not in `used` (case-insensitive); cycles when all are used. */
export function nextUnusedColor(used: Iterable<string>): string {
  const taken = new Set([...used].map((c) => c.toLowerCase()));
  const free = PALETTE.find((c) => !taken.has(c.toLowerCase()));
  return free ?? paletteColor(taken.size);
}
