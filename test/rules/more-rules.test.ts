/**
 * Behaviour of the rules added for the remaining 1062 causes, beyond their own examples: the
 * version and dialect switch of upsert-values-function, key equality in
 * duplicate-key-in-inserted-rows, the dedupe steps insert-select-without-dedup accepts, dbt model
 * recognition, and the add-unique-key and int-auto-increment additions.
 */
import { textOf } from './helpers.js';
import { describe, expect, it } from 'vitest';
import { lintText, MigrationLinter, type LintTextOptions } from '../../src/engine/lint.js';
import { applyFixes } from '../../src/fix/apply.js';

function findings(sql: string, ruleId: string, options: LintTextOptions = {}) {
  return lintText(sql, options).diagnostics.filter((diagnostic) => diagnostic.ruleId === ruleId);
}

describe('upsert-values-function', () => {
  const valuesForm = "INSERT INTO settings (name, value) VALUES ('a', 'b') ON DUPLICATE KEY UPDATE value = VALUES(value);";
  const aliasForm = "INSERT INTO settings (name, value) VALUES ('a', 'b') AS new ON DUPLICATE KEY UPDATE value = new.value;";

  it('follows the server version: 8.0.19 accepts both forms, 5.7 rejects the alias, 10.x is MariaDB', () => {
    expect(findings(valuesForm, 'upsert-values-function', { serverVersion: '8.0.19' })).toEqual([]);
    expect(findings(aliasForm, 'upsert-values-function', { serverVersion: '8.0.19' })).toEqual([]);
    expect(findings(valuesForm, 'upsert-values-function', { serverVersion: '8.0.20' })).toHaveLength(1);
    expect(findings(valuesForm, 'upsert-values-function', { serverVersion: '5.7.44' })).toEqual([]);
    const old = findings(aliasForm, 'upsert-values-function', { serverVersion: '5.7.44' });
    expect(old).toHaveLength(1);
    expect(textOf(old[0]!)).toContain('MySQL 5.7.44 rejects');
    const maria = findings(aliasForm, 'upsert-values-function', { serverVersion: '10.11' });
    expect(textOf(maria[0]!)).toContain('MariaDB rejects');
  });

  it('reuses an existing row alias and avoids a word the statement already uses', () => {
    const mixed = "INSERT INTO t (a, b) VALUES (1, 2) AS r ON DUPLICATE KEY UPDATE b = VALUES(b);";
    const fix = findings(mixed, 'upsert-values-function')[0]!.fix!;
    expect(applyFixes(mixed, [fix]).text).toBe('INSERT INTO t (a, b) VALUES (1, 2) AS r ON DUPLICATE KEY UPDATE b = r.b;');
    const taken = 'INSERT INTO t (new, b) VALUES (1, 2) ON DUPLICATE KEY UPDATE b = VALUES(b) + VALUES(new);';
    const fixed = applyFixes(taken, [findings(taken, 'upsert-values-function')[0]!.fix!]).text;
    expect(fixed).toBe('INSERT INTO t (new, b) VALUES (1, 2) AS new_row ON DUPLICATE KEY UPDATE b = new_row.b + new_row.new;');
  });

  it('maps column aliases and handles the SET form', () => {
    const aliased = 'INSERT INTO t (a, b) VALUES (1, 2) AS r (x, y) ON DUPLICATE KEY UPDATE b = VALUES(b);';
    expect(applyFixes(aliased, [findings(aliased, 'upsert-values-function')[0]!.fix!]).text).toBe(
      'INSERT INTO t (a, b) VALUES (1, 2) AS r (x, y) ON DUPLICATE KEY UPDATE b = r.y;',
    );
    const setForm = 'INSERT INTO t SET a = 1, b = 2 ON DUPLICATE KEY UPDATE b = VALUES(b);';
    expect(applyFixes(setForm, [findings(setForm, 'upsert-values-function')[0]!.fix!]).text).toBe(
      'INSERT INTO t SET a = 1, b = 2 AS new ON DUPLICATE KEY UPDATE b = new.b;',
    );
  });

  it('reports VALUES() after INSERT ... SELECT without a fix', () => {
    const found = findings('INSERT INTO t (a, b) SELECT a, b FROM s ON DUPLICATE KEY UPDATE b = VALUES(b);', 'upsert-values-function');
    expect(found).toHaveLength(1);
    expect(found[0]!.fix).toBeUndefined();
  });

  it('points at the VALUES() calls', () => {
    const found = findings(valuesForm, 'upsert-values-function');
    expect(found[0]!.range.start.column).toBe(valuesForm.indexOf('VALUES(value)') + 1);
  });
});

