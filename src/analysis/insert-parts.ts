/**
 * Where the parts of an `INSERT`/`REPLACE` statement stand in its SQL text: the row source, each
 * literal row of a VALUES list, the row alias, the `ON DUPLICATE KEY UPDATE` assignments and the
 * `VALUES(col)` calls inside them. The statement IR says what an INSERT does; rules that point at
 * a row or rewrite part of the statement need these offsets.
 *
 * Grammar (MySQL 8.0 manual 15.2.7 "INSERT Statement", 15.2.7.2 "INSERT ... ON DUPLICATE KEY
 * UPDATE Statement"):
 *   INSERT [IGNORE] [INTO] tbl [(cols)] {VALUES | VALUE} (...), ... [AS alias [(col_alias, ...)]]
 *     [ON DUPLICATE KEY UPDATE assignment, ...]
 *   INSERT ... SET assignment, ... [AS alias] [ON DUPLICATE KEY UPDATE ...]
 *   INSERT ... {SELECT ... | TABLE t | (SELECT ...)} [ON DUPLICATE KEY UPDATE ...]
 *
 * All offsets are relative to the `sql` passed in (a `StatementUnit.sql`). Every function reads
 * only that text, is linear in its length, and never throws.
 */
import { isSymbol, isWord, readToken, type Token } from '../split/lexer.js';
import { TokenCursor } from '../parse/scan.js';
import { readInsertHead, skipParenthesised } from '../parse/bulk-insert.js';

/** `[start, end)` offsets into the statement's SQL. */
export interface TextSpan {
  start: number;
  end: number;
}

/** A `VALUES(col)` call in the ON DUPLICATE KEY UPDATE part. */
export interface ValuesFunctionCall {
  span: TextSpan;
  /** The column it names (a qualifier such as `t.` dropped). */
  column: string;
}

/** A `alias.col` reference in the ON DUPLICATE KEY UPDATE part. */
export interface AliasReference {
  span: TextSpan;
  column: string;
}

/** The parts of one INSERT/REPLACE statement. */
export interface InsertParts {
  /** Upper-case keyword the row source starts with: `VALUES`, `VALUE`, `SET`, `SELECT`, `WITH`, `(`, `TABLE`. */
  sourceKeyword: string;
  /** Where the row source starts (its keyword). */
  sourceStart: number;
  /** For a VALUES list: the span of each row, parentheses included (at most `rowLimit` of them). */
  rows: TextSpan[];
  /** Where the row source ends: after the last row of a VALUES list; for other sources the start of ON DUPLICATE KEY UPDATE or the statement end. */
  sourceEnd: number;
  /** `AS alias [(cols)]` after the rows, with its span and the column aliases. */
  rowAlias?: { name: string; columns?: string[]; span: TextSpan };
  /** The ON DUPLICATE KEY UPDATE clause: the span from `ON` to the statement's end. */
  onDuplicateKeyUpdate?: TextSpan;
  /** `VALUES(col)` calls inside ON DUPLICATE KEY UPDATE, in order. */
  valuesCalls: ValuesFunctionCall[];
  /** `alias.col` references inside ON DUPLICATE KEY UPDATE (only when there is a row alias). */
  aliasReferences: AliasReference[];
  /** Where the SQL of the statement ends, trailing blanks excluded. */
  end: number;
}

function isName(token: Token | undefined): token is Token {
  return token !== undefined && (token.type === 'word' || token.type === 'quoted-identifier');
}

/** Finds `ON DUPLICATE KEY UPDATE` at parenthesis depth 0 from `start`; returns the ON token's start. */
function findOnDuplicateKeyUpdate(sql: string, start: number, end: number): number | undefined {
  const cursor = new TokenCursor(sql, start, end);
  let depth = 0;
  for (;;) {
    const token = cursor.next();
    if (!token) return undefined;
    if (isSymbol(token, '(')) depth++;
    else if (isSymbol(token, ')')) depth = Math.max(0, depth - 1);
    else if (depth === 0 && isWord(token, 'ON') && isWord(cursor.peek(0), 'DUPLICATE') && isWord(cursor.peek(1), 'KEY') && isWord(cursor.peek(2), 'UPDATE')) {
      return token.start;
    }
  }
}

/**
 * Reads the parts of `sql` as an INSERT/REPLACE statement; undefined when it is not one the
 * grammar above describes. Row spans are collected up to `rowLimit` (default: all).
 */
export function readInsertParts(sql: string, rowLimit = Number.POSITIVE_INFINITY): InsertParts | undefined {
  try {
    return read(sql, rowLimit);
  } catch {
    return undefined;
  }
}

