/**
 * Reads what a data statement does to the rows of a table, beyond its IR kind: the columns an
 * UPDATE assigns, whether a DELETE removes every row, whether it is a recognised duplicate-removal
 * step, and over which selected expressions an INSERT ... SELECT (or CREATE TABLE ... SELECT)
 * yields distinct rows. The schema model turns these into row facts (src/schema/model.ts).
 *
 * Only exact, common shapes are recognised; anything else yields no fact, so the rules keep
 * reporting. Semantics: MySQL 8.0 manual 15.2.2 "DELETE Statement" (multiple-table syntax),
 * 15.2.17 "UPDATE Statement", 15.2.13.1 "SELECT ... DISTINCT" and 14.19.3 "MySQL Handling of
 * GROUP BY" (DISTINCT and GROUP BY treat NULLs as equal, so the rows they yield are distinct).
 */
import type { DedupeStep, StatementIR, TableName } from '../statement.js';
import { tokenize, isSymbol, isWord, type Token } from '../split/lexer.js';

function identifierAt(tokens: readonly Token[], index: number): string | undefined {
  const token = tokens[index];
  if (!token) return undefined;
  if (token.type === 'quoted-identifier') return token.value;
  if (token.type === 'word') return token.text;
  return undefined;
}

/** A column reference `c`, `t.c` or `db.t.c` at `index`; undefined when there is none. */
function columnReference(tokens: readonly Token[], index: number): { qualifier?: string; column: string; next: number } | undefined {
  const first = identifierAt(tokens, index);
  if (first === undefined) return undefined;
  if (!isSymbol(tokens[index + 1], '.')) return { column: first, next: index + 1 };
  const second = identifierAt(tokens, index + 2);
  if (second === undefined) return undefined;
  if (!isSymbol(tokens[index + 3], '.')) return { qualifier: first, column: second, next: index + 3 };
  const third = identifierAt(tokens, index + 4);
  if (third === undefined) return undefined;
  return { qualifier: second, column: third, next: index + 5 };
}

/** A table name `t` or `db.t` at `index`. */
function tableNameAt(tokens: readonly Token[], index: number): { table: TableName; next: number } | undefined {
  const first = identifierAt(tokens, index);
  if (first === undefined) return undefined;
  if (!isSymbol(tokens[index + 1], '.')) return { table: { name: first }, next: index + 1 };
  const second = identifierAt(tokens, index + 2);
  if (second === undefined) return undefined;
  return { table: { schema: first, name: second }, next: index + 3 };
}

/** Index of the parenthesis closing the one at `open`, or -1. */
function closingParen(tokens: readonly Token[], open: number): number {
  let depth = 0;
  for (let index = open; index < tokens.length; index++) {
    if (isSymbol(tokens[index], '(')) depth++;
    else if (isSymbol(tokens[index], ')')) {
      depth--;
      if (depth === 0) return index;
    }
  }
  return -1;
}

/** Index of the first word of `words` at parenthesis depth 0 in `[from, to)`, or -1. */
function topLevelWord(tokens: readonly Token[], from: number, to: number, words: readonly string[]): number {
  let depth = 0;
  for (let index = from; index < to; index++) {
    const token = tokens[index];
    if (isSymbol(token, '(')) depth++;
    else if (isSymbol(token, ')')) depth--;
    else if (depth === 0 && token?.type === 'word' && words.includes(token.text.toUpperCase())) return index;
  }
  return -1;
}

/** Splits `[from, to)` at depth-0 commas (or at the depth-0 word `separator`). */
function splitTopLevel(tokens: readonly Token[], from: number, to: number, separator = ','): [number, number][] {
  const pieces: [number, number][] = [];
  let depth = 0;
  let start = from;
  for (let index = from; index < to; index++) {
    const token = tokens[index];
    if (isSymbol(token, '(')) depth++;
    else if (isSymbol(token, ')')) depth--;
    else if (depth === 0 && (separator === ',' ? isSymbol(token, ',') : isWord(token, separator))) {
      pieces.push([start, index]);
      start = index + 1;
    }
  }
  pieces.push([start, to]);
  return pieces;
}

const sameName = (left: string, right: string): boolean => left.toLowerCase() === right.toLowerCase();

/** One table reference of a FROM list: a table or a derived table, with its alias. */
interface TableReference {
  table?: TableName;
  /** Token range of the derived table's query, inside its parentheses. */
  query?: [number, number];
  alias: string;
}

