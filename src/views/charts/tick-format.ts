/** Compact number formats for chart axes and tooltips. */
import { format, formatPrefix, precisionFixed, precisionPrefix } from 'd3';

/**
 * A formatter for the ticks of one axis: thousands and up with a shared SI prefix ("1.2k", "15k"),
 * smaller values with just enough decimals to tell neighbouring ticks apart ("0.5", "-1.5").
 */
export function tickFormat(ticks: readonly number[]): (v: number) => string {
  const finite = ticks.filter(Number.isFinite);
  if (!finite.length) return format('~g');
  const max = Math.max(...finite.map(Math.abs));
  const sorted = [...finite].sort((a, b) => a - b);
  let step = Infinity;
  for (let i = 1; i < sorted.length; i++) step = Math.min(step, sorted[i] - sorted[i - 1]);
  if (!(step > 0 && step < Infinity)) step = max || 1;
  if (max >= 1000) {
    const f = formatPrefix(`.${precisionPrefix(step, max)}~`, max);
    return (v) => (v === 0 ? '0' : f(v));
  }
  return format(`.${precisionFixed(step)}~f`);
}

/** A metric value for a tooltip: whole numbers with separators from 100 up, else 3 digits. */
export function formatMetric(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (Math.abs(v) >= 100) return Math.round(v).toLocaleString('en');
  return Number(v.toPrecision(3)).toLocaleString('en', { maximumFractionDigits: 20 });
}
