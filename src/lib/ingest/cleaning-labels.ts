import type { CleaningChoice } from './cleaning';

/** True when two cleaning choices do the same thing (choices are plain data). */
export function sameChoice(a: CleaningChoice, b: CleaningChoice): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** A short label for a cleaning choice, for buttons and the applied list. */
export function describeChoice(c: CleaningChoice): string {
  switch (c.kind) {
    case 'drop_missing':
      return `Drop rows missing ${c.column}`;
    case 'drop_negative':
      return `Drop negative ${c.column}`;
    case 'drop_cancellations':
      return `Drop cancellations (${c.column} starts with "${c.prefix}")`;
    case 'drop_zero_price':
      return `Drop zero ${c.column}`;
    case 'drop_duplicates':
      return 'Drop duplicate rows';
    case 'drop_outliers':
      return `Drop |${c.column}| > ${c.limit.toLocaleString('en')}`;
    case 'drop_future':
      return `Drop ${c.column} after ${c.asOf.slice(0, 10)}`;
    case 'drop_implausible_dates':
      return `Drop ${c.column} before 1900 or after 2100`;
  }
}