describe('duplicate-key-in-inserted-rows', () => {
  const rule = 'duplicate-key-in-inserted-rows';
  const table = (column: string) => `CREATE TABLE t (id INT PRIMARY KEY, v ${column}, UNIQUE KEY uk_v (v));`;

  it('ignores trailing spaces under PAD SPACE only', () => {
    const rows = "INSERT INTO t VALUES (1, 'a'), (2, 'a  ');";
    expect(findings(rows, rule, { history: [table('VARCHAR(10) COLLATE utf8mb4_general_ci')] })).toHaveLength(1);
    expect(findings(rows, rule, { history: [table('VARCHAR(10) COLLATE utf8mb4_0900_ai_ci')] })).toEqual([]);
    expect(findings(rows, rule, { history: [table('CHAR(10) COLLATE utf8mb4_0900_ai_ci')] })).toHaveLength(1);
  });

  it('folds accents only for accent-insensitive collations', () => {
    const rows = "INSERT INTO t VALUES (1, 'resume'), (2, 'résumé');";
    expect(findings(rows, rule, { history: [table('VARCHAR(10) COLLATE utf8mb4_0900_ai_ci')] })).toHaveLength(1);
    expect(findings(rows, rule, { history: [table('VARCHAR(10) COLLATE utf8mb4_0900_as_cs')] })).toEqual([]);
  });

  it('compares the first n characters of a prefix key part', () => {
    const history = ['CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(20) COLLATE utf8mb4_bin, UNIQUE KEY uk_v (v(3)));'];
    expect(findings("INSERT INTO t VALUES (1, 'abcd'), (2, 'abcx');", rule, { history })).toHaveLength(1);
    expect(findings("INSERT INTO t VALUES (1, 'abcd'), (2, 'abxd');", rule, { history })).toEqual([]);
  });

  it('never lets a NULL part collide, and forgets rows after TRUNCATE, DELETE or a new CREATE TABLE', () => {
    const history = ['CREATE TABLE m (a INT NOT NULL, b INT NULL, UNIQUE KEY uk (a, b));'];
    expect(findings('INSERT INTO m VALUES (1, NULL), (1, NULL);', rule, { history })).toEqual([]);
    expect(findings('INSERT INTO m VALUES (1, 2);\nTRUNCATE TABLE m;\nINSERT INTO m VALUES (1, 2);', rule, { history })).toEqual([]);
    expect(findings('INSERT INTO m VALUES (1, 2);\nDELETE FROM m WHERE a = 1;\nINSERT INTO m VALUES (1, 2);', rule, { history })).toEqual([]);
    expect(findings('INSERT INTO m VALUES (1, 2);\nDROP TABLE m;\nCREATE TABLE m (a INT NOT NULL, b INT NULL, UNIQUE KEY uk (a, b));\nINSERT INTO m VALUES (1, 2);', rule, { history })).toEqual([]);
    expect(findings('INSERT INTO m VALUES (1, 2);\nINSERT INTO m VALUES (1, 2);', rule, { history })).toHaveLength(1);
  });

  it('remembers rows of INSERT IGNORE and checks a later plain INSERT against them', () => {
    const history = ['CREATE TABLE u (id INT PRIMARY KEY);'];
    expect(findings('INSERT IGNORE INTO u VALUES (1), (1);', rule, { history })).toEqual([]);
    const later = findings('INSERT IGNORE INTO u VALUES (1);\nINSERT INTO u VALUES (2), (1);', rule, { history });
    expect(later).toHaveLength(1);
    expect(textOf(later[0]!)).toContain('row 1 of the INSERT at line 1');
    expect(later[0]!.range.start).toMatchObject({ line: 2, column: 27 });
  });

  it('treats 0 in an AUTO_INCREMENT column as a value only under NO_AUTO_VALUE_ON_ZERO', () => {
    const history = ['CREATE TABLE a (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, v INT);'];
    expect(findings('INSERT INTO a VALUES (0, 1), (0, 2);', rule, { history })).toEqual([]);
    expect(findings("SET sql_mode = 'NO_AUTO_VALUE_ON_ZERO';\nINSERT INTO a VALUES (0, 1), (0, 2);", rule, { history })).toHaveLength(1);
  });

  it('uses a literal default for a key column the INSERT leaves out', () => {
    const history = ["CREATE TABLE s (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, email VARCHAR(64) NOT NULL, kind VARCHAR(8) NOT NULL DEFAULT 'user', UNIQUE KEY uk (email, kind));"];
    expect(findings("INSERT INTO s (email) VALUES ('x'), ('X');", rule, { history })).toHaveLength(1);
  });

  it('stops comparing once a file passes maxRowsPerFile rows, and forgets that table', () => {
    const history = ['CREATE TABLE u (id INT PRIMARY KEY);'];
    const sql = 'INSERT INTO u VALUES (1), (2);\nINSERT INTO u VALUES (3), (1);\nINSERT INTO u VALUES (3);';
    expect(findings(sql, rule, { history }).map((diagnostic) => diagnostic.range.start.line)).toEqual([2, 3]);
    const limited = { history, ruleOptions: { [rule]: { maxRowsPerFile: 3 } } };
    expect(findings(sql, rule, limited)).toEqual([]);
  });

  it('says nothing for a table the model does not know', () => {
    expect(findings('INSERT INTO unknown_table VALUES (1), (1);', rule)).toEqual([]);
  });

  it('reports one finding per statement with the number of colliding rows', () => {
    const found = findings('INSERT INTO u VALUES (1), (1), (2), (2), (2);', rule, { history: ['CREATE TABLE u (id INT PRIMARY KEY);'] });
    expect(found).toHaveLength(1);
    expect(textOf(found[0]!)).toContain('2 more rows of this statement collide');
  });
});

