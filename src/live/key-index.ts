/**
 * The index fast path of the duplicate probe: finding an existing index of the table that already
 * holds the new unique key's values in key order, so that the probe's GROUP BY reads the index in
 * order and the server needs no sort (MariaDB KB "GROUP BY", "Using an index for GROUP BY";
 * MySQL 8.0 manual 10.2.1.17 "GROUP BY Optimization": a GROUP BY whose columns form a leftmost
 * prefix of an index is resolved by reading the index in order, "no temporary table or sort").
 *
 * An index is usable only when grouping through it compares exactly what the new key will
 * compare:
 * - its first key parts are exactly the key's grouped columns (in any order: the GROUP BY lists
 *   them in the index's order), each a full column, not a prefix (`SUB_PART` NULL): a prefix
 *   index orders values only by their first characters;
 * - each column is compared as it is now: the probe plans a plain column reference for it (no
 *   new collation, character set, length or type: a column the statement redefines is probed
 *   through a scratch table and never here), so the index's order is the column's collation;
 * - it is a B-tree index (`INDEX_TYPE` BTREE), ascending (`COLLATION` 'A'), and one the optimizer
 *   may use (not IGNORED on MariaDB 10.6+, not INVISIBLE on MySQL 8.0).
 *
 * The choice only changes how the server reads the rows, never which rows are equal: GROUP BY
 * compares with the columns' collations either way.
 */
import type { TableName } from '../statement.js';
import type { LiveSession } from './session.js';

/** An index whose leading key parts are the key's columns, usable for an index-order GROUP BY. */
export interface GroupingIndex {
  /** The index name as information_schema spells it (`PRIMARY` for the primary key). */
  name: string;
  /** The key's columns (current names) in the index's order. */
  columns: string[];
}

/** One row of information_schema.STATISTICS, as read here. */
interface IndexPart {
  index: string;
  sequence: number;
  column: string | null;
  subPart: number | null;
  order: string | null;
  type: string;
  usable: boolean;
}

/**
 * The indexes of `table` (information_schema.STATISTICS, MySQL 8.0 manual 28.3.34 "The
 * INFORMATION_SCHEMA STATISTICS Table"; MariaDB KB "Information Schema STATISTICS Table"), each
 * with its key parts in order. Columns a server does not have (`IGNORED`, `IS_VISIBLE`) count
 * as usable.
 */
async function readIndexes(session: LiveSession, table: TableName): Promise<Map<string, IndexPart[]>> {
  const rows = await session.select('SELECT * FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?', [
    table.schema ?? session.database,
    table.name,
  ]);
  const indexes = new Map<string, IndexPart[]>();
  for (const row of rows) {
    const field = (name: string): unknown => row[name] ?? row[name.toLowerCase()];
    const ignored = String(field('IGNORED') ?? 'NO').toUpperCase() === 'YES';
    const invisible = String(field('IS_VISIBLE') ?? 'YES').toUpperCase() === 'NO';
    const part: IndexPart = {
      index: String(field('INDEX_NAME')),
      sequence: Number(field('SEQ_IN_INDEX')),
      column: field('COLUMN_NAME') === null || field('COLUMN_NAME') === undefined ? null : String(field('COLUMN_NAME')),
      subPart: field('SUB_PART') === null || field('SUB_PART') === undefined ? null : Number(field('SUB_PART')),
      order: field('COLLATION') === null || field('COLLATION') === undefined ? null : String(field('COLLATION')),
      type: String(field('INDEX_TYPE') ?? ''),
      usable: !ignored && !invisible,
    };
    const parts = indexes.get(part.index) ?? [];
    parts.push(part);
    indexes.set(part.index, parts);
  }
  for (const parts of indexes.values()) parts.sort((a, b) => a.sequence - b.sequence);
  return indexes;
}

/**
 * An index of `table` whose first `columns.length` key parts are exactly `columns` (current
 * column names, compared case-insensitively, in any order), each full-length, ascending, B-tree
 * and usable (module docstring). Prefers the index with the fewest key parts (the narrowest to
 * read), a secondary index before the primary key (InnoDB's primary key holds the whole rows),
 * then the first by name. Undefined when there is none.
 *
 * @throws what `LiveSession.select` throws (timeout, privilege, lost connection).
 */
export async function findGroupingIndex(session: LiveSession, table: TableName, columns: string[]): Promise<GroupingIndex | undefined> {
  if (columns.length === 0) return undefined;
  const wanted = new Set(columns.map((column) => column.toLowerCase()));
  if (wanted.size !== columns.length) return undefined;
  const candidates: { name: string; width: number; columns: string[] }[] = [];
  for (const [name, parts] of await readIndexes(session, table)) {
    if (parts.length < columns.length) continue;
    const leading = parts.slice(0, columns.length);
    const fits = leading.every(
      (part, position) =>
        part.sequence === position + 1 &&
        part.column !== null &&
        wanted.has(part.column.toLowerCase()) &&
        part.subPart === null &&
        part.order === 'A' &&
        part.type.toUpperCase() === 'BTREE' &&
        part.usable,
    );
    if (!fits || new Set(leading.map((part) => part.column!.toLowerCase())).size !== columns.length) continue;
    candidates.push({ name, width: parts.length, columns: leading.map((part) => part.column!) });
  }
  candidates.sort((a, b) => a.width - b.width || Number(a.name === 'PRIMARY') - Number(b.name === 'PRIMARY') || a.name.localeCompare(b.name));
  const best = candidates[0];
  return best ? { name: best.name, columns: best.columns } : undefined;
}
