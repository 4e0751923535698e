/**
 * The statement splitter: cuts one file's text into `StatementUnit`s with exact offsets.
 *
 * It reads the text the way the `mysql` command-line client and the server read it together
 * (MySQL 8.0 manual 6.5.1.2 "mysql Client Commands", 11.1 "String Literals", 11.7 "Comments",
 * 27.1 "Defining Stored Programs"):
 * - strings (`'...'`, `"..."`) with backslash escapes and doubled quotes, backtick identifiers with
 *   doubled backticks, `-- `, `#`, `/* *\/` and `/*+ *\/` comments are skipped when looking for
 *   the end of a statement;
 * - `/*! ... *\/` and `/*!50100 ... *\/` conditional comments are SQL: only their markers are
 *   blanked in `unit.sql`;
 * - the client commands `DELIMITER xx` / `\d xx`, `source file` and `\. file` are consumed and
 *   never emitted; a statement ends at the current delimiter, or at a `;` that lies outside the
 *   compound body of a stored program (the server runs `a; b` sent under another delimiter as two
 *   statements);
 * - a `CREATE PROCEDURE/FUNCTION/TRIGGER/EVENT` keeps its `BEGIN ... END` body in one unit, and
 *   its leaf statements are read into `bodyStatements` (see `program-body.ts`).
 *
 * The hot loop reads character codes only: it allocates nothing per character or per token, and
 * a statement without comments reuses a slice of the input (no copy).
 */
import { LineIndex } from '../diagnostic.js';
import type { SourceComment, SplitProblem, SplitResult, StatementUnit } from '../statement.js';
import {
  conditionalMarkerLength,
  isDashCommentAt,
  isIdentifierChar,
  isWordStartChar,
  quotedEnd,
  rangeIsKeyword,
  scanTokens,
} from './lexer.js';
import { readProgramBody } from './program-body.js';

/** Characters the hot loop must look at; everything else is ordinary statement text. */
const SPECIAL = new Uint8Array(128);
for (let code = 0; code <= 32; code += 1) SPECIAL[code] = 1;
for (const char of ['\'', '"', '`', '-', '#', '/', '*', ';', '\\']) SPECIAL[char.charCodeAt(0)] = 1;

const QUOTE_NAMES: Record<number, string> = {
  39: 'single-quoted string',
  34: 'double-quoted string',
  96: 'quoted identifier',
};

/** Words after `CREATE` that show the statement is not a stored program. */
const NOT_PROGRAM_WORDS = new Set([
  'TABLE', 'INDEX', 'UNIQUE', 'FULLTEXT', 'SPATIAL', 'VIEW', 'DATABASE', 'SCHEMA', 'USER', 'ROLE',
  'TEMPORARY', 'SERVER', 'TABLESPACE', 'LOGFILE', 'SEQUENCE', 'ALGORITHM', 'SQL', 'ONLINE', 'OFFLINE',
  'RESOURCE', 'PACKAGE', 'SYNONYM',
]);

/** Kinds of stored program a `CREATE` statement can define. */
export type ProgramKind = 'procedure' | 'function' | 'trigger' | 'event' | 'block';

/**
 * Reads the head of a statement that starts with `CREATE` at `start` and says which kind of stored
 * program it creates, or `undefined` for any other CREATE. Understands `OR REPLACE`, `DEFINER =
 * user`, `AGGREGATE`, `IF NOT EXISTS` and heads split over conditional comments
 * (`/*!50003 CREATE*\/ /*!50017 DEFINER=...*\/ /*!50003 TRIGGER`). Reads at most 24 tokens.
 */
export function detectProgramHead(text: string, start: number): ProgramKind | undefined {
  const tokens = scanTokens(text, start, Math.min(text.length, start + 2000), 24);
  const first = tokens[0];
  // MariaDB's anonymous compound statement, BEGIN NOT ATOMIC ... END (MariaDB knowledge base
  // "BEGIN END"): its body is read like a stored program's.
  if (
    first?.type === 'word' && rangeIsKeyword(text, first.start, first.end, 'BEGIN') &&
    tokens[1]?.type === 'word' && tokens[1].text.toUpperCase() === 'NOT' && tokens[2]?.type === 'word' && tokens[2].text.toUpperCase() === 'ATOMIC'
  ) {
    return 'block';
  }
  if (first === undefined || first.type !== 'word' || !rangeIsKeyword(text, first.start, first.end, 'CREATE')) return undefined;
  for (let index = 1; index < tokens.length; index += 1) {
    const token = tokens[index]!;
    if (token.type === 'symbol') {
      if (token.text === ';') return undefined;
      if (token.text === '(') {
        const previous = tokens[index - 1];
        if (previous === undefined || previous.text.toUpperCase() !== 'CURRENT_USER') return undefined;
      }
      continue;
    }
    if (token.type !== 'word') continue;
    const word = token.text.toUpperCase();
    switch (word) {
      case 'PROCEDURE': return 'procedure';
      case 'FUNCTION': return 'function';
      case 'TRIGGER': return 'trigger';
      case 'EVENT': return 'event';
      default:
        if (NOT_PROGRAM_WORDS.has(word)) return undefined;
    }
  }
  return undefined;
}

