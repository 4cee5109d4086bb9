/**
 * Campaign results back in: a file of (customer id, group, responded, revenue) joined to the
 * segments, and per segment the response in test against control with the uplift's interval.
 */
import { TrackError } from './error';
import { newcombeDiff, wilson, type Interval } from './stats';
import { cellNumber, cellText, readOutcome, type RawValue } from './values';

/** Which columns of the campaign file play which part (revenue optional). */
export interface CampaignColumns {
  id: string | null;
  group: string | null;
  responded: string | null;
  revenue: string | null;
}

const ID = /^(customer|cust|client|member|user|account)?[ _-]?(id|no|number|key)$/i;
const GROUP = /group|arm|variant|treat|cohort|control|holdout|cell/i;
const RESPONDED = /respon|convert|accept|redeem|bought|purchas|outcome|clicked|success/i;
const REVENUE = /revenue|amount|sales|spend|value|income|order.?total/i;

/** Guesses the parts of a campaign file's columns by their names (the user can change them). */
export function inferCampaignColumns(names: readonly string[]): CampaignColumns {
  const find = (re: RegExp, not: (string | null)[] = []) =>
    names.find((n) => re.test(n) && !not.includes(n)) ?? null;
  const id = find(ID) ?? find(/id$/i);
  const group = find(GROUP, [id]);
  const responded = find(RESPONDED, [id, group]);
  const revenue = find(REVENUE, [id, group, responded]);
  return { id, group, responded, revenue };
}

const TEST = new Set(['test', 'treatment', 'treated', 'exposed', 'target', 'targeted', '1']);
const CONTROL = new Set(['control', 'holdout', 'hold-out', 'untreated', '0']);

/**
 * Reads a group column as 1 (test) / 0 (control) / -1 (missing). It must hold exactly two
 * values, one read as test (test, treatment, 1, …) and one as control (control, holdout, 0, …).
 */
export function readGroups(raw: readonly RawValue[], column: string): Int8Array {
  const texts = raw.map(cellText);
  const distinct = [...new Set(texts.filter((t) => t !== null).map((t) => t.toLowerCase()))];
  const fail = (why: string): never => {
    throw new TrackError(
      `The group column “${column}” ${why}: it must say test or control (treatment/control, 1/0) on each row.`,
      'campaign',
    );
  };
  if (distinct.length !== 2)
    fail(
      distinct.length === 0
        ? 'is empty'
        : `has ${distinct.length} ${distinct.length === 1 ? 'value' : 'values'} (${distinct
            .slice(0, 4)
            .map((v) => `“${v}”`)
            .join(', ')}${distinct.length > 4 ? ', …' : ''})`,
    );
  const norm = (v: string) => String(cellNumber(v) === cellNumber(v) ? cellNumber(v) : v);
  const test = distinct.find((v) => TEST.has(norm(v)));
  const control = distinct.find((v) => CONTROL.has(norm(v)) && v !== test);
  if (test === undefined || control === undefined)
    fail(`has “${distinct[0]}” and “${distinct[1]}”, not one test and one control group`);
  return Int8Array.from(texts, (t) => (t === null ? -1 : t.toLowerCase() === test ? 1 : 0));
}

/** One group of one segment. */
export interface GroupStats {
  customers: number;
  responded: number;
  rate: Interval;
  /** Revenue per customer (missing revenue counted as 0); NaN without a revenue column. */
  revenuePerCustomer: number;
}

/** Test against control in one segment (or everyone). */
export interface CampaignRow {
  label: string;
  test: GroupStats;
  control: GroupStats;
  /** Test rate minus control rate, with Newcombe's hybrid score interval. */
  uplift: Interval;
  /** Revenue per customer, test minus control (NaN without revenue). */
  revenueUplift: number;
}

