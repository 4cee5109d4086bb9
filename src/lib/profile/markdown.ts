/** Persona cards as a Markdown file (`personas.md`) to paste into a brief or a wiki. */
import { formatNumber, type NumberKind } from '../number-format';

/** One card as written. */
export interface PersonaCard {
  name: string;
  description: string;
  customers: number;
  share: number;
  /** Share of the value, NaN without a value column. */
  valueShare: number;
  valuePerCustomer: number;
  /** Key numbers: label and value as shown. */
  numbers: { label: string; value: string }[];
}

// Markdown's own characters in user text are escaped so a name cannot open a link or a heading.
const escape = (s: string) => s.replace(/([\\`*_{}[\]()#+\-.!|<>])/g, '\\$1');

/** The cards, one section each, with a header saying what the file is. */
export function personasMarkdown(
  cards: readonly PersonaCard[],
  meta: { title: string; date: string; currency?: string | null; valueKind?: NumberKind },
): string {
  const lines = [
    `# Personas: ${escape(meta.title)}`,
    '',
    `Made with Segment Studio on ${meta.date}.`,
    '',
  ];
  for (const c of cards) {
    lines.push(`## ${escape(c.name)}`, '', escape(c.description), '');
    lines.push(`- Customers: ${formatNumber(c.customers, 'count')} (${pct(c.share)} of all)`);
    if (Number.isFinite(c.valueShare)) {
      lines.push(`- Share of value: ${pct(c.valueShare)}`);
      lines.push(
        `- Value per customer: ${formatNumber(c.valuePerCustomer, meta.valueKind ?? 'money', meta.currency ?? null)}`,
      );
    }
    for (const n of c.numbers) lines.push(`- ${escape(n.label)}: ${escape(n.value)}`);
    lines.push('');
  }
  return lines.join('\n');
}

const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
