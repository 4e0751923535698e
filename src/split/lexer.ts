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

// ---------------------------------------------------------------------------------------------
// Character classes shared by the splitter, the program-body reader and the tokenizer.
// ---------------------------------------------------------------------------------------------

const CHAR_SPACE = 32;

/**
 * True for characters that may appear in an unquoted identifier: ASCII letters, digits, `_`,
 * `$` and any code unit at or above U+0080 (MySQL 8.0 manual, 11.2 "Schema Object Names").
 */
export function isIdentifierChar(code: number): boolean {
  return (
    (code >= 97 && code <= 122) || // a-z
    (code >= 65 && code <= 90) || // A-Z
    (code >= 48 && code <= 57) || // 0-9
    code === 95 || // _
    code === 36 || // $
    code >= 128
  );
}

/** True for characters that may start an unquoted word (an identifier char that is not a digit). */
export function isWordStartChar(code: number): boolean {
  return isIdentifierChar(code) && !(code >= 48 && code <= 57);
}

/** True for blanks: space, tab, line breaks and other ASCII control characters. */
export function isBlankChar(code: number): boolean {
  return code <= CHAR_SPACE;
}

/**
 * If a `-- ` comment starts at `index` (two dashes followed by a blank/control character or the
 * end of the text, MySQL 8.0 manual 11.7), returns true.
 */
export function isDashCommentAt(text: string, index: number, end: number = text.length): boolean {
  if (text.charCodeAt(index) !== 45 || index + 1 >= end || text.charCodeAt(index + 1) !== 45) return false;
  return index + 2 >= end || text.charCodeAt(index + 2) <= CHAR_SPACE;
}

/**
 * Length of the opening marker of a conditional comment at `index` (`/*!`, `/*!50100`,
 * MariaDB's `/*M!100101`), or 0 when none starts there. Up to six version digits are consumed.
 */
export function conditionalMarkerLength(text: string, index: number, end: number = text.length): number {
  if (text.charCodeAt(index) !== 47 || text.charCodeAt(index + 1) !== 42) return 0;
  let cursor = index + 2;
  if (text.charCodeAt(cursor) === 77 /* M */ && text.charCodeAt(cursor + 1) === 33) cursor += 1;
  if (text.charCodeAt(cursor) !== 33 /* ! */ || cursor >= end) return 0;
  cursor += 1;
  let digits = 0;
  while (digits < 6 && cursor < end) {
    const code = text.charCodeAt(cursor);
    if (code < 48 || code > 57) break;
    cursor += 1;
    digits += 1;
  }
  return cursor - index;
}

/**
 * End offset (exclusive) of a quoted run starting at `index` with quote character `quote`
 * (`'`, `"` or a backtick), honouring doubled quotes and, for strings, backslash escapes.
 * Returns -1 when the quote is not closed before `end`.
 */
export function quotedEnd(text: string, index: number, end: number = text.length): number {
  const quote = text.charCodeAt(index);
  const backslashEscapes = quote !== 96;
  let cursor = index + 1;
  while (cursor < end) {
    const code = text.charCodeAt(cursor);
    if (code === quote) {
      if (cursor + 1 < end && text.charCodeAt(cursor + 1) === quote) {
        cursor += 2;
        continue;
      }
      return cursor + 1;
    }
    if (code === 92 && backslashEscapes) {
      cursor += 2;
      continue;
    }
    cursor += 1;
  }
  return -1;
}

/**
 * The value of a quoted string or identifier whose source text is `raw` (quotes included, and
 * possibly missing the closing quote). Strings undo backslash escapes as MySQL 8.0 manual 11.1
 * Table 11.1 lists them (`\%` and `\_` keep their backslash); all forms undo doubled quotes.
 */
export function unquote(raw: string): string {
  if (raw.length === 0) return '';
  const quote = raw.charCodeAt(0);
  let bodyEnd = raw.length;
  if (raw.length >= 2 && raw.charCodeAt(raw.length - 1) === quote) {
    // Closed unless the final quote is escaped or half of a doubled pair: recompute by scanning.
    const closed = quotedEnd(raw, 0);
    if (closed === raw.length) bodyEnd = raw.length - 1;
  }
  const body = raw.slice(1, bodyEnd);
  const backslashEscapes = quote !== 96;
  if (body.indexOf(String.fromCharCode(quote)) === -1 && (!backslashEscapes || body.indexOf('\\') === -1)) {
    return body;
  }
  let out = '';
  for (let cursor = 0; cursor < body.length; cursor += 1) {
    const code = body.charCodeAt(cursor);
    if (code === quote && body.charCodeAt(cursor + 1) === quote) {
      out += body[cursor];
      cursor += 1;
    } else if (code === 92 && backslashEscapes && cursor + 1 < body.length) {
      const next = body[cursor + 1]!;
      cursor += 1;
      switch (next) {
        case '0': out += '\0'; break;
        case 'b': out += '\b'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'Z': out += '\x1a'; break;
        case '%': out += '\\%'; break;
        case '_': out += '\\_'; break;
        default: out += next;
      }
    } else {
      out += body[cursor];
    }
  }
  return out;
}

