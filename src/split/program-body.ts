/**
 * Leaf statements of a stored program's body.
 *
 * Migrations often wrap DDL in a procedure that checks `information_schema` first and then runs
 * `ALTER TABLE ...` inside `IF ... THEN ... END IF`. The linter must see those inner statements,
 * so this module reads the body of a `CREATE PROCEDURE/FUNCTION/TRIGGER/EVENT` unit and returns
 * its leaf statements as units of their own.
 *
 * Grammar followed: MySQL 8.0 manual 15.1.17 "CREATE PROCEDURE and CREATE FUNCTION", 15.1.22
 * "CREATE TRIGGER", 15.1.13 "CREATE EVENT" and 15.6 "Compound Statement Syntax" (BEGIN ... END,
 * labels, DECLARE, handlers, IF, CASE, LOOP, WHILE, REPEAT, LEAVE, ITERATE). Conditions of IF,
 * ELSEIF, CASE/WHEN, WHILE and UNTIL are not units; the statements in the branches are.
 */
import type { LineIndex } from '../diagnostic.js';
import type { SourceComment, SplitProblem, StatementUnit } from '../statement.js';
import { tokenize, type Token } from './lexer.js';

/** Kinds of stored program (matches `detectProgramHead` in the splitter). */
export type StoredProgramKind = 'procedure' | 'function' | 'trigger' | 'event' | 'block';

const BLOCK_TERMINATORS_END = new Set(['END']);
const IF_TERMINATORS = new Set(['ELSEIF', 'ELSE', 'END']);
const CASE_TERMINATORS = new Set(['WHEN', 'ELSE', 'END']);
const REPEAT_TERMINATORS = new Set(['UNTIL']);
/** Words that close a statement list, never a label after END. */
const LIST_CLOSERS = new Set(['END', 'ELSE', 'ELSEIF', 'WHEN', 'UNTIL']);
const LABELLED_BLOCKS = new Set(['BEGIN', 'LOOP', 'WHILE', 'REPEAT']);
const TYPE_WORDS = new Set([
  'PRECISION', 'VARYING', 'VARCHAR', 'CHAR', 'UNSIGNED', 'SIGNED', 'ZEROFILL', 'BINARY', 'ASCII',
  'UNICODE', 'BYTE', 'NATIONAL',
]);

/**
 * Reads the body of `parent`, a top-level unit whose head creates a stored program of kind
 * `kind`, and returns its leaf statements in order: each a `StatementUnit` with origin
 * `program-body`, the parent's `index`, file offsets and its own line:column (from `lineIndex`,
 * built over the whole file), `sql` taken from the parent's `sql` (comments already blanked),
 * `delimiter` `''` and `leadingComments` taken from `comments` (all comments of the file, in
 * order) between the previous leaf (or the parent's start) and this one.
 *
 * Returns `[]` when the head cannot be read (no parameter list, no `FOR EACH ROW`, no `DO`).
 * Never throws; malformed bodies give best-effort leaves.
 */
export function readProgramBody(
  parent: StatementUnit,
  kind: StoredProgramKind,
  comments: readonly SourceComment[],
  lineIndex: LineIndex,
  problems?: SplitProblem[],
): StatementUnit[] {
  const tokens = tokenize(parent.sql);
  const bodyStart = findBodyStart(tokens, kind);
  if (bodyStart < 0 || bodyStart >= tokens.length) return [];
  const leaves: Array<[number, number]> = [];
  const reader = new BodyReader(tokens, leaves);
  try {
    reader.statement(bodyStart, 0);
  } catch (error) {
    if (!(error instanceof NestingTooDeep)) throw error;
    const at = parent.startOffset + (tokens[error.tokenIndex]?.start ?? 0);
    problems?.push({
      message: `blocks nested more than ${MAX_BODY_NESTING} deep (BEGIN, IF, CASE, LOOP, WHILE, REPEAT) in this stored program: its body was not read, so its statements are not checked`,
      startOffset: at,
      endOffset: at + (tokens[error.tokenIndex] ? tokens[error.tokenIndex]!.end - tokens[error.tokenIndex]!.start : 0),
    });
    return [];
  }

  const units: StatementUnit[] = [];
  let previousEnd = parent.startOffset;
  for (const [first, last] of leaves) {
    const start = tokens[first]!.start;
    const end = tokens[last]!.end;
    const startOffset = parent.startOffset + start;
    const endOffset = parent.startOffset + end;
    units.push({
      index: parent.index,
      origin: 'program-body',
      startOffset,
      endOffset,
      range: lineIndex.range(startOffset, endOffset),
      sql: parent.sql.slice(start, end),
      exactOffsets: parent.exactOffsets,
      delimiter: '',
      leadingComments: commentsBetween(comments, previousEnd, startOffset),
      bodyStatements: [],
    });
    previousEnd = endOffset;
  }
  return units;
}

