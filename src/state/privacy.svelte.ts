import { detectPii, type PiiFlag } from '../lib/export/pii';
import { columnStrings } from '../lib/db/arrow-text';
import { ident } from '../lib/sql/quote';
import type { LoadedTable, StudioDb } from './loaded-table';

/** Rows whose values are looked at per table (the first ones: cheap, and the same every time). */
const SAMPLE_ROWS = 200;

/**
 * Which loaded columns look like personal data (emails, phones, names, addresses), by name and
 * by a sample of values, per table. The Data step flags them; exports can drop them.
 */
export class PrivacyState {
  /** Flags per table id (absent: not scanned yet). */
  flags = $state.raw<Record<string, PiiFlag[]>>({});
  // Bookkeeping only, never shown: a plain Map on purpose.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  private scanned = new Map<string, LoadedTable>();

  constructor(private readonly getDb: () => Promise<StudioDb>) {}

  /** The flags of a table's column, if any. */
  flag(tableId: string, column: string): PiiFlag | undefined {
    return this.flags[tableId]?.find((f) => f.column === column);
  }

  /**
   * Scans the tables not scanned in their current form (a reload or a role change rescans).
   * A scan that fails leaves the table unflagged: flags are a help, not a guarantee.
   */
  async scan(tables: readonly LoadedTable[]): Promise<void> {
    for (const t of tables) {
      if (this.scanned.get(t.id) === t) continue;
      this.scanned.set(t.id, t);
      try {
        const flags = await this.scanTable(t);
        this.flags = { ...this.flags, [t.id]: flags };
      } catch {
        this.scanned.delete(t.id);
      }
    }
  }

  private async scanTable(t: LoadedTable): Promise<PiiFlag[]> {
    const text = t.columns.filter((c) => /CHAR|TEXT|STRING/i.test(c.type));
    const samples: Record<string, (string | null)[]> = {};
    if (text.length) {
      const db = await this.getDb();
      const list = text.map((c) => ident(c.name)).join(', ');
      const res = await db.query(`SELECT ${list} FROM ${ident(t.table)} LIMIT ${SAMPLE_ROWS}`);
      text.forEach((c, j) => {
        const vec = res.getChildAt(j);
        if (vec) samples[c.name] = columnStrings(vec);
      });
    }
    return detectPii(
      t.columns.map((c) => c.name),
      samples,
    );
  }
}
