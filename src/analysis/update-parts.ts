/**
 * Where the parts of a single-table `UPDATE` stand in its SQL text: the table and its alias, each
 * assignment of the SET clause with its expression, and the WHERE, ORDER BY and LIMIT clauses.
 * The statement IR says which columns an UPDATE assigns; the live check of `update-unique-key`
 * needs the expressions and the row filter as written, to have the server evaluate them.
 *
 * Grammar (MySQL 8.0 manual 15.2.17 "UPDATE Statement"; MariaDB knowledge base "UPDATE"):
 *   UPDATE [LOW_PRIORITY] [IGNORE] tbl [[AS] alias] SET col = expr [, col = expr] ...
 *     [WHERE condition] [ORDER BY ...] [LIMIT row_count]
 * A multi-table UPDATE (a comma or a JOIN among the table references) is recognised as such and
 * not taken apart.
 *
 * Reads only the text passed in, is linear in its length, and never throws.
 */
import { isSymbol, isWord, type Token } from '../split/lexer.js';
import { TokenCursor } from '../parse/scan.js';

/** One `col = expr` of the SET clause. */
export interface UpdateAssignment {
  /** The column, without a qualifier. */
  column: string;
  /** The qualifier written before the column (`t` of `t.col`), when any. */
  qualifier?: string;
  /** The expression's SQL text as written. */
  expression: string;
}

/** The parts of one UPDATE statement. */
export type UpdateParts =
  | { multiTable: true }
  | {
      multiTable: false;
      ignore: boolean;
      table: { schema?: string; name: string };
      /** `[AS] alias` after the table name. */
      alias?: string;
      assignments: UpdateAssignment[];
      /** The WHERE condition's SQL text, without the keyword. */
      where?: string;
      /** The ORDER BY list's SQL text, without the keywords. */
      orderBy?: string;
      /** The LIMIT row count, when it is a plain number. */
      limit?: number;
      /** True when a LIMIT clause is written (its count may not be a plain number). */
      hasLimit: boolean;
    };

function isName(token: Token | undefined): boolean {
  return token !== undefined && (token.type === 'word' || token.type === 'quoted-identifier');
}

const CLAUSE_WORDS = new Set(['WHERE', 'ORDER', 'LIMIT']);

/**
 * Reads the parts of `sql`, an UPDATE statement. Returns undefined when the text is not an UPDATE
 * this reader understands (a WITH clause before it, a SET it cannot split).
 */
export function readUpdateParts(sql: string): UpdateParts | undefined {
  const cursor = new TokenCursor(sql);
  if (!isWord(cursor.next(), 'UPDATE')) return undefined;
  let ignore = false;
  for (;;) {
    const token = cursor.peek();
    if (isWord(token, 'LOW_PRIORITY')) cursor.next();
    else if (isWord(token, 'IGNORE')) {
      ignore = true;
      cursor.next();
    } else break;
  }
  const first = cursor.next();
  if (!isName(first)) return undefined;
  const table: { schema?: string; name: string } = { name: first!.value };
  if (isSymbol(cursor.peek(), '.') && isName(cursor.peek(1))) {
    cursor.next();
    table.schema = table.name;
    table.name = cursor.next()!.value;
  }
  let alias: string | undefined;
  if (isWord(cursor.peek(), 'AS')) {
    cursor.next();
    const name = cursor.next();
    if (!isName(name)) return undefined;
    alias = name!.value;
  } else if (isName(cursor.peek()) && !isWord(cursor.peek(), 'SET')) {
    const word = cursor.peek()!.value.toUpperCase();
    if (['JOIN', 'INNER', 'LEFT', 'RIGHT', 'CROSS', 'STRAIGHT_JOIN', 'NATURAL'].includes(word)) return { multiTable: true };
    alias = cursor.next()!.value;
  }
  const afterTable = cursor.peek();
  if (isSymbol(afterTable, ',') || (afterTable?.type === 'word' && /^(JOIN|INNER|LEFT|RIGHT|CROSS|STRAIGHT_JOIN|NATURAL)$/i.test(afterTable.value))) {
    return { multiTable: true };
  }
  if (!isWord(cursor.next(), 'SET')) return undefined;

  // Split the rest at depth-0 commas (assignments) and clause keywords.
  const assignments: UpdateAssignment[] = [];
  let depth = 0;
  let assignmentStart = cursor.offset();
  const clauses: { word: string; start: number; bodyStart: number }[] = [];
  const finishAssignment = (end: number): boolean => {
    const text = sql.slice(assignmentStart, end);
    const parsed = readAssignment(text);
    if (!parsed) return false;
    assignments.push(parsed);
    return true;
  };
  for (let token = cursor.next(); token; token = cursor.next()) {
    if (isSymbol(token, '(')) depth += 1;
    else if (isSymbol(token, ')')) depth = Math.max(0, depth - 1);
    else if (isSymbol(token, ';')) break;
    else if (depth === 0 && token.type === 'word' && CLAUSE_WORDS.has(token.value.toUpperCase())) {
      const word = token.value.toUpperCase();
      if (word === 'ORDER' && !isWord(cursor.peek(), 'BY')) continue;
      if (clauses.length === 0 && !finishAssignment(token.start)) return undefined;
      if (word === 'ORDER') cursor.next();
      clauses.push({ word, start: token.start, bodyStart: cursor.offset() });
    } else if (depth === 0 && clauses.length === 0 && isSymbol(token, ',')) {
      if (!finishAssignment(token.start)) return undefined;
      assignmentStart = cursor.offset();
    }
  }
  const end = trimmedEnd(sql);
  if (clauses.length === 0 && !finishAssignment(end)) return undefined;
  const parts: Extract<UpdateParts, { multiTable: false }> = { multiTable: false, ignore, table, assignments, hasLimit: false };
  if (alias !== undefined) parts.alias = alias;
  clauses.forEach((clause, index) => {
    const body = sql.slice(clause.bodyStart, index + 1 < clauses.length ? clauses[index + 1]!.start : end).trim();
    if (clause.word === 'WHERE') parts.where = body;
    else if (clause.word === 'ORDER') parts.orderBy = body;
    else {
      parts.hasLimit = true;
      if (/^\d+$/.test(body)) parts.limit = Number(body);
    }
  });
  return parts;
}

/** Where the statement text ends: before a trailing `;` and blanks. */
function trimmedEnd(sql: string): number {
  let end = sql.length;
  while (end > 0 && /[\s;]/.test(sql[end - 1]!)) end -= 1;
  return end;
}

/** `col = expr` or `q.col = expr` (`q` may itself be `db.t`). */
function readAssignment(text: string): UpdateAssignment | undefined {
  const cursor = new TokenCursor(text);
  const names: string[] = [];
  for (;;) {
    const token = cursor.next();
    if (!isName(token)) return undefined;
    names.push(token!.value);
    if (isSymbol(cursor.peek(), '.')) {
      cursor.next();
      continue;
    }
    break;
  }
  if (!isSymbol(cursor.peek(), '=')) return undefined;
  cursor.next();
  const expression = text.slice(cursor.offset()).trim();
  if (expression === '') return undefined;
  const assignment: UpdateAssignment = { column: names[names.length - 1]!, expression };
  if (names.length > 1) assignment.qualifier = names[names.length - 2]!;
  return assignment;
}