function tableReference(tokens: readonly Token[], index: number, to: number): { reference: TableReference; next: number } | undefined {
  let reference: TableReference;
  let next: number;
  if (isSymbol(tokens[index], '(')) {
    const close = closingParen(tokens, index);
    if (close < 0 || close >= to) return undefined;
    reference = { query: [index + 1, close], alias: '' };
    next = close + 1;
  } else {
    const named = tableNameAt(tokens, index);
    if (!named) return undefined;
    reference = { table: named.table, alias: named.table.name };
    next = named.next;
  }
  if (isWord(tokens[next], 'AS')) next++;
  const alias = identifierAt(tokens, next);
  const reserved = ['INNER', 'JOIN', 'ON', 'WHERE', 'CROSS', 'STRAIGHT_JOIN', 'LEFT', 'RIGHT', 'USING'];
  if (alias !== undefined && next < to && !(tokens[next]?.type === 'word' && reserved.includes(alias.toUpperCase()))) {
    reference.alias = alias;
    next++;
  } else if (reference.query) {
    return undefined;
  }
  return { reference, next };
}

/** A comparison `a.x op b.y` between two column references. */
interface Comparison {
  left: { qualifier?: string; column: string };
  operator: string;
  right: { qualifier?: string; column: string };
}

function comparisons(tokens: readonly Token[], from: number, to: number): Comparison[] | undefined {
  const result: Comparison[] = [];
  for (const [start, stop] of splitTopLevel(tokens, from, to, 'AND')) {
    let first = start;
    let last = stop;
    while (isSymbol(tokens[first], '(') && closingParen(tokens, first) === last - 1) {
      first++;
      last--;
    }
    const left = columnReference(tokens, first);
    if (!left) return undefined;
    const operator = tokens[left.next];
    if (!operator || operator.type !== 'symbol' || !['=', '<', '>', '<>', '!='].includes(operator.text)) return undefined;
    const right = columnReference(tokens, left.next + 1);
    if (!right || right.next !== last) return undefined;
    result.push({ left, operator: operator.text, right });
  }
  return result;
}

/** The selected items of `SELECT ... FROM`: names (alias or column) and plain column references. */
interface SelectShape {
  distinct: boolean;
  items: { name?: string; column?: string; aggregate?: { fn: string; column: string } }[];
  /** Group-by columns, when there is a GROUP BY of plain columns. */
  groupBy?: string[];
  /** Table of a single-table FROM, when it is one. */
  from?: TableName;
}

function selectShape(tokens: readonly Token[], from: number, to: number): SelectShape | undefined {
  if (!isWord(tokens[from], 'SELECT')) return undefined;
  if (topLevelWord(tokens, from, to, ['UNION', 'EXCEPT', 'INTERSECT']) >= 0) return undefined;
  let index = from + 1;
  let distinct = false;
  if (isWord(tokens[index], 'DISTINCT') || isWord(tokens[index], 'DISTINCTROW')) {
    distinct = true;
    index++;
  }
  const fromWord = topLevelWord(tokens, index, to, ['FROM']);
  const listEnd = fromWord < 0 ? to : fromWord;
  const items: SelectShape['items'] = [];
  for (const [start, stop] of splitTopLevel(tokens, index, listEnd)) {
    if (start >= stop) return undefined;
    if (isSymbol(tokens[start], '*') || isSymbol(tokens[stop - 1], '*')) return undefined;
    let end = stop;
    let name: string | undefined;
    if (stop - start >= 3 && isWord(tokens[stop - 2], 'AS') && identifierAt(tokens, stop - 1) !== undefined) {
      name = identifierAt(tokens, stop - 1);
      end = stop - 2;
    } else if (stop - start >= 2 && identifierAt(tokens, stop - 1) !== undefined && (isSymbol(tokens[stop - 2], ')') || identifierAt(tokens, stop - 2) !== undefined)) {
      name = identifierAt(tokens, stop - 1);
      end = stop - 1;
    }
    const item: SelectShape['items'][number] = {};
    const reference = columnReference(tokens, start);
    if (reference && reference.next === end) {
      item.column = reference.column;
      item.name = name ?? reference.column;
    } else if (reference && reference.next === start + 1 && isSymbol(tokens[start + 1], '(') && closingParen(tokens, start + 1) === end - 1) {
      const fn = tokens[start]!.text.toUpperCase();
      const inner = columnReference(tokens, start + 2);
      if ((fn === 'MAX' || fn === 'MIN') && inner && inner.next === end - 1) item.aggregate = { fn, column: inner.column };
      if (name !== undefined) item.name = name;
    } else if (name !== undefined) {
      item.name = name;
    }
    items.push(item);
  }
  const shape: SelectShape = { distinct, items };
  if (fromWord >= 0) {
    const fromEnd = topLevelWord(tokens, fromWord + 1, to, ['WHERE', 'GROUP', 'HAVING', 'ORDER', 'LIMIT', 'WINDOW']);
    const named = tableNameAt(tokens, fromWord + 1);
    const stop = fromEnd < 0 ? to : fromEnd;
    if (named) {
      let next = named.next;
      if (isWord(tokens[next], 'AS')) next++;
      if (next < stop && identifierAt(tokens, next) !== undefined) next++;
      if (next === stop) shape.from = named.table;
    }
  }
  const group = topLevelWord(tokens, index, to, ['GROUP']);
  if (group >= 0 && isWord(tokens[group + 1], 'BY')) {
    let groupEnd = topLevelWord(tokens, group + 2, to, ['HAVING', 'ORDER', 'LIMIT', 'WINDOW', 'WITH']);
    if (groupEnd >= 0 && isWord(tokens[groupEnd], 'WITH')) return shape; // WITH ROLLUP adds rows
    if (groupEnd < 0) groupEnd = to;
    const columns: string[] = [];
    for (const [start, stop] of splitTopLevel(tokens, group + 2, groupEnd)) {
      const reference = columnReference(tokens, start);
      if (!reference || reference.next !== stop) return shape;
      columns.push(reference.column);
    }
    shape.groupBy = columns;
  }
  return shape;
}