const BLOCK_BEGIN = 1;
const BLOCK_CASE_STATEMENT = 2;
const BLOCK_CASE_EXPRESSION = 3;
const BLOCK_OTHER = 4;

/**
 * Follows the nesting of compound statements (`BEGIN ... END`, `IF ... END IF`, `CASE ... END
 * [CASE]`, `LOOP`, `WHILE`, `REPEAT`) word by word, so the splitter knows whether a `;` lies inside
 * a stored program's body. It only needs to be right about where the body ends; the body itself is
 * read by `readProgramBody`.
 */
class ProgramBlockTracker {
  private readonly stack: number[] = [];
  /** True when the next word starts a statement (after `;`, BEGIN, THEN, ELSE, DO, a label...). */
  private atStatementStart = false;
  private afterEnd = false;
  /** True once a block has been opened: the head of the CREATE is over. */
  private bodyStarted = false;
  private parentheses = 0;

  get depth(): number {
    return this.stack.length;
  }

  reset(): void {
    this.stack.length = 0;
    this.atStatementStart = false;
    this.afterEnd = false;
    this.bodyStarted = false;
    this.parentheses = 0;
  }

  private open(kind: number): void {
    this.stack.push(kind);
    this.bodyStarted = true;
  }

  /**
   * A word `text[start, end)`. `qualified` is true when it follows a `.` (a column such as
   * `t.end`).
   */
  onWord(text: string, start: number, end: number, qualified: boolean): void {
    const afterEnd = this.afterEnd;
    const atStart = this.atStatementStart;
    this.afterEnd = false;
    this.atStatementStart = false;
    const length = end - start;
    if (qualified || length < 2 || length > 6) return;
    const word = text.slice(start, end).toUpperCase();
    if (afterEnd && (word === 'IF' || word === 'CASE' || word === 'LOOP' || word === 'WHILE' || word === 'REPEAT')) return;
    const top = this.stack[this.stack.length - 1];
    const inCaseExpression = top === BLOCK_CASE_EXPRESSION;
    switch (word) {
      case 'BEGIN':
        this.open(BLOCK_BEGIN);
        this.atStatementStart = true;
        return;
      case 'CASE':
        this.open(atStart ? BLOCK_CASE_STATEMENT : BLOCK_CASE_EXPRESSION);
        return;
      case 'END':
        this.stack.pop();
        this.afterEnd = true;
        return;
      case 'IF':
        if (atStart) this.open(BLOCK_OTHER);
        return;
      case 'LOOP':
      case 'REPEAT':
        if (atStart) {
          this.open(BLOCK_OTHER);
          this.atStatementStart = true;
        }
        return;
      case 'WHILE':
        if (atStart) this.open(BLOCK_OTHER);
        return;
      case 'THEN':
      case 'ELSE':
        if (!inCaseExpression) this.atStatementStart = true;
        return;
      case 'DO':
      case 'ROW':
        this.atStatementStart = true;
        return;
      default:
        return;
    }
  }

  /** A `;` inside the statement. */
  onSemicolon(): void {
    this.atStatementStart = true;
    this.afterEnd = false;
  }

  /** A `:` that is not part of `:=` (a label such as `main: BEGIN`). */
  onColon(): void {
    this.atStatementStart = true;
    this.afterEnd = false;
  }

  /**
   * Any other character of statement text. Before the body has started, the `)` that closes the
   * parameter list (parenthesis depth back to 0) may be followed directly by a body that is a
   * bare IF, LOOP, WHILE or REPEAT, so it counts as a statement start.
   */
  onOther(code: number): void {
    this.atStatementStart = false;
    this.afterEnd = false;
    if (code === 40) this.parentheses += 1;
    else if (code === 41) {
      this.parentheses -= 1;
      if (this.parentheses === 0 && !this.bodyStarted) this.atStatementStart = true;
    }
  }
}

