import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeStatement } from '../../src/parse/analyze.js';
import { unitOf } from './unit.js';

const SQL_PIECES = [
  'CREATE', 'TABLE', 'ALTER', 'IGNORE', 'ADD', 'UNIQUE', 'KEY', 'INDEX', 'PRIMARY', 'CONSTRAINT', 'FOREIGN', 'REFERENCES',
  'INSERT', 'REPLACE', 'INTO', 'VALUES', 'VALUE', 'SELECT', 'SET', 'UPDATE', 'DELETE', 'FROM', 'LOAD', 'DATA', 'INFILE',
  'DROP', 'RENAME', 'TO', 'TRUNCATE', 'ON', 'DUPLICATE', 'DEFAULT', 'NOT', 'NULL', 'AUTO_INCREMENT', 'INT', 'VARCHAR',
  'ENUM', 'CHARACTER', 'COLLATE', 'GENERATED', 'AS', 'PARTITION', 'BY', 'DEFINER', 'PROCEDURE', 'IF', 'EXISTS',
  '(', ')', ',', '.', '=', ';', "'", '"', '`', '\\', '/*', '*/', '/*!40101', '--', '#', '\n', ' ', '@', '@@', '0x1F', "X'", '1.5e', 't', 'a',
];

describe('robustness', () => {
  it('never throws on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), fc.constantFrom('mysql' as const, 'mariadb' as const), (sql, dialect) => {
        const analysed = analyzeStatement(unitOf(sql), dialect);
        expect(analysed.ir.kind).toBeTypeOf('string');
        if (analysed.ir.kind === 'insert' && analysed.ir.rows) {
          let rows = 0;
          for (const row of analysed.ir.rows.read()) {
            expect(Array.isArray(row)).toBe(true);
            rows++;
          }
          expect(rows).toBe(analysed.ir.rows.count);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on SQL-like token soup', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...SQL_PIECES), { maxLength: 40 }), fc.constantFrom(' ', ''), (pieces, separator) => {
        const analysed = analyzeStatement(unitOf(pieces.join(separator)), 'mysql');
        expect(['parsed', 'failed', 'recognised']).toContain(analysed.parse.status);
        if (analysed.ir.kind === 'insert' && analysed.ir.rows) expect([...analysed.ir.rows.read()]).toHaveLength(analysed.ir.rows.count);
      }),
      { numRuns: 1500 },
    );
  });
});
