/**
 * A deterministic demo retailer: customers with planted behaviour groups and two years of
 * transactions, generated in memory from a seed (no network, no committed data file).
 */
import { Table } from 'apache-arrow';
import { AsciiColumnWriter, dict, float64, int32, micros, utf8 } from './demo-arrow';
import { createRng, type Rng } from '../random';

/** Shown in the UI next to the demo button. */
export const DEMO_DESCRIPTION =
  'A made-up home & gift retailer: about 20,000 customers in six European countries and ' +
  '300,000 order lines from 2023-01-01 to 2024-12-31 (six categories, 300 products, ~2% ' +
  'cancellations). Generated in your browser from a fixed seed, so everyone gets the same data.';

/** The planted behaviour groups, their share of customers and their buying pattern. */
export const PLANTED_GROUPS = [
  {
    name: 'vip',
    share: 0.05,
    orders: [14, 26],
    lines: [3, 5],
    qty: [2, 8],
    cheap: false,
    from: 0,
    to: 1,
  },
  {
    name: 'loyal',
    share: 0.2,
    orders: [5, 10],
    lines: [2, 4],
    qty: [1, 4],
    cheap: false,
    from: 0,
    to: 1,
  },
  {
    name: 'bargain',
    share: 0.2,
    orders: [8, 14],
    lines: [1, 2],
    qty: [1, 2],
    cheap: true,
    from: 0,
    to: 1,
  },
  {
    name: 'one_and_done',
    share: 0.25,
    orders: [1, 1],
    lines: [1, 3],
    qty: [1, 3],
    cheap: false,
    from: 0,
    to: 0.35,
  },
  {
    name: 'new_recent',
    share: 0.1,
    orders: [1, 3],
    lines: [2, 4],
    qty: [1, 3],
    cheap: false,
    from: 0.875,
    to: 1,
  },
  {
    name: 'lapsed',
    share: 0.2,
    orders: [3, 6],
    lines: [2, 4],
    qty: [1, 3],
    cheap: false,
    from: 0,
    to: 0.5,
  },
] as const;

const COUNTRIES: readonly [string, number][] = [
  ['United Kingdom', 0.55],
  ['Germany', 0.12],
  ['France', 0.1],
  ['Netherlands', 0.08],
  ['Spain', 0.08],
  ['Ireland', 0.07],
];
const CATEGORIES = ['Home', 'Kitchen', 'Garden', 'Toys', 'Stationery', 'Gifts'];
const BASE_PRICE = [12, 8, 15, 10, 3, 6];
const CHANNELS: readonly [string, number][] = [
  ['web', 0.55],
  ['app', 0.3],
  ['store', 0.15],
];
/** Bargain hunters lean to the app (same channel order as CHANNELS). */
const BARGAIN_CHANNELS: readonly [string, number][] = [
  ['web', 0.35],
  ['app', 0.6],
  ['store', 0.05],
];
const GENDERS = ['F', 'M', 'X'];
const CANCEL_SHARE = 0.02;
const START = Date.UTC(2023, 0, 1);
const END = Date.UTC(2025, 0, 1);
const DAY = 86_400_000;
const FIRST_INVOICE = 500000;

const between = (rng: Rng, lo: number, hi: number): number => lo + rng.int(hi - lo + 1);
/** Index of a weighted choice. */
function weighted(rng: Rng, items: readonly (readonly [string, number])[]): number {
  let u = rng.next();
  for (let i = 0; i < items.length; i++) if ((u -= items[i][1]) < 0) return i;
  return items.length - 1;
}
/** A time of day from 08:00 to 19:59, to the minute. */
const timeOfDay = (rng: Rng): number => (8 * 60 + rng.int(12 * 60)) * 60_000;

interface Product {
  id: string;
  category: string;
  price: number;
}

function makeProducts(rng: Rng): Product[] {
  const out: Product[] = [];
  for (let i = 0; i < 300; i++) {
    const c = i % CATEGORIES.length;
    const price = Math.round(BASE_PRICE[c] * Math.exp(0.6 * rng.normal()) * 100) / 100;
    out.push({
      id: `P${String(10001 + i)}`,
      category: CATEGORIES[c],
      price: Math.max(0.29, price),
    });
  }
  // Sorted by price so 'cheap' shoppers can draw from the bottom third.
  return out.sort((a, b) => a.price - b.price || a.id.localeCompare(b.id));
}

/**
 * Generates the demo tables. `customers` has customer_id, age, gender, country, signup_date,
 * channel and the hidden `planted_group` (the truth for ARI tests; roles mark it 'ignore').
 * `transactions` has order_id (`C`-prefixed with negative quantity for cancellations),
 * customer_id, order_date, product_id, category, quantity, unit_price. Same seed, same bytes.
 */