/**
 * Positions of the selected items over which the rows of a SELECT are distinct: every item for
 * SELECT DISTINCT; for a GROUP BY of plain columns, the items that are exactly those columns
 * (every group column must be selected). Undefined when neither applies.
 */
function distinctPositionsOf(shape: SelectShape): number[] | undefined {
  if (shape.distinct) return shape.items.map((_item, position) => position);
  if (!shape.groupBy || shape.groupBy.length === 0) return undefined;
  const positions: number[] = [];
  for (const column of shape.groupBy) {
    const position = shape.items.findIndex((item) => item.column !== undefined && sameName(item.column, column));
    if (position < 0) return undefined;
    if (!positions.includes(position)) positions.push(position);
  }
  return positions.sort((a, b) => a - b);
}

/** The main SELECT of an INSERT ... SELECT or CREATE TABLE ... SELECT: its token range. */
function mainSelect(tokens: readonly Token[]): [number, number] | undefined {
  const select = topLevelWord(tokens, 1, tokens.length, ['SELECT']);
  if (select < 0) return undefined;
  let end = tokens.length;
  const on = topLevelWord(tokens, select, tokens.length, ['ON']);
  if (on >= 0 && isWord(tokens[on + 1], 'DUPLICATE')) end = on;
  return [select, end];
}

