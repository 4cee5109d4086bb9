import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { looksLikeProse } from '../../src/lib/ingest/prose';

const FIXTURES = path.join(process.cwd(), 'test', 'fixtures');
const TEXT = /\.(csv|tsv|txt|json|ndjson)$/;

describe('looksLikeProse', () => {
  it('knows a README or notes file is not data', () => {
    expect(looksLikeProse(readFileSync(path.join(FIXTURES, 'README.md'), 'utf8'))).toBe(true);
    expect(looksLikeProse(readFileSync(path.join(process.cwd(), 'README.md'), 'utf8'))).toBe(true);
    const notes = [
      'These are the notes from the meeting with the retail team on Monday.',
      'We agreed that the order file comes every week, and that returns are marked with a C.',
      'The customer table has one row per customer, with the signup date and the region.',
      'Next time, bring the numbers for the spring campaign, please.',
    ].join('\n');
    expect(looksLikeProse(notes)).toBe(true);
  });

  it('reads every data fixture as data', () => {
    for (const f of readdirSync(FIXTURES).filter((n) => TEXT.test(n))) {
      const text = readFileSync(path.join(FIXTURES, f), 'utf8').slice(0, 65_536);
      expect(looksLikeProse(text), f).toBe(false);
    }
  });

  it('keeps data with sentences in its text columns and a comment line', () => {
    const csv = [
      'id,review,stars',
      '1,"Great shoes, they fit well and the colour is lovely.",5',
      '2,"Arrived late but the seller was helpful, thank you.",4',
      '3,"Not what I ordered, sent it back the same day.",1',
    ].join('\n');
    expect(looksLikeProse(csv)).toBe(false);
    expect(looksLikeProse('# exported 2024-01-01\nid,amount\n1,2\n')).toBe(false);
    expect(looksLikeProse('')).toBe(false);
  });
});