/** The campaign table and what could not be used. */
export interface CampaignResult {
  overall: CampaignRow;
  rows: CampaignRow[];
  /** Value counted as a response. */
  positive: string;
  /** Rows whose id is no segmented customer's, and some of those ids. */
  unmatched: number;
  unmatchedExamples: string[];
  /** Rows left out for a missing group or response, or a repeated id. */
  skipped: number;
  /** Rows used. */
  matched: number;
}

/** The campaign file's columns as read from it. */
export interface CampaignData {
  ids: readonly RawValue[];
  group: readonly RawValue[];
  responded: readonly RawValue[];
  revenue?: readonly RawValue[];
}

/**
 * Per segment (`bucketOf(id)`: the customer's bucket 0..labels.length-1, or undefined for an
 * id that is no customer's) the response rate in test and in control, the uplift and its
 * interval, and revenue per customer when given. Throws TrackError for a missing group or
 * response column, a group column without exactly a test and a control value, or a response that
 * is not yes/no.
 */
export function campaignBySegment(
  data: CampaignData,
  columns: CampaignColumns,
  bucketOf: (id: string) => number | undefined,
  labels: readonly string[],
): CampaignResult {
  if (!columns.id)
    throw new TrackError('Choose the campaign file’s customer id column.', 'campaign');
  if (!columns.group)
    throw new TrackError(
      'The campaign file has no group column: it needs one saying test or control for each customer.',
      'campaign',
    );
  if (!columns.responded)
    throw new TrackError('Choose the column saying whether the customer responded.', 'campaign');
  const group = readGroups(data.group, columns.group);
  const resp = readOutcome(data.responded, columns.responded);
  if (resp.kind !== 'binary')
    throw new TrackError(
      `“${columns.responded}” holds numbers, not yes/no: choose the column saying whether the customer responded.`,
      'campaign',
    );
  const k = labels.length;
  // [bucket][group]: customers, responded, revenue
  const cnt = Array.from({ length: k }, () => [0, 0]);
  const yes = Array.from({ length: k }, () => [0, 0]);
  const rev = Array.from({ length: k }, () => [0, 0]);
  const seen = new Set<string>();
  let unmatched = 0;
  let skipped = 0;
  let matched = 0;
  const unmatchedExamples: string[] = [];
  data.ids.forEach((raw, r) => {
    const id = cellText(raw);
    const g = group[r];
    const y = resp.values[r];
    if (id === null || g < 0 || y !== y || seen.has(id)) {
      skipped++;
      return;
    }
    seen.add(id);
    const b = bucketOf(id);
    if (b === undefined || b < 0 || b >= k) {
      unmatched++;
      if (unmatchedExamples.length < 5) unmatchedExamples.push(id);
      return;
    }
    matched++;
    cnt[b][g]++;
    yes[b][g] += y;
    if (data.revenue) {
      const v = cellNumber(cellText(data.revenue[r]));
      if (v === v) rev[b][g] += v;
    }
  });
  const hasRevenue = Boolean(data.revenue && columns.revenue);
  const row = (label: string, c: number[], y: number[], m: number[]): CampaignRow => {
    const stats = (g: number): GroupStats => ({
      customers: c[g],
      responded: y[g],
      rate: wilson(y[g], c[g]),
      revenuePerCustomer: hasRevenue && c[g] > 0 ? m[g] / c[g] : NaN,
    });
    const test = stats(1);
    const control = stats(0);
    return {
      label,
      test,
      control,
      uplift: newcombeDiff(y[1], c[1], y[0], c[0]),
      revenueUplift: test.revenuePerCustomer - control.revenuePerCustomer,
    };
  };
  const sumCol = (a: number[][]) => [
    a.reduce((s, v) => s + v[0], 0),
    a.reduce((s, v) => s + v[1], 0),
  ];
  return {
    overall: row('Everyone', sumCol(cnt), sumCol(yes), sumCol(rev)),
    rows: labels.map((l, b) => row(l, cnt[b], yes[b], rev[b])),
    positive: resp.positive,
    unmatched,
    unmatchedExamples,
    skipped,
    matched,
  };
}
