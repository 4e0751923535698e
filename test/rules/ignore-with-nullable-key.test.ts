/**
 * ignore-with-nullable-key beyond its own examples: which rows escape every unique key, how
 * omitted columns and DEFAULT read, the select list of INSERT ... SELECT, and what the finding says.
 */
import { describe, expect, it } from 'vitest';
import { lintText } from '../../src/engine/lint.js';
import { textOf } from './helpers.js';

const settings =
  'CREATE TABLE settings (id INT AUTO_INCREMENT PRIMARY KEY, account_id INT NULL, name VARCHAR(64) NOT NULL, value VARCHAR(255), UNIQUE KEY uq_setting (account_id, name));';

function findings(sql: string, history: string[] = [settings]) {
  return lintText(sql, { history }).diagnostics.filter((diagnostic) => diagnostic.ruleId === 'ignore-with-nullable-key');
}

describe('ignore-with-nullable-key', () => {
  it('counts the rows that never collide and names the key and column', () => {
    const found = findings("INSERT IGNORE INTO settings (account_id, name) VALUES (NULL, 'a'), (7, 'b'), (NULL, 'c');");
    expect(found).toHaveLength(1);
    const text = textOf(found[0]!);
    expect(text).toContain('2 of 3 rows leave `account_id` NULL');
    expect(text).toContain('unique key `uq_setting`');
    expect(text).toContain('<=>');
  });

  it('stays silent when every row fills the nullable part', () => {
    expect(findings("INSERT IGNORE INTO settings (account_id, name) VALUES (1, 'a'), (7, 'b');")).toEqual([]);
    expect(findings("INSERT IGNORE INTO settings (account_id, name) SELECT account_id, name FROM staged;")).toEqual([]);
  });

  it('covers REPLACE and the SET form, and leaves a plain INSERT alone', () => {
    expect(findings("REPLACE INTO settings (account_id, name) VALUES (NULL, 'a');")).toHaveLength(1);
    expect(findings("INSERT IGNORE INTO settings SET account_id = NULL, name = 'a';")).toHaveLength(1);
    expect(findings("INSERT INTO settings (account_id, name) VALUES (NULL, 'a');")).toEqual([]);
  });

  it('reads DEFAULT and omitted columns through the column default', () => {
    expect(findings("INSERT IGNORE INTO settings (account_id, name) VALUES (DEFAULT, 'a');")).toHaveLength(1);
    const withDefault = 'CREATE TABLE settings (id INT AUTO_INCREMENT PRIMARY KEY, account_id INT NULL DEFAULT 0, name VARCHAR(64) NOT NULL, UNIQUE KEY (account_id, name));';
    expect(findings("INSERT IGNORE INTO settings (name) VALUES ('a');", [withDefault])).toEqual([]);
    expect(findings("INSERT IGNORE INTO settings (account_id, name) VALUES (NULL, 'a');", [withDefault])).toHaveLength(1);
  });

  it('is caught by any unique key the rows fill, including a primary key given explicitly', () => {
    expect(findings("INSERT IGNORE INTO settings (id, account_id, name) VALUES (10, NULL, 'a');")).toEqual([]);
    expect(findings("INSERT IGNORE INTO settings (id, account_id, name) VALUES (NULL, NULL, 'a');")).toHaveLength(1);
    expect(findings("INSERT IGNORE INTO settings (id, account_id, name) VALUES (0, NULL, 'a');")).toHaveLength(1);
  });

  it('leaves tables with only NOT NULL keys, unknown tables and unread values alone', () => {
    const strict = 'CREATE TABLE tags (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(64) NOT NULL UNIQUE);';
    expect(findings("INSERT IGNORE INTO tags (name) VALUES ('a');", [strict])).toEqual([]);
    expect(findings("INSERT IGNORE INTO unknown_table (a, b) VALUES (NULL, 'a');", [])).toEqual([]);
    expect(findings("INSERT IGNORE INTO settings (account_id, name) VALUES (@account, 'a');")).toEqual([]);
    expect(findings("INSERT IGNORE INTO settings (account_id, name) SELECT * FROM staged;")).toEqual([]);
    expect(findings("INSERT IGNORE INTO settings (account_id, name) SELECT NULL, 'a' UNION SELECT 1, 'b';")).toEqual([]);
  });

  it('reads a select list with aliases and modifiers', () => {
    expect(findings('INSERT IGNORE INTO settings (account_id, name) SELECT DISTINCT NULL AS account_id, d.name FROM defaults d;')).toHaveLength(1);
    expect(findings('INSERT IGNORE INTO settings (account_id, name) SELECT IFNULL(NULL, 0), d.name FROM defaults d;')).toEqual([]);
  });

  it('needs the nullable part to be NULL in every unique key at once', () => {
    const twoKeys =
      'CREATE TABLE m (a INT NULL, b INT NULL, c INT NOT NULL, UNIQUE KEY ka (a, c), UNIQUE KEY kb (b, c));';
    expect(findings('INSERT IGNORE INTO m (a, b, c) VALUES (NULL, 1, 1);', [twoKeys])).toEqual([]);
    expect(findings('INSERT IGNORE INTO m (a, b, c) VALUES (NULL, NULL, 1);', [twoKeys])).toHaveLength(1);
  });
});

describe('ignore-with-nullable-key row budget', () => {
  it('reads at most 50,000 literal rows per file, across statements', () => {
    const filled = Array.from({ length: 50_000 }, (_, index) => `(${index + 1}, 'n${index}')`).join(',');
    const sql = `INSERT IGNORE INTO settings (account_id, name) VALUES ${filled};\nINSERT IGNORE INTO settings (account_id, name) VALUES (NULL, 'late');\n`;
    expect(findings(sql)).toEqual([]);
    expect(findings("INSERT IGNORE INTO settings (account_id, name) VALUES (NULL, 'early');\n" + sql)).toHaveLength(1);
  });
});
