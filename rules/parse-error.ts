/**
 * parse-error: node-sql-parser rejected a statement, so the other rules only saw what the
 * token-level reader could recover from it.
 */
import { defineRule, type RuleContext } from '../src/rule.js';
import type { SourceRange } from '../src/diagnostic.js';

/** Longest parser message quoted in a diagnostic, in characters. */
const MAX_QUOTED_MESSAGE = 240;
/** Longest token highlighted at the stop offset, in characters. */
const MAX_HIGHLIGHT = 64;

/**
 * The parser's message on one line, at most `MAX_QUOTED_MESSAGE` characters. A long
 * `Expected A, B, ... but X found.` message keeps its first alternatives and the `but X found`
 * part, which says where the statement went wrong.
 */
export function quoteParserMessage(message: string): string {
  const oneLine = message.replace(/\s+/g, ' ').trim();
  if (oneLine.length <= MAX_QUOTED_MESSAGE) return oneLine;
  const expected = /^Expected (.*) but (.*) found\.?$/.exec(oneLine);
  if (expected) {
    const alternatives = expected[1]!.split(/, (?:or )?/);
    const found = ` but ${expected[2]!} found.`;
    for (let keep = Math.min(alternatives.length, 8); keep >= 1; keep--) {
      const text = `Expected ${alternatives.slice(0, keep).join(', ')}, ... (${alternatives.length - keep} more)${found}`;
      if (text.length <= MAX_QUOTED_MESSAGE) return text;
    }
  }
  return oneLine.slice(0, MAX_QUOTED_MESSAGE - 3).trimEnd() + '...';
}

/**
 * The file range of the token at which the parser stopped: from `offset` (relative to `unit.sql`)
 * to the next blank, at most `MAX_HIGHLIGHT` characters. Undefined when the offset is unknown,
 * outside the statement, or the unit's offsets are not exact (dynamic SQL).
 */
function stopRange(context: RuleContext, offset: number | undefined): SourceRange | undefined {
  const unit = context.statement.unit;
  if (offset === undefined || !unit.exactOffsets || !Number.isInteger(offset)) return undefined;
  if (offset < 0 || offset >= unit.sql.length) return undefined;
  let end = offset + 1;
  while (end < unit.sql.length && end - offset < MAX_HIGHLIGHT && !/\s/.test(unit.sql[end]!)) end++;
  return context.rangeOf(unit.startOffset + offset, unit.startOffset + end);
}

export default defineRule({
  meta: {
    id: 'parse-error',
    summary: 'The SQL parser could not read a statement; it was checked only by a token-level reader.',
    rationale:
      'uniqlint reads each statement with a full MySQL/MariaDB grammar to learn exactly which keys, ' +
      'columns and types it touches. When the grammar rejects a statement (syntax the parser does not ' +
      'know yet, a template placeholder, or a real syntax error the server would also reject with ERROR ' +
      '1064), a token-level reader recovers what it can so the other rules and the schema model still ' +
      'run, but it can miss a unique key, a collation or a column definition. A finding may then be ' +
      'missing, so the statement deserves a look by hand.',
    defaultSeverity: 'warning',
    tags: ['parser'],
    fix:
      'Check that the statement is valid for your server (run it against a scratch database, or read ' +
      'the manual for its syntax). If it is valid, review it by hand for unique keys, REPLACE, IGNORE ' +
      'and AUTO_INCREMENT columns, then suppress this finding for that statement; if it is not, fix the ' +
      'syntax before it reaches production, where it would fail with ERROR 1064.',
    equivalents: ['squawk: syntax-error', 'sqlfluff: PRS (parsing errors)', 'Skeema lint: invalid SQL is always an error'],
    examples: {
      invalid: [
        {
          description: 'A misspelt keyword.',
          sql: 'ALTER TABLE users ADD UNIQE KEY uk_email (email);',
        },
        {
          description: 'A template placeholder left in the SQL.',
          sql: 'CREATE TABLE ${prefix}users (id BIGINT PRIMARY KEY);',
        },
      ],
      valid: [
        {
          description: 'An ordinary statement parses.',
          sql: 'ALTER TABLE users ADD COLUMN nickname VARCHAR(64) NULL;',
        },
      ],
    },
  },
  check(context) {
    const parse = context.statement.parse;
    if (parse.status !== 'failed') return;
    const quoted = quoteParserMessage(parse.message);
    const where = parse.offset !== undefined && context.statement.unit.exactOffsets ? ' at the highlighted token' : '';
    context.report({
      message: `the SQL parser could not read this statement${where}; findings on it may be missing`,
      notes: [
        `the parser said: "${quoted}"`,
        "uniqlint's other rules still checked it with a token-level reader, which can miss keys, columns or types",
      ],
      help: ['review the statement by hand, and fix it first if the server would reject it too'],
      range: stopRange(context, parse.offset),
      data: { parserMessage: parse.message, offset: parse.offset ?? null },
    });
  },
});