/** Options of `splitStatements`. */
export interface SplitOptions {
  /**
   * Version of the target server (`8.0.36`, `10.11`): a conditional comment `/*!NNNNN ... *\/` whose
   * version is higher is an ordinary comment, as the server reads it (MySQL 8.0 manual 11.7
   * "Comments"; MariaDB knowledge base "Comment Syntax"). Without it every conditional comment's
   * body is SQL.
   */
  serverVersion?: string;
}

/** `8.0.36` → 80036, `10.11` → 101100: the number a conditional comment's version compares with. */
export function versionNumber(version: string): number {
  const [major = 0, minor = 0, patch = 0] = version.split('.').map((part) => Number.parseInt(part, 10) || 0);
  return major * 10_000 + minor * 100 + patch;
}

/** The version a conditional comment at `start` asks for (`/*!80013` → 80013), or undefined without digits. */
function requiredVersion(text: string, start: number, markerLength: number): number | undefined {
  const digits = /\d+$/.exec(text.slice(start, start + markerLength))?.[0];
  return digits !== undefined && digits.length >= 5 ? Number.parseInt(digits, 10) : undefined;
}

/**
 * Splits `text` (one whole file) into statements.
 *
 * Returns the top-level statements in file order, each with `bodyStatements` filled for stored
 * programs; the problems found (unterminated strings, identifiers and comments, each located at
 * where it starts; a DELIMITER command without an argument); and every comment of the file in
 * order. Never throws, and runs in time linear in the input (apart from one extra pass in the rare
 * case described under "unclosed stored program" below).
 *
 * Unclosed stored program: under the `;` delimiter a `CREATE PROCEDURE ... BEGIN` whose `END` is
 * never found would swallow the rest of the file; when the end of input is reached that way, the
 * statement is cut at its first `;` instead, as the `mysql` client would, and bodies are no longer
 * kept together under `;` for the rest of the file.
 */
