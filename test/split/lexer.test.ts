import { describe, expect, it } from 'vitest';
import { tokenize, unquote, type Token } from '../../src/split/lexer.js';

function shapes(tokens: Token[]): Array<[string, string]> {
  return tokens.map((token) => [token.type, token.value]);
}

describe('tokenize', () => {
  it('classifies words, quoted identifiers, strings, numbers, variables and symbols', () => {
    const sql = "ALTER TABLE `my``t` ADD c INT DEFAULT 'x''y' COMMENT \"q\\\"\", SET @a := @@session.sql_mode <=> 1.5e3;";
    expect(shapes(tokenize(sql))).toEqual([
      ['word', 'ALTER'],
      ['word', 'TABLE'],
      ['quoted-identifier', 'my`t'],
      ['word', 'ADD'],
      ['word', 'c'],
      ['word', 'INT'],
      ['word', 'DEFAULT'],
      ['string', "x'y"],
      ['word', 'COMMENT'],
      ['string', 'q"'],
      ['symbol', ','],
      ['word', 'SET'],
      ['variable', '@a'],
      ['symbol', ':='],
      ['variable', '@@session.sql_mode'],
      ['symbol', '<=>'],
      ['number', '1.5e3'],
      ['symbol', ';'],
    ]);
  });

  it('gives offsets relative to the text and keeps source text', () => {
    const sql = "  x = 'a\\nb'";
    const tokens = tokenize(sql);
    expect(tokens.map((t) => [t.text, t.start, t.end])).toEqual([
      ['x', 2, 3],
      ['=', 4, 5],
      ["'a\\nb'", 6, 12],
    ]);
    expect(tokens[2]!.value).toBe('a\nb');
  });

  it('reads hex and binary numbers, and identifiers that start with digits', () => {
    expect(shapes(tokenize('0x1F 0b101 42 .5 1abc t.5'))).toEqual([
      ['number', '0x1F'],
      ['number', '0b101'],
      ['number', '42'],
      ['number', '.5'],
      ['word', '1abc'],
      ['word', 't'],
      ['symbol', '.'],
      ['number', '5'],
    ]);
  });

  it('reads quoted user variables', () => {
    expect(shapes(tokenize("@'my var' @`x` 'root'@'localhost'"))).toEqual([
      ['variable', "@'my var'"],
      ['variable', '@`x`'],
      ['string', 'root'],
      ['variable', "@'localhost'"],
    ]);
  });

  it('skips comments left in the text and reads conditional comment bodies', () => {
    const sql = 'SELECT -- c\n 1 # d\n, /* e */ 2 /*!50100 , 3 */ --x';
    expect(shapes(tokenize(sql))).toEqual([
      ['word', 'SELECT'],
      ['number', '1'],
      ['symbol', ','],
      ['number', '2'],
      ['symbol', ','],
      ['number', '3'],
      ['symbol', '-'],
      ['symbol', '-'],
      ['word', 'x'],
    ]);
  });

  it('honours start, end and limit', () => {
    const sql = 'INSERT INTO t VALUES (1), (2)';
    expect(tokenize(sql, 0, sql.length, 2).map((t) => t.text)).toEqual(['INSERT', 'INTO']);
    expect(tokenize(sql, 7, 13).map((t) => t.text)).toEqual(['INTO', 't']);
  });

  it('never throws on an unterminated quote: the token runs to end', () => {
    const tokens = tokenize("SELECT 'abc");
    expect(tokens[1]).toMatchObject({ type: 'string', value: 'abc', start: 7, end: 11 });
    const cut = tokenize("SELECT 'abc' , 1", 0, 10);
    expect(cut[1]).toMatchObject({ type: 'string', text: "'ab", end: 10 });
  });

  it('undoes backslash escapes as MySQL does, keeping \\% and \\_', () => {
    expect(unquote("'a\\0b\\tc\\Zd\\%e\\_f\\qg'")).toBe('a\0b\tc\x1ad\\%e\\_fqg');
    expect(unquote('`a\\b`')).toBe('a\\b');
  });
});
