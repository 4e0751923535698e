/**
 * A lazy, allocation-light token cursor over one statement's SQL, for the parts of the parser
 * adapter that read SQL without node-sql-parser (inert-statement recognition, the bulk-INSERT
 * fast path and the token-level fallback).
 *
 * Tokens have the shape of `Token` from src/split/lexer.ts and follow the same lexical rules
 * (MySQL 8.0 manual 11.1 "String Literals", 11.2 "Schema Object Names", 11.7 "Comments"). The
 * cursor tokenizes on demand, so classifying a 100 MB statement by its first words costs only
 * those words.
 *
 * Every function here terminates on arbitrary text: each step consumes at least one character.
 */
import type { Token, TokenType } from '../split/lexer.js';

export type { Token, TokenType };

const enum Char {
  Tab = 9,
  LineFeed = 10,
  CarriageReturn = 13,
  Space = 32,
  Bang = 33,
  DoubleQuote = 34,
  Hash = 35,
  Dollar = 36,
  SingleQuote = 39,
  Star = 42,
  Dash = 45,
  Dot = 46,
  Slash = 47,
  Digit0 = 48,
  Digit9 = 57,
  At = 64,
  UpperA = 65,
  UpperZ = 90,
  Backslash = 92,
  Underscore = 95,
  Backtick = 96,
  LowerA = 97,
  LowerZ = 122,
}

/** True for characters that may appear in an unquoted identifier (MySQL 8.0 manual 11.2). */
export function isIdentifierChar(code: number): boolean {
  return (
    (code >= Char.LowerA && code <= Char.LowerZ) ||
    (code >= Char.UpperA && code <= Char.UpperZ) ||
    (code >= Char.Digit0 && code <= Char.Digit9) ||
    code === Char.Underscore ||
    code === Char.Dollar ||
    code >= 0x80
  );
}

function isDigit(code: number): boolean {
  return code >= Char.Digit0 && code <= Char.Digit9;
}

function isBlank(code: number): boolean {
  return code === Char.Space || code === Char.LineFeed || code === Char.Tab || code === Char.CarriageReturn || code === 11 || code === 12;
}

/**
 * Offset just after the blanks and comments that start at `position` (never beyond `end`).
 * `/*!` and `/*M!` conditional-comment markers (with their version digits) and a stray `*\/` are
 * skipped as blanks so that their body reads as SQL.
 */
export function skipBlanks(sql: string, position: number, end: number): number {
  let index = position;
  while (index < end) {
    const code = sql.charCodeAt(index);
    if (isBlank(code)) {
      index++;
    } else if (code === Char.Hash || (code === Char.Dash && sql.charCodeAt(index + 1) === Char.Dash && (index + 2 >= end || isBlank(sql.charCodeAt(index + 2))))) {
      const lineEnd = sql.indexOf('\n', index);
      index = lineEnd === -1 || lineEnd >= end ? end : lineEnd + 1;
    } else if (code === Char.Slash && sql.charCodeAt(index + 1) === Char.Star) {
      const third = sql.charCodeAt(index + 2);
      if (third === Char.Bang || (third === 77 && sql.charCodeAt(index + 3) === Char.Bang)) {
        index += third === Char.Bang ? 3 : 4;
        while (index < end && isDigit(sql.charCodeAt(index))) index++;
      } else {
        const close = sql.indexOf('*/', index + 2);
        index = close === -1 || close + 2 > end ? end : close + 2;
      }
    } else if (code === Char.Star && sql.charCodeAt(index + 1) === Char.Slash) {
      index += 2;
    } else {
      break;
    }
  }
  return index;
}

/** Offset just after a quoted string or identifier opened by the quote at `position`. */
export function skipQuoted(sql: string, position: number, end: number): number {
  const quote = sql.charCodeAt(position);
  const backslashEscapes = quote !== Char.Backtick;
  let index = position + 1;
  while (index < end) {
    const code = sql.charCodeAt(index);
    if (code === quote) {
      if (index + 1 < end && sql.charCodeAt(index + 1) === quote) index += 2;
      else return index + 1;
    } else if (code === Char.Backslash && backslashEscapes) {
      index += 2;
    } else {
      index++;
    }
  }
  return end;
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '0': '\0',
  b: '\b',
  n: '\n',
  r: '\r',
  t: '\t',
  Z: '\x1a',
  '%': '\\%',
  _: '\\_',
};

/**
 * The value of a quoted string whose text (quotes included) is `sql[start, end)`: backslash
 * escapes undone (MySQL 8.0 manual 11.1, Table 11.1; `\%` and `\_` keep their backslash) and
 * doubled quotes folded. Backtick identifiers only fold doubled backticks.
 */
export function unquote(sql: string, start: number, end: number): string {
  const quote = sql.charCodeAt(start);
  const closed = end - start >= 2 && sql.charCodeAt(end - 1) === quote;
  const bodyStart = start + 1;
  const bodyEnd = closed ? end - 1 : end;
  let body = sql.slice(bodyStart, bodyEnd);
  const quoteChar = String.fromCharCode(quote);
  if (quote === Char.Backtick) return body.split('``').join('`');
  if (body.indexOf('\\') === -1) {
    return body.indexOf(quoteChar) === -1 ? body : body.split(quoteChar + quoteChar).join(quoteChar);
  }
  let result = '';
  for (let index = 0; index < body.length; index++) {
    const char = body[index]!;
    if (char === '\\' && index + 1 < body.length) {
      const next = body[index + 1]!;
      result += SIMPLE_ESCAPES[next] ?? next;
      index++;
    } else if (char === quoteChar && body[index + 1] === quoteChar) {
      result += quoteChar;
      index++;
    } else {
      result += char;
    }
  }
  body = result;
  return body;
}

