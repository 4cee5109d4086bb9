/**
 * A first order for the levels of a category whose values follow a known scale (education,
 * contract length, tiers, low/high, sizes, numeric bands). It is a guess: the studio says what it
 * rests on and the user reorders the levels.
 */

/** A guessed order: the levels lowest first, and the scale it was read from. */
export interface OrderGuess {
  levels: string[];
  scale: string;
}

/** A scale: what it is called, and a rank for a normalised value (null: not on this scale). */
interface Scale {
  name: string;
  /** Fewest distinct ranks the values must span before the guess is believed. */
  minRanks: number;
  rank(v: string): number | null;
}

/** Lower case, `-`/`_` as spaces, single spaces, no trailing period. */
const norm = (v: string): string =>
  v.toLowerCase().replace(/[-_]+/g, ' ').replace(/\s+/g, ' ').replace(/\.$/, '').trim();

/** A scale whose levels are patterns, lowest first. */
function listed(name: string, levels: RegExp[], minRanks = 2): Scale {
  return {
    name,
    minRanks,
    rank: (v) => {
      const i = levels.findIndex((re) => re.test(v));
      return i < 0 ? null : i;
    },
  };
}

const EDUCATION = listed('education levels', [
  /^(none|no (formal )?(education|schooling)|illiterate|less than high school)$/,
  /^(basic|primary|primary school|elementary|elementary school|grade school)$/,
  /^(lower secondary|middle school|junior high( school)?)$/,
  /^(secondary|upper secondary|high ?school|high school graduate|hs|ged|a levels?)$/,
  /^(some college|vocational|associate'?s?( degree)?|diploma|college|trade school)$/,
  /^(graduation|graduate|bachelor'?s?( degree)?|undergraduate|university|tertiary|ba|bsc|bs)$/,
  // Bologna's "second cycle" is the master's level.
  /^(2n cycle|2nd cycle|second cycle)$/,
  /^(master'?s?( degree)?|msc|ma|mba|postgraduate|post graduate)$/,
  /^(phd|ph d|doctorate|doctoral|doctor)$/,
]);

const NUMBER_WORDS: Record<string, number> = {
  a: 1,
  an: 1,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
};
const UNIT_DAYS: Record<string, number> = { day: 1, week: 7, month: 30, quarter: 91, year: 365 };
const PERIODIC: Record<string, number> = {
  daily: 1,
  weekly: 7,
  'month to month': 30,
  monthly: 30,
  quarterly: 91,
  annual: 365,
  annually: 365,
  yearly: 365,
};

/** Days of a contract or period length: `one year`, `2 years`, `month-to-month`, `monthly`. */
function durationDays(v: string): number | null {
  const bare = v.replace(/ (contract|plan|term|subscription)$/, '');
  if (PERIODIC[bare] !== undefined) return PERIODIC[bare];
  const m = /^(\d+|[a-z]+)? ?(day|week|month|quarter|year)s?$/.exec(bare);
  if (!m) return null;
  const count = m[1] === undefined ? 1 : /^\d+$/.test(m[1]) ? Number(m[1]) : NUMBER_WORDS[m[1]];
  return count === undefined ? null : count * UNIT_DAYS[m[2]];
}

const DURATION: Scale = { name: 'contract lengths', minRanks: 2, rank: durationDays };

const TIERS = listed('tiers (bronze < silver < gold)', [
  /^bronze$/,
  /^silver$/,
  /^gold$/,
  /^platinum$/,
  /^diamond$/,
]);

const INTENSITY = listed('low < medium < high', [
  /^(none|zero)$/,
  /^very low$/,
  /^low$/,
  /^(medium|moderate|mid|middle|average|normal)$/,
  /^high$/,
  /^very high$/,
]);

const FREQUENCY = listed('never < sometimes < always', [
  /^never$/,
  /^(rarely|seldom)$/,
  /^(sometimes|occasionally)$/,
  /^(often|frequently|usually)$/,
  /^always$/,
]);

const AGREEMENT = listed('disagree < agree', [
  /^strongly disagree$/,
  /^(disagree|somewhat disagree)$/,
  /^(neutral|neither agree nor disagree|undecided)$/,
  /^(agree|somewhat agree)$/,
  /^strongly agree$/,
]);

const SATISFACTION = listed('dissatisfied < satisfied', [
  /^(very|extremely) (dis|un)satisfied$/,
  /^(dis|un)satisfied$/,
  /^neutral$/,
  /^satisfied$/,
  /^(very|extremely) satisfied$/,
]);

// Single letters are sizes only among at least three of them (`S`/`M` is often marital status).
const SIZES = listed(
  'sizes (S < M < L)',
  [
    /^(xxs|2xs)$/,
    /^(xs|extra small|x small)$/,
    /^(s|small)$/,
    /^(m|medium)$/,
    /^(l|large)$/,
    /^(xl|extra large|x large)$/,
    /^(xxl|2xl)$/,
    /^(xxxl|3xl)$/,
  ],
  3,
);

const AMOUNT = '[$€£]? ?(\\d[\\d,]*(?:\\.\\d+)?) ?([km])?';
const BAND_RE = new RegExp(
  `^(?:(<|<=|≤|under|below|less than|up to) ?)?${AMOUNT}(?: ?(?:-|–|to) ?${AMOUNT})? ?(\\+|plus|or more|and (?:over|above|more)|or older)?(?: [a-z]+)*$`,
);
const BAND_OPEN =
  /(<|≤|under|below|less than|up to|\+|plus|or more|and (over|above|more)|or older)/;

const amountOf = (digits: string, unit: string | undefined): number =>
  Number(digits.replace(/,/g, '')) * (unit === 'k' ? 1e3 : unit === 'm' ? 1e6 : 1);

/** A sort key of a numeric band (`18-24`, `<18`, `65+`, `$50k-$75k`, `1-10 employees`). */
function bandKey(v: string): number | null {
  // norm() turned `18-24` into `18 24`; bands are read from the lightly normalised text.
  const m = BAND_RE.exec(v);
  if (!m) return null;
  const lo = amountOf(m[2], m[3]);
  // "under 18" sorts before a band starting at 18.
  return m[1] ? lo - 0.5 : lo;
}

const BANDS: Scale = { name: 'numeric bands', minRanks: 2, rank: bandKey };

const SCALES: readonly Scale[] = [
  EDUCATION,
  DURATION,
  TIERS,
  INTENSITY,
  FREQUENCY,
  AGREEMENT,
  SATISFACTION,
  SIZES,
];

/** Values that are no level of any scale: the guess leaves them without a rank. */
const UNRANKED = /^(unknown|other|n\/?a|not specified|not known|prefer not to say|missing|\?)$/;

/** Most levels an order is guessed for; longer lists are not ordinal scales. */
export const ORDER_GUESS_MAX = 12;

/**
 * The order of `all` (distinct values, as stored) when every one of them sits on one known scale
 * and they span enough of it; null otherwise. Values of the same rank keep alphabetical order;
 * `unknown`, `other` and the like are left out of the levels.
 */
export function guessOrder(all: readonly string[]): OrderGuess | null {
  // "unknown" has no place on a scale: it stays out of the levels (no rank).
  const values = all.filter((v) => !UNRANKED.test(norm(v)));
  if (values.length < 2 || values.length > ORDER_GUESS_MAX) return null;
  for (const scale of SCALES) {
    const got = ranked(values, (v) => scale.rank(norm(v)), scale.minRanks);
    if (got) return { levels: got, scale: scale.name };
  }
  const light = (v: string) => v.toLowerCase().replace(/\s+/g, ' ').trim();
  // Plain numbers are measures or codes: a band needs a range or an open end somewhere.
  if (!values.some((v) => /\d\s*(-|–|to)\s*\S*\d/.test(light(v)) || BAND_OPEN.test(light(v))))
    return null;
  const got = ranked(values, (v) => BANDS.rank(light(v)), BANDS.minRanks);
  return got ? { levels: got, scale: BANDS.name } : null;
}

function ranked(
  values: readonly string[],
  rank: (v: string) => number | null,
  minRanks: number,
): string[] | null {
  const keyed: [string, number][] = [];
  for (const v of values) {
    const r = rank(v);
    if (r === null) return null;
    keyed.push([v, r]);
  }
  if (new Set(keyed.map(([, r]) => r)).size < minRanks) return null;
  keyed.sort(([a, ra], [b, rb]) => ra - rb || (a < b ? -1 : a > b ? 1 : 0));
  return keyed.map(([v]) => v);
}

/**
 * Moves `level` one place up (towards the lowest) or down in `levels`; a new array, or the same
 * one when it cannot move.
 */
export function moveLevel(levels: readonly string[], level: string, by: -1 | 1): string[] {
  const i = levels.indexOf(level);
  const j = i + by;
  if (i < 0 || j < 0 || j >= levels.length) return [...levels];
  const out = [...levels];
  [out[i], out[j]] = [out[j], out[i]];
  return out;
}