/**
 * Length of the operator starting at `index`: 3 for `<=>` and `->>`, 2 for `:=`, `<=`, `>=`,
 * `<>`, `!=`, `<<`, `>>`, `&&`, `||`, `->`, otherwise 1 (a surrogate pair counts as one symbol).
 */
function symbolLength(text: string, index: number, stop: number): number {
  const code = text.charCodeAt(index);
  const next = index + 1 < stop ? text.charCodeAt(index + 1) : -1;
  switch (code) {
    case 60: // <
      if (next === 61) return index + 2 < stop && text.charCodeAt(index + 2) === 62 ? 3 : 2;
      return next === 62 || next === 60 ? 2 : 1;
    case 62: // >
      return next === 61 || next === 62 ? 2 : 1;
    case 45: // -
      if (next === 62) return index + 2 < stop && text.charCodeAt(index + 2) === 62 ? 3 : 2;
      return 1;
    case 58: // :
    case 33: // !
      return next === 61 ? 2 : 1;
    case 38: // &
      return next === 38 ? 2 : 1;
    case 124: // |
      return next === 124 ? 2 : 1;
    default:
      return code >= 0xd800 && code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff ? 2 : 1;
  }
}

/**
 * Offset just after the blanks and comments that start at `position` (never beyond `end`):
 * blanks, `#` and `-- ` comments, `/* *\/` comments, and the markers of conditional comments
 * (`/*!50100`, `/*M!100101`, and a `*\/` that closes one) so that their body reads as SQL.
 */
export function skipBlanks(text: string, position: number, end: number = text.length): number {
  const stop = Math.min(end, text.length);
  let cursor = Math.max(0, position);
  while (cursor < stop) {
    const code = text.charCodeAt(cursor);
    if (code <= CHAR_SPACE) {
      cursor += 1;
    } else if (code === 35 /* # */ || (code === 45 && isDashCommentAt(text, cursor, stop))) {
      const lineEnd = text.indexOf('\n', cursor);
      cursor = lineEnd === -1 || lineEnd >= stop ? stop : lineEnd + 1;
    } else if (code === 47 && cursor + 1 < stop && text.charCodeAt(cursor + 1) === 42) {
      const markerLength = conditionalMarkerLength(text, cursor, stop);
      if (markerLength > 0) {
        cursor += markerLength;
      } else {
        const close = text.indexOf('*/', cursor + 2);
        cursor = close === -1 || close + 2 > stop ? stop : close + 2;
      }
    } else if (code === 42 && cursor + 1 < stop && text.charCodeAt(cursor + 1) === 47) {
      cursor += 2;
    } else {
      break;
    }
  }
  return cursor;
}

/**
 * End offset of a quoted run starting at `index`, like `quotedEnd`, but `end` when the quote is
 * not closed (the token then runs to the end of the text).
 */
export function skipQuoted(text: string, index: number, end: number = text.length): number {
  const close = quotedEnd(text, index, end);
  return close === -1 ? end : close;
}

/**
 * Reads the token that starts at `position`, which must not be a blank or a comment (see
 * `skipBlanks`); undefined at `end`.
 *
 * @param afterName true when a word or quoted identifier ends right at `position`: a `.` there
 *   qualifies a name (`db.1t`) instead of starting a decimal number (`.5`).
 */
export function readToken(text: string, position: number, end: number = text.length, afterName = false): Token | undefined {
  const stop = Math.min(end, text.length);
  if (position >= stop) return undefined;
  const code = text.charCodeAt(position);
  let type: TokenType;
  let tokenEnd: number;
  let value: string | undefined;
  if ((code === 88 || code === 120 || code === 66 || code === 98) && text.charCodeAt(position + 1) === 39 && position + 1 < stop) {
    // X'0A', B'01': hexadecimal and bit-value literals (MySQL 8.0 manual 11.1.4, 11.1.5).
    tokenEnd = skipQuoted(text, position + 1, stop);
    type = 'number';
  } else if (isWordStartChar(code)) {
    tokenEnd = position + 1;
    while (tokenEnd < stop && isIdentifierChar(text.charCodeAt(tokenEnd))) tokenEnd += 1;
    type = 'word';
  } else if (code === 39 || code === 34 || code === 96) {
    const close = quotedEnd(text, position, stop);
    tokenEnd = close === -1 ? stop : close;
    type = code === 96 ? 'quoted-identifier' : 'string';
    // Most quoted tokens hold no escape: their value is the text between the quotes.
    const body = close === -1 ? undefined : text.slice(position + 1, close - 1);
    value = body !== undefined && body.indexOf(text[position]!) === -1 && (code === 96 || body.indexOf('\\') === -1) ? body : unquote(text.slice(position, tokenEnd));
  } else if (code === 64 /* @ */) {
    tokenEnd = position + 1;
    if (tokenEnd < stop && text.charCodeAt(tokenEnd) === 64) tokenEnd += 1;
    const next = text.charCodeAt(tokenEnd);
    if (tokenEnd < stop && (next === 39 || next === 34 || next === 96)) {
      tokenEnd = skipQuoted(text, tokenEnd, stop);
    } else {
      while (tokenEnd < stop) {
        const c = text.charCodeAt(tokenEnd);
        if (isIdentifierChar(c) || c === 46 /* . */) tokenEnd += 1;
        else break;
      }
    }
    type = 'variable';
  } else if (
    (code >= 48 && code <= 57) ||
    (code === 46 && !afterName && position + 1 < stop && text.charCodeAt(position + 1) >= 48 && text.charCodeAt(position + 1) <= 57)
  ) {
    // Numbers, and identifiers that begin with digits (which MySQL allows).
    tokenEnd = scanNumber(text, position, stop);
    type = 'number';
    if (code !== 46 && tokenEnd < stop && isIdentifierChar(text.charCodeAt(tokenEnd))) {
      tokenEnd = position;
      while (tokenEnd < stop && isIdentifierChar(text.charCodeAt(tokenEnd))) tokenEnd += 1;
      type = 'word';
    }
  } else {
    tokenEnd = position + symbolLength(text, position, stop);
    type = 'symbol';
  }
  const tokenText = text.slice(position, tokenEnd);
  return { type, text: tokenText, value: value ?? tokenText, start: position, end: tokenEnd };
}

