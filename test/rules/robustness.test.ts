/**
 * Rules never crash on arbitrary statement text: whatever the splitter, parser and schema model
 * make of it, no rule throws (the engine would report "uniqlint failed while running rule").
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { lintText } from '../../src/engine/lint.js';

const fragments = [
  'CREATE TABLE t (a INT, b VARCHAR(10) COLLATE utf8mb4_bin, UNIQUE KEY u (b(3)));',
  'INSERT INTO t VALUES (1, "x");',
  'ALTER TABLE t', 'ADD UNIQUE', 'ADD PRIMARY KEY', 'MODIFY', 'CHANGE', 'DROP INDEX u', 'DROP PRIMARY KEY',
  'CONVERT TO CHARACTER SET', 'latin1', 'utf8mb4', 'COLLATE', 'utf8mb4_general_ci', "'odd-collation'",
  'a', 'b', '`we``ird`', '(', ')', ',', ';', 'INT', 'VARCHAR(0)', 'DECIMAL(6,1)', 'DATETIME(3)', 'NOT NULL',
  'DEFAULT', '0', "'x'", 'AUTO_INCREMENT', 'UNIQUE', 'PRIMARY KEY', 'REPLACE INTO t', 'INSERT IGNORE INTO t',
  'UPDATE IGNORE t SET a = 1', 'CREATE UNIQUE INDEX i ON t', '((a + 1))', 'IGNORE', 'ALTER IGNORE TABLE t',
  'LOAD DATA INFILE "f" REPLACE INTO TABLE t', 'GENERATED ALWAYS AS (a) VIRTUAL', 'FIRST', 'AFTER a',
];

describe('rules on arbitrary statements', () => {
  it('never throw', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...fragments), { maxLength: 30 }), fc.constantFrom('mysql' as const, 'mariadb' as const), (pieces, dialect) => {
        const result = lintText(pieces.join(' '), { dialect });
        const failures = result.diagnostics.filter((diagnostic) => diagnostic.message.startsWith('uniqlint failed while running rule'));
        expect(failures.map((failure) => failure.message)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});