export function generateDemo(opts: { customers?: number; seed?: number } = {}): {
  customers: Table;
  transactions: Table;
} {
  const n = opts.customers ?? 20_000;
  const rng = createRng(opts.seed ?? 20240101);
  const products = makeProducts(rng);
  // Exact group sizes, shuffled over customer ids.
  const group = new Int32Array(n);
  let k = 0;
  PLANTED_GROUPS.forEach((g, gi) => {
    const size = gi === PLANTED_GROUPS.length - 1 ? n - k : Math.round(g.share * n);
    for (let j = 0; j < size && k < n; j++) group[k++] = gi;
  });
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [group[i], group[j]] = [group[j], group[i]];
  }
  // Ids as text and times as TIMESTAMP: the form the studio normalises them to, so the demo's
  // cleaned relations can read the stored tables as they are (see DEMO_COLUMNS).
  const cId: string[] = new Array<string>(n);
  const age = new Int32Array(n);
  const signup = new Float64Array(n);
  const gender = new Int32Array(n);
  const country = new Int32Array(n);
  const channel = new Int32Array(n);
  // Order headers first (customer, time), then sorted by time so invoice numbers rise with dates.
  const oCust: number[] = [];
  const oTime: number[] = [];
  const span = END - START;
  for (let i = 0; i < n; i++) {
    const g = PLANTED_GROUPS[group[i]];
    cId[i] = String(100001 + i);
    const meanAge = g.name === 'vip' ? 48 : g.name === 'new_recent' ? 31 : 40;
    age[i] = Math.max(18, Math.min(85, Math.round(meanAge + 12 * rng.normal())));
    gender[i] = rng.next() < 0.52 ? 0 : rng.next() < 0.96 ? 1 : 2;
    country[i] = weighted(rng, COUNTRIES);
    channel[i] = weighted(rng, g.name === 'bargain' ? BARGAIN_CHANNELS : CHANNELS);
    const lo = START + g.from * span;
    const hi = START + g.to * span;
    signup[i] =
      g.name === 'new_recent'
        ? lo + Math.floor(rng.next() * ((hi - lo) / DAY - 14)) * DAY
        : START - (30 + rng.int(900)) * DAY;
    const orders = between(rng, g.orders[0], g.orders[1]);
    const first = Math.max(lo, signup[i]);
    for (let o = 0; o < orders; o++) {
      const day = Math.floor((first + rng.next() * (hi - first)) / DAY) * DAY;
      oCust.push(i);
      oTime.push(Math.min(day, END - DAY) + timeOfDay(rng));
    }
  }
  // Sort by (minute, index) packed into one exact double: a native sort, no comparator calls.
  // Plain loops rather than callbacks: this runs once, on a cold page, while DuckDB compiles.
  const keys = new Float64Array(oTime.length);
  for (let i = 0; i < keys.length; i++) keys[i] = ((oTime[i] - START) / 60_000) * 2 ** 24 + i;
  keys.sort();
  const order = new Int32Array(keys.length);
  for (let i = 0; i < keys.length; i++) order[i] = keys[i] % 2 ** 24;
  // Typed arrays sized for the most lines possible, and order ids written straight to UTF-8
  // bytes: one JS string per line made this loop the slowest part of start-up.
  const most = order.length * Math.max(...PLANTED_GROUPS.map((g) => g.lines[1]));
  // Widest id: 'C' and the last invoice number.
  const ids = new AsciiColumnWriter(most, 1 + String(FIRST_INVOICE + order.length).length);
  const tCust = new Int32Array(most);
  const tTime = new Float64Array(most);
  const tProd = new Int32Array(most);
  const tQty = new Int32Array(most);
  let m = 0;
  let invoice = FIRST_INVOICE;
  for (let r = 0; r < order.length; r++) {
    const o = order[r];
    const c = oCust[o];
    const g = PLANTED_GROUPS[group[c]];
    const lines = between(rng, g.lines[0], g.lines[1]);
    const no = String(invoice++);
    const cancelled = rng.next() < CANCEL_SHARE;
    const id = cancelled ? `C${no}` : no;
    for (let l = 0; l < lines; l++, m++) {
      const qty = between(rng, g.qty[0], g.qty[1]);
      ids.push(id);
      tCust[m] = c;
      tTime[m] = oTime[o];
      tProd[m] = g.cheap ? rng.int(100) : rng.int(products.length);
      tQty[m] = cancelled ? -qty : qty;
    }
  }
  const prodIdx = tProd.subarray(0, m);
  const catOf = products.map((p) => CATEGORIES.indexOf(p.category));
  const lineCat = new Int32Array(m);
  const linePrice = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    lineCat[i] = catOf[prodIdx[i]];
    linePrice[i] = products[prodIdx[i]].price;
  }
  const customers = new Table({
    customer_id: utf8(cId),
    age: int32(age),
    gender: dict(0, gender, GENDERS),
    country: dict(
      1,
      country,
      COUNTRIES.map((c) => c[0]),
    ),
    signup_date: micros(signup),
    channel: dict(
      2,
      channel,
      CHANNELS.map((c) => c[0]),
    ),
    planted_group: dict(
      3,
      group,
      PLANTED_GROUPS.map((g) => g.name),
    ),
  });
  const transactions = new Table({
    order_id: ids.vector(),
    // Dictionary-encoded: 20k ids over 300k lines insert much faster than 300k strings.
    customer_id: dict(2, tCust.subarray(0, m), cId),
    order_date: micros(tTime.subarray(0, m)),
    product_id: dict(
      0,
      prodIdx,
      products.map((p) => p.id),
    ),
    category: dict(1, lineCat, CATEGORIES),
    quantity: int32(tQty.subarray(0, m)),
    unit_price: float64(linePrice),
  });
  return { customers, transactions };
}