describe('insert-select-without-dedup', () => {
  const rule = 'insert-select-without-dedup';
  const history = [
    'CREATE TABLE c (id BIGINT AUTO_INCREMENT PRIMARY KEY, email VARCHAR(255) NOT NULL, UNIQUE KEY uk (email));',
    'CREATE TABLE o (id BIGINT PRIMARY KEY, email VARCHAR(255) NOT NULL);',
  ];
  it.each([
    'INSERT INTO c (email) SELECT DISTINCT email FROM o;',
    'INSERT INTO c (email) SELECT email FROM (SELECT email, ROW_NUMBER() OVER (PARTITION BY email ORDER BY id) AS rn FROM o) x WHERE rn = 1;',
    'INSERT INTO c (email) SELECT o.email FROM o LEFT JOIN c ON c.email = o.email WHERE c.id IS NULL;',
    'INSERT INTO c (email) SELECT email FROM o WHERE email NOT IN (SELECT email FROM c);',
    'INSERT INTO c (email) SELECT email FROM o UNION SELECT email FROM o;',
  ])('accepts a dedupe step: %s', (sql) => {
    expect(findings(sql, rule, { history })).toEqual([]);
  });

  it('flags UNION ALL and a join', () => {
    expect(findings('INSERT INTO c (email) SELECT email FROM o UNION ALL SELECT email FROM o;', rule, { history })).toHaveLength(1);
    expect(findings('INSERT INTO c (email) SELECT o.email FROM o JOIN o o2 ON o2.id = o.id;', rule, { history })).toHaveLength(1);
  });

  it('does not flag keys the statement does not fill', () => {
    expect(findings('INSERT INTO c (id) SELECT id FROM o;', rule, { history })).toHaveLength(1);
    expect(findings('CREATE TABLE n (id BIGINT AUTO_INCREMENT PRIMARY KEY, note TEXT);\nINSERT INTO n (note) SELECT email FROM o;', rule, { history })).toEqual([]);
  });

  it('flags a copy whose target key folds values the source kept apart', () => {
    const copy = [
      'CREATE TABLE src (id INT PRIMARY KEY, name VARCHAR(32) COLLATE utf8mb4_bin NOT NULL, UNIQUE KEY uk (name));',
    ];
    expect(findings('CREATE TABLE dst (id INT PRIMARY KEY, name VARCHAR(32) COLLATE utf8mb4_bin NOT NULL, UNIQUE KEY uk (name));\nINSERT INTO dst SELECT * FROM src;', rule, { history: copy })).toEqual([]);
    expect(findings('CREATE TABLE dst (id INT PRIMARY KEY, name VARCHAR(32) COLLATE utf8mb4_general_ci NOT NULL, UNIQUE KEY uk (name));\nINSERT INTO dst SELECT * FROM src;', rule, { history: copy })).toHaveLength(1);
    expect(findings('CREATE TABLE dst (id INT PRIMARY KEY, name VARCHAR(8) COLLATE utf8mb4_bin NOT NULL, UNIQUE KEY uk (name));\nINSERT INTO dst SELECT * FROM src;', rule, { history: copy })).toHaveLength(1);
  });

  it('accepts a copy whose constant column leaves the source key to keep the rows apart', () => {
    const copy = ['CREATE TABLE tpl (tpl_id INT PRIMARY KEY, subj TEXT);'];
    const target = 'CREATE TABLE tpl2 (id INT AUTO_INCREMENT PRIMARY KEY, tpl_id INT NOT NULL, code VARCHAR(32) NOT NULL, UNIQUE KEY uk (tpl_id, code));\n';
    expect(findings(`${target}INSERT INTO tpl2 (tpl_id, code) SELECT tpl_id, 'a' FROM tpl;`, rule, { history: copy })).toEqual([]);
    expect(findings(`${target}INSERT INTO tpl2 (tpl_id, code) SELECT 1, 'a' FROM tpl;`, rule, { history: copy })).toHaveLength(1);
  });

  it('says LOAD DATA LOCAL skips duplicates, and accepts IGNORE', () => {
    const local = findings("LOAD DATA LOCAL INFILE 'c.csv' INTO TABLE c;", rule, { history });
    expect(textOf(local[0]!)).toContain('only a warning');
    expect(findings("LOAD DATA INFILE 'c.csv' IGNORE INTO TABLE c;", rule, { history })).toEqual([]);
  });
});