const MULTI_CHAR_SYMBOLS = ['<=>', '->>', ':=', '<=', '>=', '<>', '!=', '||', '&&', '<<', '>>', '->'];

/**
 * Reads the token that starts at `position` (which must not be a blank or comment). Returns
 * undefined at `end`.
 */
export function readToken(sql: string, position: number, end: number): Token | undefined {
  if (position >= end) return undefined;
  const code = sql.charCodeAt(position);
  const make = (type: TokenType, stop: number, value?: string): Token => {
    const text = sql.slice(position, stop);
    return { type, text, value: value ?? text, start: position, end: stop };
  };
  if (code === Char.SingleQuote || code === Char.DoubleQuote) {
    const stop = skipQuoted(sql, position, end);
    return make('string', stop, unquote(sql, position, stop));
  }
  if (code === Char.Backtick) {
    const stop = skipQuoted(sql, position, end);
    return make('quoted-identifier', stop, unquote(sql, position, stop));
  }
  if (code === Char.At) {
    let index = position + 1;
    if (sql.charCodeAt(index) === Char.At) index++;
    const next = sql.charCodeAt(index);
    if (next === Char.SingleQuote || next === Char.DoubleQuote || next === Char.Backtick) {
      index = skipQuoted(sql, index, end);
    } else {
      while (index < end && (isIdentifierChar(sql.charCodeAt(index)) || sql.charCodeAt(index) === Char.Dot)) index++;
    }
    return make('variable', Math.max(index, position + 1));
  }
  // X'0A', B'01': hexadecimal and bit-value literals.
  if ((code === 88 || code === 120 || code === 66 || code === 98) && sql.charCodeAt(position + 1) === Char.SingleQuote) {
    return make('number', skipQuoted(sql, position + 1, end));
  }
  if (isDigit(code) || (code === Char.Dot && isDigit(sql.charCodeAt(position + 1)))) {
    let index = position;
    if (code === Char.Digit0 && (sql[position + 1] === 'x' || sql[position + 1] === 'b')) {
      index += 2;
      while (index < end && isIdentifierChar(sql.charCodeAt(index))) index++;
      return make('number', index);
    }
    while (index < end && isDigit(sql.charCodeAt(index))) index++;
    if (sql.charCodeAt(index) === Char.Dot) {
      index++;
      while (index < end && isDigit(sql.charCodeAt(index))) index++;
    }
    const exponent = sql.charCodeAt(index);
    if ((exponent === 101 || exponent === 69) && index < end) {
      let probe = index + 1;
      const sign = sql.charCodeAt(probe);
      if (sign === 43 || sign === Char.Dash) probe++;
      if (isDigit(sql.charCodeAt(probe)) && probe < end) {
        index = probe;
        while (index < end && isDigit(sql.charCodeAt(index))) index++;
      }
    }
    if (index < end && isIdentifierChar(sql.charCodeAt(index)) && code !== Char.Dot) {
      // An identifier that starts with digits, such as `1st_table`.
      while (index < end && isIdentifierChar(sql.charCodeAt(index))) index++;
      return make('word', index);
    }
    return make('number', index);
  }
  if (isIdentifierChar(code)) {
    let index = position + 1;
    while (index < end && isIdentifierChar(sql.charCodeAt(index))) index++;
    return make('word', index);
  }
  for (const symbol of MULTI_CHAR_SYMBOLS) {
    if (sql.startsWith(symbol, position) && position + symbol.length <= end) return make('symbol', position + symbol.length);
  }
  return make('symbol', position + 1);
}

/**
 * A forward-only cursor over the tokens of `sql[start, end)`, tokenizing lazily.
 * `peek(k)` looks ahead without consuming; `next()` consumes.
 */
export class TokenCursor {
  private readonly buffer: Token[] = [];
  private position: number;

  constructor(
    readonly sql: string,
    start = 0,
    readonly end = sql.length,
  ) {
    this.position = start;
  }

  private fill(count: number): void {
    while (this.buffer.length < count) {
      const at = skipBlanks(this.sql, this.position, this.end);
      const token = readToken(this.sql, at, this.end);
      if (!token) return;
      this.buffer.push(token);
      this.position = token.end;
    }
  }

  /** The token `ahead` places ahead (0 = the next one), or undefined past the end. */
  peek(ahead = 0): Token | undefined {
    this.fill(ahead + 1);
    return this.buffer[ahead];
  }

  /** Consumes and returns the next token. */
  next(): Token | undefined {
    this.fill(1);
    return this.buffer.shift();
  }

  /** True when no token is left. */
  atEnd(): boolean {
    return this.peek() === undefined;
  }

  /** Offset where the next token starts (or the end of the text). */
  offset(): number {
    const token = this.peek();
    return token ? token.start : this.end;
  }

  /** Drops any buffered look-ahead and continues reading at `offset`. */
  seek(offset: number): void {
    this.buffer.length = 0;
    this.position = offset;
  }
}

/** All tokens of `sql[start, end)`, at most `limit` of them. */
export function scanTokens(sql: string, start = 0, end = sql.length, limit = Number.POSITIVE_INFINITY): Token[] {
  const cursor = new TokenCursor(sql, start, end);
  const tokens: Token[] = [];
  while (tokens.length < limit) {
    const token = cursor.next();
    if (!token) break;
    tokens.push(token);
  }
  return tokens;
}

/** True when `token` is the unquoted word `word` (case-insensitive; `word` in upper case). */
export function isWord(token: Token | undefined, word: string): boolean {
  return token !== undefined && token.type === 'word' && token.text.length === word.length && token.text.toUpperCase() === word;
}

/** True when `token` is the symbol `symbol`. */
export function isSymbol(token: Token | undefined, symbol: string): boolean {
  return token !== undefined && token.type === 'symbol' && token.text === symbol;
}