export function splitStatements(text: string, options: SplitOptions = {}): SplitResult {
  const serverVersion = options.serverVersion !== undefined ? versionNumber(options.serverVersion) : undefined;
  const length = text.length;
  const lineIndex = new LineIndex(text);
  const statements: StatementUnit[] = [];
  const problems: SplitProblem[] = [];
  const comments: SourceComment[] = [];
  const tracker = new ProgramBlockTracker();

  let delimiter = ';';
  let delimiterFirst = 59;
  let delimiterIsSemicolon = true;

  let position = 0;
  let statementStart = -1;
  let statementEnd = -1;
  let leadingComments: SourceComment[] = [];
  /** Pairs of [start, end) offsets to blank in the current statement's `sql`. */
  const blanks: number[] = [];
  let inConditional = false;
  let conditionalStart = -1;
  let programKind: ProgramKind | undefined;
  let keepBodiesUnderSemicolon = true;

  /** State saved at the first inner `;` of a stored program under the `;` delimiter. */
  let fallback:
    | { position: number; statementEnd: number; inConditional: boolean; conditionalStart: number; blanks: number; comments: number; problems: number }
    | undefined;

  const setDelimiter = (value: string): void => {
    delimiter = value;
    delimiterFirst = value.charCodeAt(0);
    delimiterIsSemicolon = value === ';';
  };

  const addComment = (style: 'line' | 'block', body: string, start: number, end: number): void => {
    const comment: SourceComment = { style, body, startOffset: start, endOffset: end };
    comments.push(comment);
    if (statementStart < 0) leadingComments.push(comment);
    else blanks.push(start, end);
  };

  const endStatement = (delimiterText: string): void => {
    if (statementStart >= 0) {
      const start = statementStart;
      const end = statementEnd;
      const unit: StatementUnit = {
        index: statements.length,
        origin: 'top-level',
        startOffset: start,
        endOffset: end,
        range: lineIndex.range(start, end),
        sql: buildSql(text, start, end, blanks),
        exactOffsets: true,
        delimiter: delimiterText,
        leadingComments,
        bodyStatements: [],
      };
      if (programKind !== undefined) unit.bodyStatements = readProgramBody(unit, programKind, comments, lineIndex, problems);
      statements.push(unit);
      leadingComments = [];
    }
    statementStart = -1;
    statementEnd = -1;
    blanks.length = 0;
    programKind = undefined;
    tracker.reset();
    fallback = undefined;
  };

  /** Skips to the end of the current line; returns the offset of its `\n` (or the text length). */
  const lineEndFrom = (from: number): number => {
    const newline = text.indexOf('\n', from);
    return newline === -1 ? length : newline;
  };

  /**
   * Handles a client command at a statement start; returns the offset to resume at, or -1 when
   * the text at `at` is not a client command.
   */
  const clientCommand = (at: number): number => {
    const code = text.charCodeAt(at);
    let argumentStart = -1;
    let isDelimiterCommand = false;
    if (code === 92 /* \ */) {
      const command = text.charCodeAt(at + 1);
      if (command === 46 /* . */) return lineEndFrom(at);
      if (command === 100 /* d */ && (at + 2 >= length || text.charCodeAt(at + 2) <= 32)) {
        isDelimiterCommand = true;
        argumentStart = at + 2;
      } else {
        return -1;
      }
    } else {
      let wordEnd = at;
      while (wordEnd < length && isIdentifierChar(text.charCodeAt(wordEnd))) wordEnd += 1;
      const following = wordEnd < length ? text.charCodeAt(wordEnd) : 10;
      if (following !== 32 && following !== 9 && following !== 10 && following !== 13) return -1;
      if (rangeIsKeyword(text, at, wordEnd, 'DELIMITER')) {
        isDelimiterCommand = true;
        argumentStart = wordEnd;
      } else if (rangeIsKeyword(text, at, wordEnd, 'SOURCE') && following !== 10 && following !== 13) {
        return lineEndFrom(at);
      } else {
        return -1;
      }
    }
    if (!isDelimiterCommand) return -1;
    const lineEnd = lineEndFrom(at);
    let cursor = argumentStart;
    while (cursor < lineEnd && (text.charCodeAt(cursor) === 32 || text.charCodeAt(cursor) === 9)) cursor += 1;
    let argumentEnd = cursor;
    while (argumentEnd < lineEnd && text.charCodeAt(argumentEnd) > 32) argumentEnd += 1;
    if (argumentEnd === cursor) {
      problems.push({
        message: 'DELIMITER command without a delimiter; the delimiter stays ' + JSON.stringify(delimiter),
        startOffset: at,
        endOffset: lineEnd > at ? lineEnd : at + 1,
      });
    } else {
      setDelimiter(text.slice(cursor, argumentEnd));
    }
    return lineEnd;
  };

  /** Code of the last non-blank character before `at`, or -1 (to see whether a word follows a `.`). */
  const previousCode = (at: number): number => {
    let cursor = at - 1;
    while (cursor >= 0 && text.charCodeAt(cursor) <= 32) cursor -= 1;
    return cursor >= 0 ? text.charCodeAt(cursor) : -1;
  };

  for (;;) {
    while (position < length) {
      const code = text.charCodeAt(position);

      // The current delimiter ends the statement wherever it appears outside strings and comments.
      if (code === delimiterFirst && (delimiter.length === 1 || text.startsWith(delimiter, position))) {
        if (delimiterIsSemicolon && programKind !== undefined && tracker.depth > 0) {
          if (fallback === undefined) {
            fallback = {
              position,
              statementEnd,
              inConditional,
              conditionalStart,
              blanks: blanks.length,
              comments: comments.length,
              problems: problems.length,
            };
          }
          tracker.onSemicolon();
          statementEnd = position + 1;
          position += 1;
          continue;
        }
        endStatement(delimiter);
        position += delimiter.length;
        continue;
      }

      // Fast path: ordinary statement text.
      if (statementStart >= 0 && programKind === undefined && (code >= 128 || SPECIAL[code] === 0)) {
        position += 1;
        statementEnd = position;
        continue;
      }

      if (code <= 32) {
        position += 1;
        continue;
      }

      if (code === 39 || code === 34 || code === 96) {
        if (statementStart < 0) statementStart = position;
        let end = quotedEnd(text, position);
        if (end === -1) {
          problems.push({
            message: `unterminated ${QUOTE_NAMES[code]} starting here`,
            startOffset: position,
            endOffset: position + 1,
          });
          end = length;
        }
        if (programKind !== undefined) tracker.onOther(code);
        position = end;
        statementEnd = end;
        continue;
      }

      if (code === 35 || (code === 45 && isDashCommentAt(text, position))) {
        const lineEnd = lineEndFrom(position);
        let bodyEnd = lineEnd;
        if (bodyEnd > position && text.charCodeAt(bodyEnd - 1) === 13) bodyEnd -= 1;
        const bodyStart = position + (code === 35 ? 1 : 2);
        addComment('line', text.slice(bodyStart, Math.max(bodyStart, bodyEnd)), position, Math.max(bodyStart, bodyEnd));
        position = lineEnd;
        continue;
      }

      if (code === 47 && text.charCodeAt(position + 1) === 42) {
        const markerLength = conditionalMarkerLength(text, position);
        // A versioned conditional comment the target server is too old for is only a comment.
        const skipped = markerLength > 0 && serverVersion !== undefined && (requiredVersion(text, position, markerLength) ?? 0) > serverVersion;
        if (markerLength > 0 && !skipped) {
          if (statementStart >= 0) blanks.push(position, position + markerLength);
          inConditional = true;
          conditionalStart = position;
          position += markerLength;
          continue;
        }
        const close = text.indexOf('*/', position + 2);
        const end = close === -1 ? length : close + 2;
        if (close === -1) {
          problems.push({ message: 'unterminated comment starting here', startOffset: position, endOffset: position + 2 });
        }
        addComment('block', text.slice(position + 2, close === -1 ? length : close), position, end);
        position = end;
        continue;
      }

      if (code === 42 && inConditional && text.charCodeAt(position + 1) === 47) {
        if (statementStart >= 0) blanks.push(position, position + 2);
        inConditional = false;
        position += 2;
        continue;
      }

      if (code === 59) {
        // A `;` under another delimiter: it ends the statement unless it lies inside a body.
        if (programKind !== undefined && tracker.depth > 0) {
          tracker.onSemicolon();
          position += 1;
          statementEnd = position;
          continue;
        }
        endStatement(';');
        position += 1;
        continue;
      }

      // Statement text. At a statement start, look for client commands and stored programs.
      if (statementStart < 0) {
        const resume = clientCommand(position);
        if (resume >= 0) {
          position = resume;
          continue;
        }
        statementStart = position;
        if ((code === 67 || code === 99 || code === 66 || code === 98) && (!delimiterIsSemicolon || keepBodiesUnderSemicolon)) {
          programKind = detectProgramHead(text, position);
        }
      }

      if (programKind !== undefined) {
        if (isIdentifierChar(code)) {
          let end = position + 1;
          while (end < length) {
            const next = text.charCodeAt(end);
            if (!isIdentifierChar(next)) break;
            if (next === delimiterFirst && !delimiterIsSemicolon && text.startsWith(delimiter, end)) break;
            end += 1;
          }
          if (isWordStartChar(code)) {
            tracker.onWord(text, position, end, previousCode(position) === 46);
          } else {
            tracker.onOther(code);
          }
          position = end;
          statementEnd = end;
          continue;
        }
        if (code === 58 /* : */ && text.charCodeAt(position + 1) !== 61) tracker.onColon();
        else tracker.onOther(code);
      }
      position += 1;
      statementEnd = position;
    }

    // End of input.
    if (statementStart >= 0 && programKind !== undefined && delimiterIsSemicolon && tracker.depth > 0 && fallback !== undefined) {
      // An unclosed stored program under `;`: cut it at its first `;` and read on from there.
      const saved = fallback;
      position = saved.position;
      statementEnd = saved.statementEnd;
      inConditional = saved.inConditional;
      conditionalStart = saved.conditionalStart;
      blanks.length = saved.blanks;
      comments.length = saved.comments;
      problems.length = saved.problems;
      keepBodiesUnderSemicolon = false;
      programKind = undefined;
      endStatement(';');
      position += 1;
      continue;
    }
    break;
  }

  if (inConditional && conditionalStart >= 0) {
    problems.push({
      message: 'unterminated conditional comment starting here',
      startOffset: conditionalStart,
      endOffset: conditionalStart + conditionalMarkerLength(text, conditionalStart),
    });
  }
  endStatement('');
  return { statements, problems, comments };
}

/**
 * The `sql` of a statement `[start, end)`: the source slice, with the ranges in `blanks` (pairs of
 * file offsets, clipped to the statement) replaced by spaces, line breaks kept. Without a range
 * inside the statement the slice itself is returned.
 */
function buildSql(text: string, start: number, end: number, blanks: readonly number[]): string {
  let parts: string[] | undefined;
  let cursor = start;
  for (let index = 0; index + 1 < blanks.length; index += 2) {
    const blankStart = Math.max(start, blanks[index]!);
    const blankEnd = Math.min(end, blanks[index + 1]!);
    if (blankEnd <= blankStart || blankStart < cursor) continue;
    parts ??= [];
    parts.push(text.slice(cursor, blankStart), blankOut(text.slice(blankStart, blankEnd)));
    cursor = blankEnd;
  }
  if (parts === undefined) return text.slice(start, end);
  parts.push(text.slice(cursor, end));
  return parts.join('');
}

/** `piece` with every character but `\n` and `\r` replaced by a space. */
export function blankOut(piece: string): string {
  return piece.replace(/[^\r\n]/g, ' ');
}
