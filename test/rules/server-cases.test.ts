/**
 * Duplicate-key cases from the MySQL and MariaDB server test suites (corpus
 * server-tests/CASES.md), linted through the whole pipeline. Each case's SQL sets up a table, fills
 * it and runs the statement under test; the table is created in the same file but holds rows, so
 * the statement must be flagged. Expectations name the statement by a piece of its text and the
 * keys the diagnostics must be about.
 */
import { textOf } from './helpers.js';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { lintText, MigrationLinter } from '../../src/engine/lint.js';
import type { Dialect } from '../../src/rule.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const casesFile = path.resolve(repoRoot, '..', 'shared', 'corpus', 'server-tests', 'CASES.md');

/** The SQL block of each case, by id (`C01`...), with the dialect its tags call for. */
function readCases(): Map<string, { sql: string; dialect: Dialect }> {
  const cases = new Map<string, { sql: string; dialect: Dialect }>();
  const text = readFileSync(casesFile, 'utf8');
  for (const section of text.split(/^### /m).slice(1)) {
    const id = /^(C\d\d)/.exec(section)?.[1];
    const sql = /```sql\n([\s\S]*?)```/.exec(section)?.[1];
    if (!id || sql === undefined) continue;
    const dialect: Dialect = /\[mariadb-only\]|CREATE OR REPLACE/.test(section) ? 'mariadb' : 'mysql';
    cases.set(id, { sql, dialect });
  }
  return cases;
}

interface Expectation {
  /** A piece of the first line of the statement under test. */
  statement: string;
  /** Names of the keys the statement's add-unique-key diagnostics are about, in order. */
  keys: string[];
  /** Facts every one of those messages states. */
  messageFacts?: string[];
}

/** Statements that fail with ERROR 1062 in the server tests (and one that passes by construction). */
const EXPECTATIONS: Record<string, Expectation[]> = {
  C01: [{ statement: 'ADD UNIQUE INDEX (b)', keys: ['b'], messageFacts: ['`b` IS NOT NULL', 'GROUP BY `b` HAVING COUNT(*) > 1', 'ERROR 1062'] }],
  C04: [{ statement: 'ADD PRIMARY KEY (b)', keys: ['PRIMARY'] }],
  C07: [
    { statement: 'ALTER TABLE t1 ADD UNIQUE INDEX (a);  ', keys: ['a'] },
    { statement: 'ALTER TABLE t1 ADD UNIQUE INDEX (b);  ', keys: ['b'] },
  ],
  C08: [{ statement: 'ADD UNIQUE INDEX (b), ADD UNIQUE INDEX (c), ADD UNIQUE INDEX (d)', keys: ['b', 'c', 'd'] }],
  C11: [{ statement: 'ADD PRIMARY KEY (b), ADD UNIQUE INDEX (a)', keys: ['PRIMARY', 'a'] }],
  C12: [{ statement: 'ADD PRIMARY KEY (id0)', keys: ['PRIMARY'] }],
  C13: [{ statement: 'ADD PRIMARY KEY (id1),', keys: ['PRIMARY'] }],
  C14: [
    { statement: 'ADD PRIMARY KEY (id1, id2),', keys: ['PRIMARY'] },
    { statement: 'ADD PRIMARY KEY (id1, id2, id3, id4)', keys: ['PRIMARY'] },
  ],
  C16: [{ statement: 'ADD UNIQUE KEY uidx (col1)', keys: ['uidx'] }],
  C17: [{ statement: 'ADD UNIQUE INDEX i1 (c1)', keys: ['i1'] }],
  C18: [{ statement: 'ADD UNIQUE (i)', keys: ['i'] }],
  C19: [{ statement: 'ADD PRIMARY KEY (a)', keys: ['PRIMARY'] }],
  C20: [{ statement: 'ADD PRIMARY KEY (a)', keys: ['PRIMARY'] }],
  C21: [{ statement: 'CREATE UNIQUE INDEX uk_time_id2', keys: ['uk_time_id2'], messageFacts: ['GROUP BY `time`, `id2`'] }],
  C22: [{ statement: 'ADD UNIQUE INDEX sec_index', keys: ['sec_index'] }],
  C23: [{ statement: 'ADD COLUMN z INT FIRST, ADD PRIMARY KEY (x)', keys: ['PRIMARY'] }],
  C24: [{ statement: 'ADD UNIQUE KEY uidx (a)', keys: ['uidx'] }],
  C25: [{ statement: 'ADD UNIQUE INDEX (f2)', keys: ['f2'] }],
  C26: [{ statement: 'ADD i INT AUTO_INCREMENT NOT NULL PRIMARY KEY', keys: [] }],
  C28: [{ statement: 'ADD UNIQUE Index_1 (f1)', keys: ['Index_1'] }],
  C29: [{ statement: 'ADD PRIMARY KEY (v)', keys: ['PRIMARY'], messageFacts: ['ERROR 1138 on MySQL, ERROR 1265 on MariaDB'] }],
  C30: [{ statement: 'ADD PRIMARY KEY (v)', keys: ['PRIMARY'] }],
  C32: [{ statement: 'ADD UNIQUE (v)', keys: ['v_2'] }],
  C34: [{ statement: 'MODIFY msg VARCHAR(100)', keys: ['msg'], messageFacts: ['GROUP BY `msg` COLLATE utf8mb3_unicode_ci'] }],
  C38: [{ statement: 'ADD PRIMARY KEY (c(67))', keys: ['PRIMARY'], messageFacts: ['GROUP BY LEFT(`c`, 67) HAVING COUNT(*) > 1'] }],
  C39: [{ statement: 'CREATE UNIQUE INDEX index_t1', keys: ['index_t1'], messageFacts: ['LEFT(`f1`, 4)'] }],
  C41: [{ statement: 'ADD PRIMARY KEY (f1(2))', keys: ['PRIMARY'], messageFacts: ['LEFT(`f1`, 2)'] }],
  C42: [{ statement: 'ADD UNIQUE KEY (f2)', keys: ['f2'] }],
  C43: [{ statement: 'ADD PRIMARY KEY (col4(10)), ADD UNIQUE KEY uidx (col3)', keys: ['PRIMARY', 'uidx'] }],
  C45: [{ statement: 'ADD UNIQUE (a, b)', keys: ['a'], messageFacts: ['`a` IS NOT NULL AND `b` IS NOT NULL'] }],
  C47: [{ statement: 'ALTER IGNORE TABLE t1 ADD UNIQUE (c)', keys: ['c'], messageFacts: ['silently deletes the others'] }],
  C48: [{ statement: 'ADD UNIQUE (b)', keys: ['b'] }],
  C49: [{ statement: 'ERROR 1062 (line 341)', keys: ['a'] }],
  C50: [{ statement: 'ALTER TABLE t1 ADD UNIQUE KEY (a,c)', keys: ['a', 'b', 'e'] }],
  C51: [{ statement: 'ADD UNIQUE KEY (a)', keys: ['a'] }],
  C53: [{ statement: 'ADD b INT NOT NULL UNIQUE', keys: ['b'], messageFacts: ['same value in `b`', 'two or more rows'] }],
  C55: [{ statement: 'ADD PRIMARY KEY (x, s, e)', keys: ['PRIMARY'] }],
  C56: [{ statement: 'ADD UNIQUE (a)', keys: ['a'] }],
  C57: [{ statement: 'CHANGE t1 t1 INT(10) AUTO_INCREMENT', keys: ['PRIMARY'], messageFacts: ['NO_AUTO_VALUE_ON_ZERO', 'WHERE `t1` = 0 OR `t1` IS NULL'] }],
};

describe.skipIf(!existsSync(casesFile))('add-unique-key on the server test-suite cases', () => {
  const cases = existsSync(casesFile) ? readCases() : new Map();

  it.each(Object.entries(EXPECTATIONS))('%s', (id, expectations) => {
    const found = cases.get(id);
    expect(found, `case ${id} in CASES.md`).toBeDefined();
    const { sql, dialect } = found!;
    const result = lintText(sql, { dialect });
    const lines = sql.split('\n');
    for (const expectation of expectations) {
      const lineIndex = lines.findIndex((line: string) => line.includes(expectation.statement));
      expect(lineIndex, `statement "${expectation.statement}" in ${id}`).toBeGreaterThanOrEqual(0);
      const diagnostics = result.diagnostics.filter(
        (diagnostic) => diagnostic.ruleId === 'add-unique-key' && diagnostic.range.start.line === lineIndex + 1,
      );
      expect(diagnostics.map((diagnostic) => (diagnostic.data?.key as { name: string }).name)).toEqual(expectation.keys);
      for (const diagnostic of diagnostics) {
        for (const fact of expectation.messageFacts ?? []) expect(textOf(diagnostic)).toContain(fact);
      }
    }
  });
});

const corpusRoot = path.resolve(repoRoot, '..', 'shared', 'corpus');
const ghostCase = path.join(corpusRoot, 'github__gh-ost', 'localtests', 'panic-on-warnings-duplicate-unique-values-on-column-type-change', 'create.sql');
const openfgaDir = path.join(corpusRoot, 'openfga__openfga', 'assets', 'migrations', 'mysql');

describe.skipIf(!existsSync(ghostCase) || !existsSync(openfgaDir))('add-unique-key on real migrations replayed in order', () => {
  it('flags the gh-ost column narrowing that fails with "Duplicate entry \'John\'"', () => {
    const linter = new MigrationLinter();
    linter.replay(readFileSync(ghostCase, 'utf8'));
    const result = linter.lint('alter.sql', 'ALTER TABLE gh_ost_test modify column name varchar(4) not null;');
    const diagnostics = result.diagnostics.filter((diagnostic) => diagnostic.ruleId === 'add-unique-key');
    expect(diagnostics).toHaveLength(1);
    expect(textOf(diagnostics[0]!)).toContain('unique key `name_index` (`name`) on table `gh_ost_test`');
    expect(textOf(diagnostics[0]!)).toContain('GROUP BY LEFT(`name`, 4) HAVING COUNT(*) > 1');
  });

  it('flags the OpenFGA collation change from NO PAD utf8mb4_0900_ai_ci to PAD SPACE utf8mb4_bin', () => {
    const linter = new MigrationLinter();
    const files = readdirSync(openfgaDir).filter((file) => file.endsWith('.sql')).sort();
    const found: string[] = [];
    for (const file of files) {
      const up = readFileSync(path.join(openfgaDir, file), 'utf8').split('-- +goose Down')[0]!;
      for (const diagnostic of linter.lint(file, up).diagnostics) {
        if (diagnostic.ruleId === 'add-unique-key') found.push(`${file}: ${textOf(diagnostic)}`);
      }
    }
    const collate = found.filter((text) => text.startsWith('007_collate_object_id.sql'));
    expect(collate).toHaveLength(1);
    expect(collate[0]).toContain('trailing spaces');
    expect(collate[0]).toContain('`object_id` COLLATE utf8mb4_bin');
  });
});
