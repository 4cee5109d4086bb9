/** How old a segmentation is: days from its as-of date to today, and whether to refresh it. */
import { TrackError } from './error';

/** The default refresh period, in months. */
export const DEFAULT_REFRESH_MONTHS = 6;

/** A segmentation's age. */
export interface SegmentationAge {
  /** Whole days from the as-of date to today (negative: an as-of date after today). */
  days: number;
  /** The day (YYYY-MM-DD) it reaches the period (as-of date + the period); stale after it. */
  staleAfter: string;
  stale: boolean;
}

const DAY = 86_400_000;

/**
 * The age of a segmentation with as-of date `asOf` (YYYY-MM-DD) on `today` (its UTC date), and
 * whether it is older than `months` (a whole number of calendar months; the day is clamped to the
 * month's last, so 31 Aug + 6 months is 28/29 Feb).
 */
export function segmentationAge(
  asOf: string,
  today: Date,
  months = DEFAULT_REFRESH_MONTHS,
): SegmentationAge {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(asOf);
  if (!m) throw new TrackError(`The as-of date “${asOf}” is not a YYYY-MM-DD date.`, 'age');
  if (!(Number.isInteger(months) && months >= 1 && months <= 120))
    throw new TrackError(
      'The refresh period must be a whole number of months from 1 to 120.',
      'age',
    );
  const [y, mo, d] = [Number(m[1]), Number(m[2]) - 1, Number(m[3])];
  const start = Date.UTC(y, mo, d);
  const now = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
  const lastDay = new Date(Date.UTC(y, mo + months + 1, 0)).getUTCDate();
  const staleAt = Date.UTC(y, mo + months, Math.min(d, lastDay));
  return {
    days: Math.round((now - start) / DAY),
    staleAfter: new Date(staleAt).toISOString().slice(0, 10),
    stale: now > staleAt,
  };
}