describe('explicit-auto-increment-value and auto-increment-reset', () => {
  const history = ['CREATE TABLE a (id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, v INT);'];
  it('counts explicit ids by position when the column list is omitted, and 0 under NO_AUTO_VALUE_ON_ZERO', () => {
    const found = findings('INSERT INTO a VALUES (5, 1), (NULL, 2), (0, 3);', 'explicit-auto-increment-value', { history });
    expect(textOf(found[0]!)).toContain('an explicit value (5)');
    const dump = findings("/*!40101 SET SQL_MODE='NO_AUTO_VALUE_ON_ZERO' */;\nINSERT INTO a VALUES (0, 3);", 'explicit-auto-increment-value', { history });
    expect(textOf(dump[0]!)).toContain('(0)');
  });

  it("reads '' as a request for the next id, like 0", () => {
    expect(findings("INSERT INTO a VALUES ('', 1);", 'explicit-auto-increment-value', { history })).toEqual([]);
  });

  it('leaves tables alone that the same deployment created, and only those', () => {
    const lines = (deployment: 'new' | 'continue'): number[] => {
      const linter = new MigrationLinter();
      linter.replay('CREATE TABLE old_one (id INT AUTO_INCREMENT PRIMARY KEY, v INT);');
      linter.lint('V1__ddl.sql', 'CREATE TABLE new_one (id INT AUTO_INCREMENT PRIMARY KEY, v INT);');
      const seed = linter.lint('V2__dml.sql', 'INSERT INTO new_one VALUES (1, 1);\nINSERT INTO old_one VALUES (1, 1);', { deployment });
      return seed.diagnostics.filter((diagnostic) => diagnostic.ruleId === 'explicit-auto-increment-value').map((diagnostic) => diagnostic.range.start.line);
    };
    // V2 as a deployment of its own: new_one was created by an earlier deployment and may hold ids.
    expect(lines('new')).toEqual([1, 2]);
    // V2 continuing V1's deployment (one change, one convention group): new_one is new.
    expect(lines('continue')).toEqual([2]);
  });

  it('says REPLACE deletes the row holding the id', () => {
    expect(textOf(findings('REPLACE INTO a VALUES (5, 1);', 'explicit-auto-increment-value', { history })[0]!)).toContain('deletes the row');
  });

  it('flags a counter reset on a table filled earlier in the same file and on an unknown table', () => {
    expect(findings('CREATE TABLE b (id INT AUTO_INCREMENT PRIMARY KEY);\nINSERT INTO b VALUES (1);\nALTER TABLE b AUTO_INCREMENT = 10;', 'auto-increment-reset')).toHaveLength(1);
    expect(findings('ALTER TABLE elsewhere AUTO_INCREMENT = 10;', 'auto-increment-reset')).toHaveLength(1);
  });
});