/** Comments lying entirely inside `[from, to)`; `comments` is sorted by offset. */
function commentsBetween(comments: readonly SourceComment[], from: number, to: number): SourceComment[] {
  let low = 0;
  let high = comments.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (comments[middle]!.startOffset < from) low = middle + 1;
    else high = middle;
  }
  const found: SourceComment[] = [];
  for (let index = low; index < comments.length; index += 1) {
    const comment = comments[index]!;
    if (comment.startOffset >= to) break;
    if (comment.endOffset <= to) found.push(comment);
  }
  return found;
}

function upper(token: Token | undefined): string {
  return token !== undefined && token.type === 'word' ? token.text.toUpperCase() : '';
}

function isSymbol(token: Token | undefined, symbol: string): boolean {
  return token !== undefined && token.type === 'symbol' && token.text === symbol;
}

/** Index just after the `)` matching the `(` at `open` (or the token count when unbalanced). */
function skipParenthesised(tokens: readonly Token[], open: number): number {
  let depth = 0;
  for (let index = open; index < tokens.length; index += 1) {
    if (isSymbol(tokens[index], '(')) depth += 1;
    else if (isSymbol(tokens[index], ')')) {
      depth -= 1;
      if (depth === 0) return index + 1;
    }
  }
  return tokens.length;
}

/** Index of the first body token, or -1 when the head cannot be read. */
function findBodyStart(tokens: readonly Token[], kind: StoredProgramKind): number {
  if (kind === 'block') return upper(tokens[0]) === 'BEGIN' ? 0 : -1;
  const kindWord = kind.toUpperCase();
  let index = tokens.findIndex((token) => upper(token) === kindWord);
  if (index < 0) return -1;
  index += 1;
  if (kind === 'procedure' || kind === 'function') {
    while (index < tokens.length && !isSymbol(tokens[index], '(')) {
      if (isSymbol(tokens[index], ';')) return -1;
      index += 1;
    }
    if (index >= tokens.length) return -1;
    index = skipParenthesised(tokens, index);
    if (kind === 'function' && upper(tokens[index]) === 'RETURNS') index = skipReturnType(tokens, index + 1);
    return skipCharacteristics(tokens, index);
  }
  if (kind === 'trigger') {
    for (; index + 2 < tokens.length; index += 1) {
      if (upper(tokens[index]) === 'FOR' && upper(tokens[index + 1]) === 'EACH' && upper(tokens[index + 2]) === 'ROW') {
        index += 3;
        const order = upper(tokens[index]);
        if (order === 'FOLLOWS' || order === 'PRECEDES') index += 2;
        return index;
      }
    }
    return -1;
  }
  // event: the body follows the first DO outside parentheses.
  let depth = 0;
  for (; index < tokens.length; index += 1) {
    const token = tokens[index];
    if (isSymbol(token, '(')) depth += 1;
    else if (isSymbol(token, ')')) depth -= 1;
    else if (depth === 0 && upper(token) === 'DO') return index + 1;
  }
  return -1;
}

