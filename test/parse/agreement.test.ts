/**
 * The two readers of the parser adapter check each other: for statements node-sql-parser parses
 * and the token reader reads completely, the IR converted from the AST must equal the token
 * reader's IR (source spans and lazy rows aside).
 */
import { describe, expect, it } from 'vitest';
import { readWithTokens } from '../../src/parse/fallback.js';
import { addRowEffects } from '../../src/parse/row-effects.js';
import type { StatementIR } from '../../src/statement.js';
import { analyse } from './unit.js';

const STATEMENTS = [
  'ALTER TABLE t RENAME TO t2',
  'ALTER TABLE t ADD COLUMN (a INT, b INT)',
  'ALTER TABLE t DROP a',
  'ALTER TABLE t ADD KEY (a)',
  'ALTER TABLE t ADD SPATIAL INDEX sp (g)',
  'ALTER TABLE t CHARACTER SET = utf8',
  'ALTER TABLE t DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin',
  'ALTER TABLE t ADD CONSTRAINT pk PRIMARY KEY (a)',
  'ALTER TABLE t ADD UNIQUE uk USING BTREE (a)',
  'ALTER TABLE t ADD CONSTRAINT ck CHECK (a > 0)',
  'ALTER TABLE t ADD COLUMN g INT AS (a + 1) VIRTUAL',
  'ALTER TABLE t MODIFY COLUMN a INT FIRST',
  'ALTER TABLE t CHANGE COLUMN a b INT AFTER c',
  'CREATE TABLE t (a INT, INDEX USING BTREE (a))',
  'CREATE TABLE t (a INT) ENGINE MyISAM CHARSET latin1',
  'CREATE TABLE t (a INT COMMENT "hello", b TIMESTAMP NULL DEFAULT NULL ON UPDATE CURRENT_TIMESTAMP)',
  'CREATE TABLE t (a VARCHAR(10) COLLATE utf8_bin)',
  'CREATE TABLE `t` (`id` int NOT NULL, UNIQUE INDEX `x` (`id` ASC) VISIBLE)',
  "CREATE TABLE t (a DOUBLE(8,2) UNSIGNED ZEROFILL, b FLOAT, c BIT(1) DEFAULT b'0', d JSON, e SET('a','b') DEFAULT 'a')",
  'CREATE TABLE t (a INT PRIMARY KEY AUTO_INCREMENT, b VARCHAR(3) NOT NULL UNIQUE KEY)',
  'CREATE TABLE t (a INT, FOREIGN KEY fkname (a) REFERENCES p (id) ON DELETE NO ACTION)',
  "CREATE TABLE t (id INT NOT NULL AUTO_INCREMENT, PRIMARY KEY (id)) ENGINE=InnoDB AUTO_INCREMENT=10 DEFAULT CHARSET=utf8mb4 ROW_FORMAT=DYNAMIC COMMENT='x'",
  'CREATE INDEX i ON t (a) USING HASH',
  'CREATE FULLTEXT INDEX f ON t (a)',
  'DROP INDEX `PRIMARY` ON t',
  'TRUNCATE db.t',
  'INSERT INTO t SELECT * FROM u',
  'REPLACE t SET a = 1',
  'DELETE FROM db.t WHERE 1',
  'UPDATE db.t, u SET t.a = u.a',
];

function withoutSpansAndRows(ir: StatementIR): unknown {
  return JSON.parse(JSON.stringify(ir, (key, value) => (key === 'span' || key === 'rows' ? undefined : value)));
}

describe('AST conversion and token reader agree', () => {
  for (const dialect of ['mysql', 'mariadb'] as const) {
    it(`on ${STATEMENTS.length} statements (${dialect})`, () => {
      let compared = 0;
      for (const sql of STATEMENTS) {
        const analysed = analyse(sql, dialect);
        const reading = readWithTokens(sql);
        // Row effects are read after either reading, from the same text (src/parse/analyze.ts).
        addRowEffects(reading.ir, sql);
        expect(reading.complete, sql).toBe(true);
        if (analysed.parse.status !== 'parsed') continue;
        compared++;
        expect(withoutSpansAndRows(analysed.ir), sql).toEqual(withoutSpansAndRows(reading.ir));
      }
      // Most of these statements are within node-sql-parser's grammar.
      expect(compared).toBeGreaterThan(STATEMENTS.length / 2);
    });
  }
});