/**
 * Tokenizes `text[start, end)`: blanks, comments and conditional-comment markers are skipped (so
 * this also reads raw file text), at most `limit` tokens are read. Never throws.
 */
export function scanTokens(text: string, start = 0, end = text.length, limit = Number.POSITIVE_INFINITY): Token[] {
  const tokens: Token[] = [];
  const stop = Math.max(0, Math.min(end, text.length));
  let cursor = Math.max(0, start);
  let previous: Token | undefined;
  while (tokens.length < limit) {
    cursor = skipBlanks(text, cursor, stop);
    const afterName = previous !== undefined && previous.end === cursor && (previous.type === 'word' || previous.type === 'quoted-identifier');
    const token = readToken(text, cursor, stop, afterName);
    if (!token) break;
    tokens.push(token);
    previous = token;
    cursor = token.end;
  }
  return tokens;
}

/** End of the numeric literal starting at `index`: `0x..`, `0b..`, digits[.digits][e[+-]digits]. */
function scanNumber(text: string, index: number, stop: number): number {
  let cursor = index;
  const isDigit = (c: number): boolean => c >= 48 && c <= 57;
  if (text.charCodeAt(cursor) === 48 && cursor + 2 <= stop) {
    const marker = text.charCodeAt(cursor + 1) | 0x20;
    if (marker === 120 /* x */ || marker === 98 /* b */) {
      let probe = cursor + 2;
      const valid = marker === 120
        ? (c: number): boolean => isDigit(c) || ((c | 0x20) >= 97 && (c | 0x20) <= 102)
        : (c: number): boolean => c === 48 || c === 49;
      while (probe < stop && valid(text.charCodeAt(probe))) probe += 1;
      if (probe > cursor + 2) return probe;
    }
  }
  while (cursor < stop && isDigit(text.charCodeAt(cursor))) cursor += 1;
  if (cursor < stop && text.charCodeAt(cursor) === 46) {
    cursor += 1;
    while (cursor < stop && isDigit(text.charCodeAt(cursor))) cursor += 1;
  }
  if (cursor < stop && (text.charCodeAt(cursor) | 0x20) === 101 /* e */) {
    let probe = cursor + 1;
    const sign = text.charCodeAt(probe);
    if (sign === 43 || sign === 45) probe += 1;
    if (probe < stop && isDigit(text.charCodeAt(probe))) {
      while (probe < stop && isDigit(text.charCodeAt(probe))) probe += 1;
      cursor = probe;
    }
  }
  return cursor;
}

/**
 * Tokenizes `sql` from `start` to `end` (default: whole string), skipping whitespace and any
 * comments still present. Never throws: an unterminated quote yields a token that runs to `end`.
 *
 * @param limit stop after this many tokens (for classifying a statement by its head cheaply).
 */
export function tokenize(sql: string, start?: number, end?: number, limit?: number): Token[] {
  return scanTokens(sql, start ?? 0, end ?? sql.length, limit ?? Number.POSITIVE_INFINITY);
}

/** True when `token` is the unquoted word `word` (case-insensitive; `word` in upper case). */
export function isWord(token: Token | undefined, word: string): boolean {
  return token !== undefined && token.type === 'word' && token.text.length === word.length && token.text.toUpperCase() === word;
}

/** True when `token` is the symbol `symbol`. */
export function isSymbol(token: Token | undefined, symbol: string): boolean {
  return token !== undefined && token.type === 'symbol' && token.text === symbol;
}

/** True when `text[start, end)` equals the upper-case `keyword`, ignoring case (no allocation). */
export function rangeIsKeyword(text: string, start: number, end: number, keyword: string): boolean {
  if (end - start !== keyword.length) return false;
  for (let index = 0; index < keyword.length; index += 1) {
    let code = text.charCodeAt(start + index);
    if (code >= 97 && code <= 122) code -= 32;
    if (code !== keyword.charCodeAt(index)) return false;
  }
  return true;
}

