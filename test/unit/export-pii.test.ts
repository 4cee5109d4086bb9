import { describe, expect, it } from 'vitest';
import { detectPii, piiByName, piiByValues } from '../../src/lib/export/pii';
import { checkSalt, pseudonym, saltFromBytes } from '../../src/lib/export/pseudonym';
import { createNodeDb } from '../../src/lib/db/node';
import { literal } from '../../src/lib/sql/quote';

describe('personal data by column name', () => {
  it.each([
    ['email', 'email'],
    ['E-Mail', 'email'],
    ['email_address', 'email'],
    ['phone', 'phone'],
    ['mobile_number', 'phone'],
    ['Telephone', 'phone'],
    ['name', 'name'],
    ['first_name', 'name'],
    ['Last Name', 'name'],
    ['customer_name', 'name'],
    ['surname', 'name'],
    ['street_address', 'address'],
    ['Address Line 1', 'address'],
    ['zip_code', 'address'],
    ['postcode', 'address'],
  ])('%j is %s', (column, kind) => expect(piiByName(column)).toBe(kind));

  it.each([
    'product_name',
    'segment_name',
    'country',
    'channel',
    'age',
    'spend',
    'hotel',
    'cellar',
  ])('%j is not flagged', (column) => expect(piiByName(column)).toBeNull());
});

describe('personal data by values', () => {
  const many = (f: (i: number) => string) => Array.from({ length: 20 }, (_, i) => f(i));
  it('finds emails, phones, addresses and names', () => {
    expect(piiByValues(many((i) => `user${i}@example.com`))).toBe('email');
    expect(piiByValues(many((i) => `+44 20 7946 ${String(1000 + i)}`))).toBe('phone');
    expect(piiByValues(many((i) => `(555) 010-${String(1000 + i)}`))).toBe('phone');
    expect(piiByValues(many((i) => `${i + 1} Baker Street`))).toBe('address');
    const first = ['Anna', 'Ben', 'Chloe', 'David', 'Emma'];
    const last = ['Smith', 'Jones', 'Brown', 'Taylor'];
    expect(piiByValues(many((i) => `${first[i % 5]} ${last[Math.floor(i / 5)]}`))).toBe('name');
  });
  it('leaves ids, amounts, repeated categories and mixed text alone', () => {
    expect(piiByValues(many((i) => String(100001 + i)))).toBeNull();
    expect(piiByValues(many((i) => `C${String(i).padStart(3, '0')}`))).toBeNull();
    expect(piiByValues(many((i) => (i % 2 ? 'United Kingdom' : 'New Zealand')))).toBeNull();
    expect(piiByValues(many((i) => `order ${i} was late`))).toBeNull();
    expect(piiByValues(['a@b.co', null, ''])).toBeNull(); // too few values
  });
  it('detects by name first, then by values of the text columns', () => {
    const flags = detectPii(['customer_id', 'email', 'contact', 'country'], {
      contact: many((i) => `p${i}@example.org`),
      country: many(() => 'France'),
    });
    expect(flags).toEqual([
      { column: 'email', kind: 'email', by: 'name' },
      { column: 'contact', kind: 'email', by: 'values' },
    ]);
  });
});

describe('pseudonyms', () => {
  it('are hex SHA-256 of salt + id: same id and salt, same hash; another salt, another hash', () => {
    const salt = saltFromBytes(new Uint8Array(16).fill(7));
    expect(salt).toBe('07'.repeat(16));
    expect(pseudonym('salt', 'C001')).toBe(
      '494c91892b45e8c5bf14b1168c20bb310c243ffe2aa719e2f51f55aeca40d0a2',
    );
    expect(pseudonym(salt, 'C001')).toBe(pseudonym(salt, 'C001'));
    expect(pseudonym(salt, 'C001')).not.toBe(pseudonym(salt, 'C002'));
    expect(pseudonym('other', 'C001')).not.toBe(pseudonym(salt, 'C001'));
  });
  it('match the SQL the export runs (DuckDB sha256), for non-ASCII ids too', async () => {
    const db = await createNodeDb();
    for (const id of ['C001', 'Zoë-ß-東京', "O'Brien"]) {
      const t = await db.query(`SELECT sha256(${literal('s4lt')} || ${literal(id)}) AS h`);
      expect(t.getChild('h')?.get(0)).toBe(pseudonym('s4lt', id));
    }
    db.close();
  });
  it('refuses unusable salts', () => {
    expect(checkSalt('')).toMatch(/empty/);
    expect(checkSalt('x'.repeat(257))).toMatch(/256/);
    expect(checkSalt('abc')).toBeNull();
    expect(() => saltFromBytes(new Uint8Array(4))).toThrow(/16 random bytes/);
  });
});
