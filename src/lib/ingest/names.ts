/**
 * What a column's name suggests about its role. Names are split into lower-case words
 * (camelCase, snake_case, spaces, punctuation) and matched against small multilingual lists
 * (English, German, French, Spanish, Dutch, Portuguese). Data can overrule the hint (roles.ts).
 */
import type { ColumnRole } from './types';

/**
 * Lower-case words of a name: `InvoiceNo` -> [invoice, no]. Bracketed units are dropped:
 * `Price (£)` -> [price], `Quantity [pcs]` -> [quantity].
 */
export function nameWords(name: string): string[] {
  const bare = name.replace(/[([{][^)\]}]*[)\]}]/g, ' ');
  return (/[\p{L}\p{N}]/u.test(bare) ? bare : name)
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0);
}

const ID_SUFFIX = '(id|no|nr|num|number|nummer|numero|code|key|ref)?';
const CUSTOMER =
  '(customer|consumer|cust|client|clients|cliente|user|member|account|shopper|buyer|kunde|kunden|klant|utilisateur|usuario)';
const ORDER =
  '(invoice|order|transaction|txn|receipt|basket|bill|bestellung|bestell|rechnung|commande|facture|pedido|factura|bestelling|venta)';
const DATE_END = '(date|datum|fecha|timestamp|datetime|time|zeit|dt|day|jour|dia)$';

const RULES: readonly [ColumnRole, RegExp][] = [
  ['ignore', /^(planted|hidden|rowid$|rownum|index$|unnamed)/],
  ['customer_id', new RegExp(`^(${CUSTOMER}${ID_SUFFIX}|id${CUSTOMER})$`)],
  ['order_id', new RegExp(`^(${ORDER}${ID_SUFFIX}|id${ORDER})$`)],
  [
    'datetime',
    new RegExp(`${DATE_END}|^(date|datum|fecha|timestamp|ts)|(created|updated)(at|on)?$`),
  ],
  [
    'quantity',
    /^(quantity|qty|units|unitcount|menge|anzahl|cantidad|quantite|quantité|aantal|pieces|pcs|numitems|nitems|itemcount)$|(quantity|qty)$/,
  ],
  // Before amounts: a "spending score (1-100)" is a score, not money.
  ['measure', /(score|rating|rank|ranking|percent|percentage|pct|ratio|rate|index)$/],
  [
    'amount',
    /(amount|revenue|total|spend|spent|sales|turnover|gmv|betrag|umsatz|monto|importe|montant|bedrag|value|sum|payment|paid)/,
  ],
  [
    'unit_price',
    /(unitprice|priceeach|priceperunit|unitcost|price|preis|precio|prix|prezzo|prijs|preco)/,
  ],
  [
    'text',
    /(description|desc|name|comment|comments|note|notes|title|address|email|remark|message|text|review|beschreibung|descripcion|nom|nombre|naam)$/,
  ],
  [
    'geo',
    /(country|countries|countrycode|region|state|city|town|province|county|district|territory|postcode|postalcode|postal|zip|zipcode|plz|land|pais|pays|ville|stadt|ciudad|provincia|bundesland|departement)$/,
  ],
  [
    'category',
    /(gender|sex|geschlecht|genre|genero|category|categorie|kategorie|categoria|cat|channel|kanal|canal|segment|tier|type|group|class|brand|department|dept|source|status|plan|stockcode|sku|productid|productcode|product|itemid|itemcode|item|store|shop)$/,
  ],
];

/**
 * The role a name suggests, or null. Checks run in a fixed order, so `total_price` is an amount
 * and `customer_name` text (it is not `customer` + an id suffix).
 */
export function roleFromName(name: string): ColumnRole | null {
  const words = nameWords(name);
  if (words.length === 0) return null;
  const compact = words.join('');
  if (words.length > 1 && (words.at(-1) === 'at' || words.at(-1) === 'on')) return 'datetime';
  if (words.includes('ts')) return 'datetime';
  for (const [role, re] of RULES) if (re.test(compact)) return role;
  return null;
}

/** True when a name suggests a date or time (used to accept epoch and YYYYMMDD numbers). */
export function isDateLikeName(name: string): boolean {
  return roleFromName(name) === 'datetime';
}

/** True for a bare generic key name (`id`, `ID`, `key`): a customer id if it is unique. */
export function isGenericIdName(name: string): boolean {
  return /^(id|key|pk)$/.test(nameWords(name).join(''));
}

/**
 * Names that say a column is the product category of order lines, best first: `category`, then
 * `product_category`, `department`, ... A lower rank wins; null when the name is none of them.
 */
export function productCategoryRank(name: string): number | null {
  const compact = nameWords(name).join('');
  const i = PRODUCT_CATEGORY_NAMES.indexOf(compact);
  return i < 0 ? null : i;
}

const PRODUCT_CATEGORY_NAMES = [
  'category',
  'productcategory',
  'categoryname',
  'productcategoryname',
  'department',
  'dept',
  'productgroup',
  'producttype',
  'productline',
  'productfamily',
  'categorie',
  'kategorie',
  'categoria',
  'subcategory',
];