/** Skips a `RETURNS` data type: name, `(...)`, attributes, CHARSET/CHARACTER SET/COLLATE name. */
function skipReturnType(tokens: readonly Token[], start: number): number {
  let index = start + 1;
  while (index < tokens.length) {
    const word = upper(tokens[index]);
    if (isSymbol(tokens[index], '(')) index = skipParenthesised(tokens, index);
    else if (word === 'CHARACTER' && upper(tokens[index + 1]) === 'SET') index += 3;
    else if (word === 'CHARSET' || word === 'COLLATE') index += 2;
    else if (TYPE_WORDS.has(word)) index += 1;
    else break;
  }
  return index;
}

/** Skips routine characteristics (COMMENT, LANGUAGE SQL, [NOT] DETERMINISTIC, SQL DATA access, SQL SECURITY). */
function skipCharacteristics(tokens: readonly Token[], start: number): number {
  let index = start;
  for (;;) {
    const word = upper(tokens[index]);
    const next = upper(tokens[index + 1]);
    if (word === 'COMMENT') index += 2;
    else if (word === 'LANGUAGE') index += 2;
    else if (word === 'DETERMINISTIC') index += 1;
    else if (word === 'NOT' && next === 'DETERMINISTIC') index += 2;
    else if (word === 'CONTAINS' || (word === 'NO' && next === 'SQL')) index += 2;
    else if ((word === 'READS' || word === 'MODIFIES') && next === 'SQL') index += upper(tokens[index + 2]) === 'DATA' ? 3 : 2;
    else if (word === 'SQL' && next === 'SECURITY') index += 3;
    else return index;
  }
}

/**
 * A recursive-descent reader of compound statements over the body's tokens. Each method takes
 * the index of its first token and returns the index just after what it read; every loop
 * advances by at least one token, so it terminates on any input.
 */
/**
 * Deepest nesting of compound statements the body reader follows. The server's own limit is the
 * parser's stack (MySQL reports ERROR 1436 "Thread stack overrun" long before thousands of
 * levels); real programs stay far below this.
 */
export const MAX_BODY_NESTING = 200;

/** Thrown inside the reader when the nesting passes MAX_BODY_NESTING; caught by readProgramBody. */
class NestingTooDeep extends Error {
  constructor(readonly tokenIndex: number) {
    super('nesting too deep');
  }
}

class BodyReader {
  constructor(
    private readonly tokens: readonly Token[],
    private readonly leaves: Array<[number, number]>,
  ) {}

  /** Reads one statement (compound or leaf) starting at `start`. */
  statement(start: number, depth: number): number {
    if (depth > MAX_BODY_NESTING) throw new NestingTooDeep(start);
    const tokens = this.tokens;
    let index = start;
    if (tokens[index]?.type === 'word' || tokens[index]?.type === 'quoted-identifier') {
      if (isSymbol(tokens[index + 1], ':') && LABELLED_BLOCKS.has(upper(tokens[index + 2]))) index += 2;
    }
    const word = upper(tokens[index]);
    switch (word) {
      case 'BEGIN': {
        index += 1;
        if (upper(tokens[index]) === 'NOT' && upper(tokens[index + 1]) === 'ATOMIC') index += 2;
        index = this.list(index, BLOCK_TERMINATORS_END, depth);
        return this.endOf(index, '');
      }
      case 'IF': {
        index = this.expressionUntil(index + 1, 'THEN') + 1;
        for (;;) {
          index = this.list(index, IF_TERMINATORS, depth);
          const closer = upper(tokens[index]);
          if (closer === 'ELSEIF') index = this.expressionUntil(index + 1, 'THEN') + 1;
          else if (closer === 'ELSE') index += 1;
          else return this.endOf(index, 'IF');
        }
      }
      case 'CASE': {
        index += 1;
        if (upper(tokens[index]) !== 'WHEN') index = this.expressionUntil(index, 'WHEN');
        for (;;) {
          const closer = upper(tokens[index]);
          if (closer === 'WHEN') {
            index = this.expressionUntil(index + 1, 'THEN') + 1;
            index = this.list(index, CASE_TERMINATORS, depth);
          } else if (closer === 'ELSE') {
            index = this.list(index + 1, CASE_TERMINATORS, depth);
          } else {
            return this.endOf(index, 'CASE');
          }
        }
      }
      case 'WHILE': {
        index = this.expressionUntil(index + 1, 'DO') + 1;
        index = this.list(index, BLOCK_TERMINATORS_END, depth);
        return this.endOf(index, 'WHILE');
      }
      case 'LOOP': {
        index = this.list(index + 1, BLOCK_TERMINATORS_END, depth);
        return this.endOf(index, 'LOOP');
      }
      case 'REPEAT': {
        index = this.list(index + 1, REPEAT_TERMINATORS, depth);
        if (upper(tokens[index]) === 'UNTIL') index = this.expressionUntil(index + 1, 'END');
        return this.endOf(index, 'REPEAT');
      }
      case 'DECLARE': {
        const handlerAction = upper(tokens[index + 1]);
        if (
          (handlerAction === 'CONTINUE' || handlerAction === 'EXIT' || handlerAction === 'UNDO') &&
          upper(tokens[index + 2]) === 'HANDLER' &&
          upper(tokens[index + 3]) === 'FOR'
        ) {
          index = this.handlerConditions(index + 4);
          return this.statement(index, depth);
        }
        return this.leaf(index);
      }
      default:
        return this.leaf(index);
    }
  }

