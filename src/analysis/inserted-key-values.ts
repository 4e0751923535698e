/**
 * The key values of literal INSERT rows, per unique key of the target table: which keys the rows
 * give a value to (`checkedKeys`), the comparable value of one row in one key (`rowKey`, through
 * src/analysis/key-values.ts), and, for live mode, the values handed to the live check of the rows
 * against the table (`LiveInsertedValues`, read by src/live/insert-probes.ts). Shared by the rules
 * that compare inserted rows (duplicate-key-in-inserted-rows, dump-restore-into-existing-table).
 */
import type { ValueLiteral } from '../statement.js';
import type { ColumnState, TableState, UniqueKeyState } from '../schema/types.js';
import { keyPartValue } from './key-values.js';

/** Distinct key values per key handed to the live probe (live mode only). */
export const LIVE_VALUES_LIMIT = 5_000;

/**
 * The key columns' values of every row as written (literals and expressions), for the live check
 * that has the server store them into a scratch copy of the columns (src/live/insert-probes.ts).
 * A value the server generates (AUTO_INCREMENT given NULL, or 0 without NO_AUTO_VALUE_ON_ZERO) is
 * NULL here: it never collides.
 */
export interface LiveRows {
  columns: string[];
  rows: ValueLiteral[][];
  truncated: boolean;
}

/** The literal key values of one key, for the live check against the rows a table holds. */
export interface LiveKeyValues {
  name: string;
  primary: boolean;
  parts: { column: string; prefixLength?: number }[];
  /** One tuple per distinct row value (NULL-free), as values to bind: strings, numbers as text, booleans as 1/0. */
  tuples: (string | number)[][];
  /** True when the statement had more distinct values than `LIVE_VALUES_LIMIT`. */
  truncated: boolean;
}

/** One key the rows can collide on: its state and, per part, where the value comes from. */
export interface CheckedKey {
  key: UniqueKeyState;
  /** Per part: the insert column index, or a constant default value, and the column state. */
  parts: { index?: number; constant?: ValueLiteral; column: ColumnState }[];
}

/** The keys whose every part gets a comparable value from the rows (or a literal default). */
export function checkedKeys(table: TableState, insertColumns: string[]): CheckedKey[] {
  const keys: CheckedKey[] = [];
  for (const key of table.uniqueKeys) {
    const parts: CheckedKey['parts'] = [];
    for (const part of key.parts) {
      if (part.column === '') break;
      const column = table.columns.find((candidate) => candidate.name.toLowerCase() === part.column.toLowerCase());
      if (!column || column.generated) break;
      const index = insertColumns.findIndex((name) => name.toLowerCase() === part.column.toLowerCase());
      if (index >= 0) parts.push({ index, column });
      else if (!column.autoIncrement && column.default && column.default.kind !== 'expression' && column.default.kind !== 'null') {
        parts.push({ constant: column.default, column });
      } else break;
    }
    if (parts.length === key.parts.length) keys.push({ key, parts });
  }
  return keys;
}

export function literalSql(value: ValueLiteral): string {
  switch (value.kind) {
    case 'null':
      return 'NULL';
    case 'string':
      return `'${value.value.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
    case 'number':
      return value.text;
    case 'boolean':
      return value.value ? 'TRUE' : 'FALSE';
    default:
      return value.text;
  }
}

/** The comparison key of one row in one key; undefined when the row cannot collide (NULL part) or is not comparable. */
export function rowKey(checked: CheckedKey, row: ValueLiteral[], noAutoValueOnZero: boolean): { key: string; texts: string[]; raw: string[]; bind: (string | number)[] } | undefined {
  const keys: string[] = [];
  const texts: string[] = [];
  const raw: string[] = [];
  const bind: (string | number)[] = [];
  for (let position = 0; position < checked.parts.length; position++) {
    const part = checked.parts[position]!;
    const value = part.index !== undefined ? row[part.index] : part.constant;
    if (value === undefined) return undefined;
    if (part.column.autoIncrement && (value.kind === 'null' || (!noAutoValueOnZero && value.kind === 'number' && Number(value.text) === 0))) {
      return undefined; // the server generates a new value
    }
    const compared = keyPartValue(value, part.column, checked.key.parts[position]!);
    if (compared.kind !== 'value') return undefined;
    keys.push(compared.key);
    texts.push(literalSql(value));
    raw.push(value.kind === 'string' ? value.value : literalSql(value));
    bind.push(value.kind === 'string' ? value.value : value.kind === 'number' ? value.text : value.kind === 'boolean' ? (value.value ? 1 : 0) : literalSql(value));
  }
  return { key: JSON.stringify(keys), texts, raw, bind };
}


/**
 * Collects, row by row, what the live check needs: the key columns' values of every row (at most
 * `LIVE_VALUES_LIMIT` rows) and each key's distinct NULL-free tuples (at most `LIVE_VALUES_LIMIT`
 * per key); `truncated` is set beyond. A value the server generates (AUTO_INCREMENT given NULL,
 * or 0 without NO_AUTO_VALUE_ON_ZERO) is NULL in `rows` and gives no tuple.
 */
export class LiveInsertedValues {
  readonly keys: LiveKeyValues[];
  readonly rows: LiveRows;
  private readonly columns: CheckedKey['parts'];
  private readonly seen: Set<string>[];

  constructor(private readonly checked: CheckedKey[]) {
    this.keys = checked.map((key): LiveKeyValues => ({
      name: key.key.name,
      primary: key.key.primary,
      parts: key.key.parts.map((part) => ({ column: part.column, ...(part.prefixLength !== undefined ? { prefixLength: part.prefixLength } : {}) })),
      tuples: [],
      truncated: false,
    }));
    this.columns = [...new Map(checked.flatMap((key) => key.parts.map((part) => [part.column.name.toLowerCase(), part] as const))).values()];
    this.rows = { columns: this.columns.map((part) => part.column.name), rows: [], truncated: false };
    this.seen = checked.map(() => new Set<string>());
  }

  /** Adds one row (values in insert-column order, already checked to have the right length). */
  add(row: ValueLiteral[], noAutoValueOnZero: boolean): void {
    if (this.rows.rows.length < LIVE_VALUES_LIMIT) {
      this.rows.rows.push(
        this.columns.map((part) => {
          const value = part.index !== undefined ? row[part.index]! : part.constant!;
          const generated = part.column.autoIncrement && (value.kind === 'null' || (!noAutoValueOnZero && value.kind === 'number' && Number(value.text) === 0));
          return generated ? { kind: 'null' } : value;
        }),
      );
    } else this.rows.truncated = true;
    for (const [position, checked] of this.checked.entries()) {
      const value = rowKey(checked, row, noAutoValueOnZero);
      if (!value) continue;
      const seen = this.seen[position]!;
      if (seen.has(value.key)) continue;
      const live = this.keys[position]!;
      if (live.tuples.length < LIVE_VALUES_LIMIT) {
        live.tuples.push(value.bind);
        seen.add(value.key);
      } else live.truncated = true;
    }
  }

  /** The keys to hand to the live check: all of them when rows were kept (the server compares those), else the ones with tuples. */
  liveKeys(): LiveKeyValues[] {
    return this.rows.rows.length > 0 ? this.keys : this.keys.filter((key) => key.tuples.length > 0);
  }
}