/** A DELETE that removes every row, or a recognised dedupe step. */
function deleteEffects(tokens: readonly Token[]): { allRows?: true; dedupe?: DedupeStep } {
  let index = 1;
  while (isWord(tokens[index], 'LOW_PRIORITY') || isWord(tokens[index], 'QUICK') || isWord(tokens[index], 'IGNORE')) index++;
  if (isWord(tokens[index], 'FROM')) {
    const named = tableNameAt(tokens, index + 1);
    if (named && named.next === tokens.length) return { allRows: true };
  }
  // DELETE alias FROM refs [WHERE ...]  |  DELETE FROM alias USING refs [WHERE ...]
  let target: string | undefined;
  let refsStart: number;
  if (isWord(tokens[index], 'FROM')) {
    target = identifierAt(tokens, index + 1);
    if (!isWord(tokens[index + 2], 'USING')) return {};
    refsStart = index + 3;
  } else {
    target = identifierAt(tokens, index);
    if (isSymbol(tokens[index + 1], '.') && isSymbol(tokens[index + 2], '*')) index += 2;
    if (!isWord(tokens[index + 1], 'FROM')) return {};
    refsStart = index + 2;
  }
  if (target === undefined) return {};
  const where = topLevelWord(tokens, refsStart, tokens.length, ['WHERE']);
  const refsEnd = where < 0 ? tokens.length : where;
  const first = tableReference(tokens, refsStart, refsEnd);
  if (!first) return {};
  let next = first.next;
  let onRange: [number, number] | undefined;
  if (isSymbol(tokens[next], ',')) next++;
  else {
    if (isWord(tokens[next], 'INNER')) next++;
    if (!isWord(tokens[next], 'JOIN')) return {};
    next++;
  }
  const second = tableReference(tokens, next, refsEnd);
  if (!second) return {};
  next = second.next;
  if (isWord(tokens[next], 'ON')) {
    onRange = [next + 1, refsEnd];
  } else if (next !== refsEnd) return {};
  const conditions: Comparison[] = [];
  for (const range of [onRange, where >= 0 ? ([where + 1, tokens.length] as [number, number]) : undefined]) {
    if (!range) continue;
    const read = comparisons(tokens, range[0], range[1]);
    if (!read) return {};
    conditions.push(...read);
  }
  const refs = [first.reference, second.reference];
  const deleted = refs.find((reference) => reference.table && sameName(reference.alias, target!));
  const other = refs.find((reference) => reference !== deleted);
  if (!deleted?.table || !other || sameName(deleted.alias, other.alias)) return {};
  const side = (reference: { qualifier?: string }): 'deleted' | 'other' | undefined => {
    if (!reference.qualifier) return undefined;
    if (sameName(reference.qualifier, deleted.alias)) return 'deleted';
    if (sameName(reference.qualifier, other.alias)) return 'other';
    return undefined;
  };
  /** Each comparison oriented deleted-side first; undefined when one does not compare the two sides. */
  const oriented: Comparison[] = [];
  for (const comparison of conditions) {
    const left = side(comparison.left);
    const right = side(comparison.right);
    if (left === 'deleted' && right === 'other') oriented.push(comparison);
    else if (left === 'other' && right === 'deleted') {
      const flipped: Record<string, string> = { '<': '>', '>': '<' };
      oriented.push({ left: comparison.right, operator: flipped[comparison.operator] ?? comparison.operator, right: comparison.left });
    } else return {};
  }
  const equalities = oriented.filter((comparison) => comparison.operator === '=');
  const tiebreaks = oriented.filter((comparison) => comparison.operator !== '=');
  if (equalities.length === 0 || tiebreaks.length !== 1) return {};
  const tiebreak = tiebreaks[0]!;
  if (other.table) {
    // Self-join: DELETE t1 FROM t t1 JOIN t t2 ON t1.k = t2.k AND t1.id > t2.id.
    if (!sameName(other.table.name, deleted.table.name)) return {};
    if (!equalities.every((comparison) => sameName(comparison.left.column, comparison.right.column))) return {};
    if (!sameName(tiebreak.left.column, tiebreak.right.column)) return {};
    return { dedupe: { table: deleted.table, columns: equalities.map((comparison) => comparison.left.column), tiebreak: tiebreak.left.column } };
  }
  // Join to (SELECT k..., MAX(id) AS keep FROM t GROUP BY k...): deletes every row but the kept one.
  const query = other.query!;
  const shape = selectShape(tokens, query[0], query[1]);
  if (!shape?.groupBy || !shape.from || !sameName(shape.from.name, deleted.table.name)) return {};
  const aggregates = shape.items.filter((item) => item.aggregate);
  if (aggregates.length !== 1) return {};
  const kept = aggregates[0]!;
  const plain = shape.items.filter((item) => item.column);
  if (plain.length + 1 !== shape.items.length) return {};
  const groupColumns = shape.groupBy;
  if (plain.length !== groupColumns.length || !plain.every((item) => groupColumns.some((column) => sameName(column, item.column!)))) return {};
  if (!kept.name || !sameName(tiebreak.right.column, kept.name) || !sameName(tiebreak.left.column, kept.aggregate!.column)) return {};
  const operatorKeepsOne = tiebreak.operator === '<>' || tiebreak.operator === '!=' || (kept.aggregate!.fn === 'MAX' ? tiebreak.operator === '<' : tiebreak.operator === '>');
  if (!operatorKeepsOne) return {};
  const matched: string[] = [];
  for (const equality of equalities) {
    const item = plain.find((candidate) => candidate.name && sameName(candidate.name, equality.right.column));
    if (!item || !sameName(item.column!, equality.left.column)) return {};
    matched.push(item.column!);
  }
  if (!groupColumns.every((column) => matched.some((name) => sameName(name, column)))) return {};
  return { dedupe: { table: deleted.table, columns: matched, tiebreak: kept.aggregate!.column } };
}

/**
 * Adds row facts to the IR of an UPDATE, DELETE, INSERT ... SELECT or CREATE TABLE ... SELECT,
 * read from `sql` (the statement unit's parser input). Leaves other statements alone; never throws.
 */
export function addRowEffects(ir: StatementIR, sql: string): void {
  try {
    // An UPDATE's assigned columns (`setColumns`) come with its IR from the statement readers.
    if (ir.kind !== 'delete' && !(ir.kind === 'insert' && ir.source === 'select') && !(ir.kind === 'create-table' && ir.asSelect)) return;
    const tokens = tokenize(sql);
    if (ir.kind === 'delete') {
      const effects = deleteEffects(tokens);
      if (effects.allRows && ir.tables.length === 1) ir.allRows = true;
      if (effects.dedupe) ir.dedupe = effects.dedupe;
      return;
    }
    const select = mainSelect(tokens);
    if (!select) return;
    const shape = selectShape(tokens, select[0], select[1]);
    const positions = shape ? distinctPositionsOf(shape) : undefined;
    if (!shape || !positions) return;
    if (ir.kind === 'insert') ir.distinctPositions = positions;
    else {
      const names = positions.map((position) => shape.items[position]?.name);
      if (names.every((name): name is string => name !== undefined)) ir.distinctColumns = names;
    }
  } catch {
    // No fact: the rules keep reporting.
  }
}