describe('key definition rules', () => {
  it('unique-key-nullable-column: single columns only with includeSingleColumn, never PRIMARY KEY', () => {
    const sql = 'CREATE TABLE u (id INT PRIMARY KEY, e VARCHAR(64) NULL UNIQUE);';
    expect(findings(sql, 'unique-key-nullable-column')).toEqual([]);
    expect(findings(sql, 'unique-key-nullable-column', { ruleOptions: { 'unique-key-nullable-column': { includeSingleColumn: true } } })).toHaveLength(1);
    expect(findings('CREATE TABLE p (a INT, b INT, PRIMARY KEY (a, b));', 'unique-key-nullable-column')).toEqual([]);
  });

  it('case-insensitive-unique-key: silent on keys that were case-insensitive from the start', () => {
    const rule = 'case-insensitive-unique-key';
    expect(findings('CREATE TABLE t (id INT PRIMARY KEY, name VARCHAR(32) NOT NULL UNIQUE);', rule, { dialect: 'mariadb' })).toEqual([]);
    expect(findings('ALTER TABLE t ADD UNIQUE KEY uk_name (name);', rule, { history: ['CREATE TABLE t (id INT PRIMARY KEY, name VARCHAR(32));'] })).toEqual([]);
    // utf8mb3_general_ci to utf8mb4_unicode_ci: both fold case, nothing changes about it.
    expect(findings('ALTER TABLE t CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;', rule, { history: ['CREATE TABLE t (id INT PRIMARY KEY, name VARCHAR(32) UNIQUE) CHARSET=utf8;'] })).toEqual([]);
  });

  it('case-insensitive-unique-key: reports a key column moved from _bin, _cs or a binary type to a folding collation', () => {
    const rule = 'case-insensitive-unique-key';
    const history = ['CREATE TABLE t (id INT PRIMARY KEY, name VARCHAR(32) COLLATE latin1_bin NOT NULL UNIQUE, code VARBINARY(16) UNIQUE, tag VARCHAR(8) COLLATE utf8mb4_0900_as_cs UNIQUE) CHARSET=latin1;'];
    const converted = findings('ALTER TABLE t CONVERT TO CHARACTER SET utf8mb4;', rule, { history, dialect: 'mariadb' });
    expect(converted.map((diagnostic) => diagnostic.message)).toEqual([
      "CONVERT TO CHARACTER SET makes unique key `name` (`name`) on `t` ignore letter case and accents: 'Alice' and 'alice' become one value",
      "CONVERT TO CHARACTER SET makes unique key `tag` (`tag`) on `t` ignore letter case and accents: 'Alice' and 'alice' become one value",
    ]);
    expect(textOf(converted[0]!)).toContain('note: `name` was latin1_bin and becomes utf8mb4_general_ci');
    expect(textOf(converted[0]!)).toContain('COLLATE utf8mb4_bin');
    const binary = findings('ALTER TABLE t MODIFY code VARCHAR(16);', rule, { history });
    expect(binary).toHaveLength(1);
    expect(textOf(binary[0]!)).toContain('`code` was VARBINARY and becomes');
    // Accent-insensitive only where it was accent-sensitive: _as_cs to _as_ci folds case alone.
    const accentKept = findings('ALTER TABLE t MODIFY tag VARCHAR(8) COLLATE utf8mb4_0900_as_ci;', rule, { history });
    expect(accentKept.map((diagnostic) => diagnostic.message)).toEqual([
      "MODIFY makes unique key `tag` (`tag`) on `t` ignore letter case: 'Alice' and 'alice' become one value",
    ]);
    // A new table created and changed in the same file: the key is new, the change still counts.
    expect(findings('CREATE TABLE n (id INT PRIMARY KEY, v VARCHAR(8) COLLATE utf8mb4_bin UNIQUE);\nALTER TABLE n MODIFY v VARCHAR(8) COLLATE utf8mb4_general_ci;', rule)).toHaveLength(1);
    // A new key over a column named like a machine-made value whose case matters.
    const named = findings('CREATE TABLE sessions (id INT PRIMARY KEY, sesskey VARCHAR(64) NOT NULL UNIQUE, logoutToken VARCHAR(64) NULL UNIQUE);', rule);
    expect(named.map((diagnostic) => diagnostic.message)).toEqual([
      'unique key `sesskey` (`sesskey`) on `sessions` ignores letter case, but `sesskey` looks like it holds values whose case matters',
      'unique key `logoutToken` (`logoutToken`) on `sessions` ignores letter case, but `logoutToken` looks like it holds values whose case matters',
    ]);
    expect(textOf(named[1]!)).toContain('its name (token) suggests machine-made values');
    // Names that only look alike, a case-sensitive collation, and existing keys left alone.
    expect(findings('CREATE TABLE t (id INT PRIMARY KEY, config_key VARCHAR(64) UNIQUE, tokenizer VARCHAR(64) UNIQUE, barcode VARCHAR(64) UNIQUE);', rule)).toEqual([]);
    expect(findings('CREATE TABLE t (id INT PRIMARY KEY, token VARCHAR(64) COLLATE utf8mb4_0900_as_cs UNIQUE);', rule)).toEqual([]);
    expect(findings('ALTER TABLE t ADD COLUMN note TEXT;', rule, { history: ['CREATE TABLE t (id INT PRIMARY KEY, token VARCHAR(64) UNIQUE);'] })).toEqual([]);
    // UUID text stays exempt.
    expect(findings('ALTER TABLE s MODIFY token_uuid VARCHAR(36) COLLATE utf8mb4_general_ci;', rule, { history: ['CREATE TABLE s (id INT PRIMARY KEY, token_uuid VARCHAR(36) COLLATE utf8mb4_bin UNIQUE);'] })).toEqual([]);
  });

  it('alter-ignore-add-unique: the configured MariaDB version decides, an empty new table is fine there, the fix is not safe', () => {
    const sql = 'ALTER IGNORE TABLE u ADD UNIQUE (e);';
    const history = ['CREATE TABLE u (id INT PRIMARY KEY, e INT);'];
    const maria = findings(sql, 'alter-ignore-add-unique', { history, serverVersion: '10.6' });
    expect(textOf(maria[0]!)).toContain('MariaDB keeps the first row');
    expect(maria[0]!.fix?.safe).toBe(false);
    expect(findings(`CREATE TABLE v (id INT PRIMARY KEY, e INT);\n${sql.replace(' u ', ' v ')}`, 'alter-ignore-add-unique', { dialect: 'mariadb' })).toEqual([]);
  });
});