  /** Reads statements until a word of `terminators` (or the end); returns that word's index. */
  private list(start: number, terminators: ReadonlySet<string>, depth: number): number {
    const tokens = this.tokens;
    let index = start;
    while (index < tokens.length) {
      if (isSymbol(tokens[index], ';')) {
        index += 1;
        continue;
      }
      if (terminators.has(upper(tokens[index]))) return index;
      const next = this.statement(index, depth + 1);
      index = next > index ? next : index + 1;
    }
    return index;
  }

  /** Consumes `END [suffix] [label]` at `index` (when present). */
  private endOf(start: number, suffix: string): number {
    const tokens = this.tokens;
    let index = start;
    if (upper(tokens[index]) !== 'END') return index;
    index += 1;
    if (suffix !== '' && upper(tokens[index]) === suffix) index += 1;
    const label = tokens[index];
    if (
      label !== undefined &&
      (label.type === 'quoted-identifier' || (label.type === 'word' && !LIST_CLOSERS.has(upper(label))))
    ) {
      index += 1;
    }
    return index;
  }

  /** Skips handler condition values (`SQLSTATE [VALUE] 'x'`, `NOT FOUND`, names, codes, commas). */
  private handlerConditions(start: number): number {
    const tokens = this.tokens;
    let index = start;
    while (index < tokens.length) {
      const word = upper(tokens[index]);
      if (word === 'SQLSTATE') index += upper(tokens[index + 1]) === 'VALUE' ? 3 : 2;
      else if (word === 'NOT') index += 2;
      else index += 1;
      if (isSymbol(tokens[index], ',')) index += 1;
      else break;
    }
    return index;
  }

  /**
   * Skips an expression up to the word `stop` outside parentheses and CASE ... END; returns its
   * index (or the index of a `;` or the end, for malformed input).
   */
  private expressionUntil(start: number, stop: string): number {
    const tokens = this.tokens;
    let parentheses = 0;
    let cases = 0;
    for (let index = start; index < tokens.length; index += 1) {
      const token = tokens[index]!;
      if (token.type === 'symbol') {
        if (token.text === '(') parentheses += 1;
        else if (token.text === ')') parentheses = Math.max(0, parentheses - 1);
        else if (token.text === ';' && parentheses === 0) return index;
        continue;
      }
      const word = upper(token);
      if (word === 'CASE') cases += 1;
      else if (word === 'END' && cases > 0) cases -= 1;
      else if (word === stop && parentheses === 0 && cases === 0) return index;
    }
    return tokens.length;
  }

  /** A leaf statement: everything up to the next `;` (or the end). */
  private leaf(start: number): number {
    const tokens = this.tokens;
    let index = start;
    while (index < tokens.length && !isSymbol(tokens[index], ';')) index += 1;
    if (index > start) this.leaves.push([start, index - 1]);
    return index;
  }
}
