/**
 * SQL syntax classes for code frames, read with the project's own MySQL lexer (src/split/lexer.ts)
 * so that a frame colours SQL as the splitter reads it: an apostrophe inside a `-- don't` comment
 * stays inside the comment, a backtick identifier is one name, `#` starts a comment.
 *
 * Keywords are the words of the MySQL 8.0 manual, 11.3 "Keywords and Reserved Words", that
 * migrations use most (reserved words and the common non-reserved DDL words); an unknown word is
 * shown as an identifier, never as a keyword.
 */
import { skipBlanks, readToken } from '../split/lexer.js';

/** What a span of SQL text is. `blank` covers spaces and line breaks. */
export type SqlSpanKind = 'keyword' | 'identifier' | 'quoted-identifier' | 'string' | 'number' | 'variable' | 'comment' | 'symbol' | 'blank';

/** A half-open span `[start, end)` of the text given to `sqlSpans`, with its kind. */
export interface SqlSpan {
  kind: SqlSpanKind;
  start: number;
  end: number;
}

const KEYWORDS = new Set(
  (
    'ADD AFTER ALGORITHM ALL ALTER ALWAYS AND AS ASC AUTO_INCREMENT BEFORE BEGIN BETWEEN BIGINT BINARY BLOB BOOLEAN BOTH BTREE BY CALL ' +
    'CASCADE CASE CHANGE CHAR CHARACTER CHARSET CHECK COLLATE COLUMN COLUMNS COMMENT COMMIT CONSTRAINT CONVERT COPY CREATE CROSS CURRENT_TIMESTAMP ' +
    'DATABASE DATE DATETIME DECIMAL DECLARE DEFAULT DEFINER DELAYED DELETE DELIMITER DESC DISTINCT DO DOUBLE DROP DUPLICATE EACH ELSE ELSEIF ' +
    'END ENGINE ENUM EXISTS EXISTING FALSE FIRST FLOAT FOR FOREIGN FROM FULLTEXT FUNCTION GENERATED GROUP HASH HAVING HIGH_PRIORITY IF IGNORE ' +
    'IN INDEX INNER INPLACE INSERT INSTANT INT INTEGER INTERVAL INTO IS JOIN JSON KEY KEYS LEFT LIKE LIMIT LOCK LONGTEXT LOW_PRIORITY ' +
    'MEDIUMINT MEDIUMTEXT MODIFY NONE NOT NULL NUMERIC ON OR ORDER OUTER PARTITION PRIMARY PROCEDURE REFERENCES RENAME REPEAT REPLACE RESTRICT RETURN ' +
    'RETURNS RIGHT ROLLBACK ROW ROWS SCHEMA SELECT SET SHARED SIGNED SMALLINT START STORED TABLE TEMPORARY TEXT THEN TIME TIMESTAMP TINYINT ' +
    'TINYTEXT TO TRANSACTION TRIGGER TRUE TRUNCATE UNION UNIQUE UNSIGNED UPDATE USE USING VALUES VARBINARY VARCHAR VIEW VIRTUAL WHEN WHERE ' +
    'WHILE WITH ZEROFILL'
  ).split(' '),
);

/** True when `word` (any case) is a keyword the frame colours as one. */
export function isHighlightedKeyword(word: string): boolean {
  return KEYWORDS.has(word.toUpperCase());
}

/**
 * The spans of `text`, in order, covering it without gaps. Text between tokens is `blank` where it
 * is whitespace and `comment` otherwise (comments, and the markers of `/*! ... *\/` conditional
 * comments, whose body is read as SQL, as the server reads it). Never throws; an unterminated
 * quote runs to the end of the text.
 */
export function sqlSpans(text: string): SqlSpan[] {
  const spans: SqlSpan[] = [];
  const push = (kind: SqlSpanKind, start: number, end: number): void => {
    if (end <= start) return;
    const last = spans.at(-1);
    if (last && last.kind === kind && last.end === start) last.end = end;
    else spans.push({ kind, start, end });
  };
  let cursor = 0;
  let previousEnd = -1;
  let previousIsName = false;
  while (cursor < text.length) {
    const tokenStart = skipBlanks(text, cursor);
    // Split the skipped run into blanks and comment text.
    for (let index = cursor; index < tokenStart; ) {
      const blank = /\s/.test(text[index]!);
      let next = index + 1;
      if (!blank) {
        // A comment runs to the next line break at most; blanks inside it stay part of it.
        const lineEnd = text.indexOf('\n', index);
        next = lineEnd === -1 || lineEnd > tokenStart ? tokenStart : lineEnd;
      } else {
        while (next < tokenStart && /\s/.test(text[next]!)) next += 1;
      }
      push(blank ? 'blank' : 'comment', index, next);
      index = next;
    }
    const token = readToken(text, tokenStart, text.length, previousIsName && previousEnd === tokenStart);
    if (!token) break;
    const kind: SqlSpanKind =
      token.type === 'word' ? (isHighlightedKeyword(token.text) ? 'keyword' : 'identifier') : token.type === 'quoted-identifier' ? 'quoted-identifier' : token.type;
    push(kind, token.start, token.end);
    previousEnd = token.end;
    previousIsName = token.type === 'word' || token.type === 'quoted-identifier';
    cursor = token.end;
  }
  return spans;
}