describe('dbt model files', () => {
  const model = "{{ config(materialized = 'incremental') }}\nselect * from {{ ref('events') }} where id > (select max(id) from {{ this }})\n";

  it('are linted for the dbt rule only, as one recognised statement without a parse error', () => {
    const result = lintText(model);
    expect(result.diagnostics.map((diagnostic) => diagnostic.ruleId)).toEqual(['dbt-incremental-without-unique-key']);
    expect(result).toMatchObject({ statements: 1, recognised: 1, unparsed: 0 });
    expect(result.diagnostics[0]!.range.start).toMatchObject({ line: 1, column: 1 });
    expect(result.diagnostics[0]!.range.end).toMatchObject({ line: 1, column: 43 });
  });

  it('accept unique_key lists and whitespace control, and honour suppression comments', () => {
    expect(lintText("{{- config(materialized='incremental', unique_key=['a', 'b']) -}}\nselect 1 from {{ ref('x') }}").diagnostics).toEqual([]);
    expect(lintText(`-- uniqlint-disable-file dbt-incremental-without-unique-key\n${model}`).diagnostics).toEqual([]);
  });

  it('are not confused with SQL holding braces in a string', () => {
    const result = lintText("INSERT INTO t (v) VALUES ('{{ ref(x) }}');");
    expect(result.parsed + result.recognised).toBe(1);
    expect(result.diagnostics.filter((diagnostic) => diagnostic.ruleId === 'dbt-incremental-without-unique-key')).toEqual([]);
  });
});

