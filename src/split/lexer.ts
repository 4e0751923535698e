/**
 * MySQL-aware tokenizer for one statement's `sql` text (see `StatementUnit.sql`).
 *
 * Lexical rules follow the MySQL 8.0 manual, 11.1 "String Literals" (single and double quotes,
 * backslash escapes unless NO_BACKSLASH_ESCAPES, doubled quotes), 11.2 "Schema Object Names"
 * (backtick identifiers with doubled backticks), 11.7 "Comments" (`-- ` needs a following blank,
 * `#`, `/* *\/`, `/*! *\/` conditional comments), 11.4 "User-Defined Variables" (`@name`,
 * `@'quoted'`, `@@system`).
 */

/** Token classes. */
export type TokenType =
  /** Unquoted identifier or keyword. `value` is the text as written. */
  | 'word'
  /** Backtick-quoted identifier; `value` has the quotes removed and doubled backticks undone. */
  | 'quoted-identifier'
  /** Single- or double-quoted string; `value` is the unescaped content. */
  | 'string'
  /** Numeric literal (integer, decimal, exponent, 0x.., 0b..); `value` is the text. */
  | 'number'
  /** `@name`, `@'name'`, `@@name`, `@@session.name`; `value` is the text as written. */
  | 'variable'
  /** Operators and punctuation: `(`, `)`, `,`, `.`, `=`, `:=`, `<=>`, `;`, ... */
  | 'symbol';

/** One token, with offsets relative to the text passed to `tokenize`. */
export interface Token {
  type: TokenType;
  /** The token's source text. */
  text: string;
  /** Unquoted/unescaped value; equal to `text` for words, numbers, symbols and variables. */
  value: string;
  start: number;
  end: number;
}

/**
 * Tokenizes `sql` from `start` to `end` (default: whole string), skipping whitespace and any
 * comments still present. Never throws: an unterminated quote yields a token that runs to `end`.
 *
 * @param limit stop after this many tokens (for classifying a statement by its head cheaply).
 */
export declare function tokenize(sql: string, start?: number, end?: number, limit?: number): Token[];