function read(sql: string, rowLimit: number): InsertParts | undefined {
  const cursor = new TokenCursor(sql);
  const head = readInsertHead(cursor);
  if (!head) return undefined;
  let end = sql.length;
  while (end > 0 && /\s|;/.test(sql[end - 1]!)) end--;
  const parts: InsertParts = {
    sourceKeyword: head.sourceKeyword,
    sourceStart: head.sourceOffset,
    rows: [],
    sourceEnd: end,
    valuesCalls: [],
    aliasReferences: [],
    end,
  };
  let tailStart: number;
  if (head.sourceKeyword === 'VALUES' || head.sourceKeyword === 'VALUE') {
    const keyword = readToken(sql, head.sourceOffset, end);
    if (!keyword) return undefined;
    const rowCursor = new TokenCursor(sql, keyword.end, end);
    let lastEnd = keyword.end;
    for (;;) {
      const open = rowCursor.peek();
      // MySQL's `VALUES ROW(...)` form.
      const rowOpen = isWord(open, 'ROW') && isSymbol(rowCursor.peek(1), '(') ? rowCursor.peek(1)! : open;
      if (!open || !rowOpen || !isSymbol(rowOpen, '(')) return undefined;
      const close = skipParenthesised(sql, rowOpen.start, end);
      if (sql[close - 1] !== ')') return undefined;
      if (parts.rows.length < rowLimit) parts.rows.push({ start: open.start, end: close });
      lastEnd = close;
      rowCursor.seek(close);
      if (!isSymbol(rowCursor.peek(), ',')) break;
      rowCursor.next();
    }
    parts.sourceEnd = lastEnd;
    tailStart = lastEnd;
  } else if (head.sourceKeyword === 'SET') {
    const onStart = findOnDuplicateKeyUpdate(sql, head.sourceOffset, end);
    const setEnd = onStart ?? end;
    parts.sourceEnd = trimEnd(sql, setEnd);
    // A row alias after SET assignments: `... , c = 1 AS new`.
    const alias = trailingAlias(sql, head.sourceOffset, parts.sourceEnd);
    if (alias) {
      parts.rowAlias = alias;
      parts.sourceEnd = trimEnd(sql, alias.span.start);
    }
    tailStart = onStart ?? end;
  } else {
    const onStart = findOnDuplicateKeyUpdate(sql, head.sourceOffset, end);
    parts.sourceEnd = trimEnd(sql, onStart ?? end);
    tailStart = onStart ?? end;
  }

  const tail = new TokenCursor(sql, tailStart, end);
  if (!parts.rowAlias && isWord(tail.peek(), 'AS') && isName(tail.peek(1))) {
    const asToken = tail.next()!;
    const name = tail.next()!;
    let aliasEnd = name.end;
    let columns: string[] | undefined;
    if (isSymbol(tail.peek(), '(')) {
      const open = tail.peek()!;
      const close = skipParenthesised(sql, open.start, end);
      columns = nameList(sql, open.start + 1, close - 1);
      aliasEnd = close;
      tail.seek(close);
    }
    parts.rowAlias = { name: name.value, span: { start: asToken.start, end: aliasEnd }, ...(columns ? { columns } : {}) };
  }
  const on = tail.peek();
  if (isWord(on, 'ON') && isWord(tail.peek(1), 'DUPLICATE') && isWord(tail.peek(2), 'KEY') && isWord(tail.peek(3), 'UPDATE')) {
    parts.onDuplicateKeyUpdate = { start: on!.start, end };
    readUpdateReferences(sql, tail.peek(3)!.end, end, parts);
  }
  return parts;
}

/** `AS name` ending exactly at `end`, found from the last tokens of `[start, end)`. */
function trailingAlias(sql: string, start: number, end: number): InsertParts['rowAlias'] {
  const cursor = new TokenCursor(sql, start, end);
  let previous: Token | undefined;
  let depth = 0;
  let found: InsertParts['rowAlias'];
  for (;;) {
    const token = cursor.next();
    if (!token) break;
    if (isSymbol(token, '(')) depth++;
    else if (isSymbol(token, ')')) depth = Math.max(0, depth - 1);
    if (depth === 0 && isName(token) && isWord(previous, 'AS') && token.end === end) {
      found = { name: token.value, span: { start: previous!.start, end: token.end } };
    }
    previous = token;
  }
  return found;
}

function trimEnd(sql: string, end: number): number {
  let index = end;
  while (index > 0 && /\s/.test(sql[index - 1]!)) index--;
  return index;
}

function nameList(sql: string, start: number, end: number): string[] {
  const names: string[] = [];
  const cursor = new TokenCursor(sql, start, end);
  for (;;) {
    const token = cursor.next();
    if (!token) return names;
    if (isName(token)) names.push(token.value);
  }
}

/** Collects `VALUES(col)` calls and `alias.col` references in the assignments `[start, end)`. */
function readUpdateReferences(sql: string, start: number, end: number, parts: InsertParts): void {
  const cursor = new TokenCursor(sql, start, end);
  const alias = parts.rowAlias?.name.toLowerCase();
  let previous: Token | undefined;
  for (;;) {
    const token = cursor.next();
    if (!token) return;
    const afterDot = isSymbol(previous, '.');
    if (!afterDot && isWord(token, 'VALUES') && isSymbol(cursor.peek(), '(')) {
      const open = cursor.peek()!;
      const close = skipParenthesised(sql, open.start, end);
      const inner = new TokenCursor(sql, open.start + 1, close - 1);
      const first = inner.next();
      let column: Token | undefined = first;
      if (isName(first) && isSymbol(inner.peek(), '.') && isName(inner.peek(1))) {
        inner.next();
        column = inner.next();
      }
      if (isName(column) && inner.atEnd() && sql[close - 1] === ')') {
        parts.valuesCalls.push({ span: { start: token.start, end: close }, column: column.value });
      }
      cursor.seek(close);
      previous = undefined;
      continue;
    }
    if (alias !== undefined && !afterDot && isName(token) && token.value.toLowerCase() === alias && isSymbol(cursor.peek(), '.') && isName(cursor.peek(1))) {
      cursor.next();
      const column = cursor.next()!;
      parts.aliasReferences.push({ span: { start: token.start, end: column.end }, column: column.value });
      previous = column;
      continue;
    }
    previous = token;
  }
}