describe('additions to add-unique-key and int-auto-increment', () => {
  it('add-unique-key explains online DDL when ALGORITHM=INPLACE or LOCK=NONE is asked for', () => {
    const history = ['CREATE TABLE u (id INT PRIMARY KEY, e VARCHAR(64));'];
    const online = findings('ALTER TABLE u ADD UNIQUE KEY uk (e), ALGORITHM=INPLACE, LOCK=NONE;', 'add-unique-key', { history });
    expect(textOf(online[0]!)).toContain('pt-online-schema-change and gh-ost');
    const plain = findings('ALTER TABLE u ADD UNIQUE KEY uk (e);', 'add-unique-key', { history });
    expect(textOf(plain[0]!)).not.toContain('gh-ost');
  });

  it('int-auto-increment offers BIGINT only in a CREATE TABLE of a new table, unsafe when a later foreign key references it', () => {
    const create = 'CREATE TABLE o (id INT(11) UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY);';
    const fix = findings(create, 'int-auto-increment')[0]!.fix!;
    expect(fix.safe).toBe(true);
    expect(applyFixes(create, [fix]).text).toBe('CREATE TABLE o (id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY);');
    const referenced = findings(`${create}\nCREATE TABLE l (o_id INT UNSIGNED, FOREIGN KEY (o_id) REFERENCES o (id));`, 'int-auto-increment')[0]!.fix!;
    expect(referenced.safe).toBe(false);
    expect(findings('ALTER TABLE o MODIFY id INT NOT NULL AUTO_INCREMENT;', 'int-auto-increment')[0]!.fix).toBeUndefined();
    expect(findings(create.replace('CREATE TABLE', 'CREATE TABLE IF NOT EXISTS'), 'int-auto-increment', { history: [create] })[0]!.fix).toBeUndefined();
  });
});
