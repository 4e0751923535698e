/**
 * Regression cases of a robustness run: a UTF-8 byte order mark, backticks inside identifiers,
 * and repeated suppression directives.
 */
import { describe, expect, it } from 'vitest';
import { lintText } from '../../src/engine/lint.js';

describe('a UTF-8 byte order mark at the start of a file', () => {
  it('hides neither the first statement nor a directive on line 1', () => {
    const first = lintText('\uFEFFREPLACE INTO t VALUES (1);\n', { filePath: 'V1__bom.sql' });
    expect(first.diagnostics.map((d) => [d.ruleId, d.range.start.offset])).toEqual([['replace-into', 1]]);
    const directive = lintText('\uFEFF-- uniqlint-disable-next-statement replace-into\nREPLACE INTO t VALUES (1);\n', { filePath: 'V1__bom.sql' });
    expect(directive.diagnostics).toEqual([]);
    expect(directive.text.charCodeAt(0)).toBe(0xfeff);
  });
});

describe('backticks inside identifiers', () => {
  it('are doubled once when a message quotes the name again', () => {
    // The table exists already (history), so the new key may meet duplicates and the rule names both.
    const history = 'CREATE TABLE `we``ird` (id BIGINT PRIMARY KEY, `e``m` VARCHAR(9));\n';
    const text = 'ALTER TABLE `we``ird` ADD UNIQUE KEY uk (`e``m`);\n';
    const diagnostics = lintText(text, { filePath: 'V2__ticks.sql', history: [history] }).diagnostics;
    expect(diagnostics.map((d) => d.ruleId)).toContain('add-unique-key');
    const messages = diagnostics.map((d) => [d.message, ...(d.notes ?? []), ...(d.help ?? [])].join('\n')).join('\n');
    expect(messages).toContain('`we``ird`');
    expect(messages).toContain('`e``m`');
    expect(messages).not.toContain('````');
  });

  it('are doubled once in key names, whether the key is added by ALTER TABLE or CREATE INDEX', () => {
    const history = ['CREATE TABLE t (id BIGINT PRIMARY KEY, e VARCHAR(9));\n'];
    for (const text of ['ALTER TABLE t ADD UNIQUE KEY `u``k` (e);\n', 'CREATE UNIQUE INDEX `u``k` ON t (e);\n']) {
      const [finding] = lintText(text, { filePath: 'V2__keys.sql', history }).diagnostics.filter((d) => d.ruleId === 'add-unique-key');
      expect(finding?.message).toContain('`u``k`');
      expect(finding?.message).not.toContain('````');
    }
  });
});

describe('repeated disable-next-statement lines', () => {
  it('the second directive of the same rule before one statement is reported unused', () => {
    const text = '-- uniqlint-disable-next-statement replace-into\n-- uniqlint-disable-next-statement replace-into\nREPLACE INTO t VALUES (1);\n';
    const result = lintText(text, { filePath: 'V1__twice.sql' });
    expect(result.diagnostics.map((d) => [d.ruleId, d.range.start.line])).toEqual([['unused-disable', 2]]);
  });

  it('directives of different rules before one statement are each used', () => {
    const text = '-- uniqlint-disable-next-statement replace-into\n-- uniqlint-disable-next-statement upsert-values-function\nREPLACE INTO t VALUES (1);\n';
    expect(lintText(text, { filePath: 'V1__two.sql' }).diagnostics.map((d) => d.ruleId)).toEqual(['unused-disable']);
    const both = '-- uniqlint-disable-next-statement replace-into\n-- uniqlint-disable-next-statement insert-ignore\nINSERT IGNORE INTO t VALUES (1);\nREPLACE INTO t VALUES (1);\n';
    // The first directive targets the INSERT IGNORE statement too, where replace-into never fires.
    expect(lintText(both, { filePath: 'V1__both.sql' }).diagnostics.map((d) => [d.ruleId, d.range.start.line])).toEqual([['unused-disable', 1], ['replace-into', 4]]);
  });
});

describe('versioned conditional comments and --server-version', () => {
  const text = '/*!99999 REPLACE INTO t VALUES (1) */;\n/*!80000 REPLACE INTO u VALUES (1) */;\n/*!50700 REPLACE INTO v VALUES (1) */;\n/*! REPLACE INTO w VALUES (1) */;\n';
  const lines = (serverVersion?: string) =>
    lintText(text, { filePath: 'V1__conditional.sql', ...(serverVersion ? { serverVersion } : {}) }).diagnostics.filter((d) => d.ruleId === 'replace-into').map((d) => d.range.start.line);
  it('a version above the server makes the body a comment; without a version every body is SQL', () => {
    expect(lines()).toEqual([1, 2, 3, 4]);
    expect(lines('8.0.36')).toEqual([2, 3, 4]);
    expect(lines('5.7')).toEqual([3, 4]);
    expect(lines('5.6.51')).toEqual([4]);
  });
});

describe("MariaDB's BEGIN NOT ATOMIC ... END", () => {
  it('its body is linted statement by statement, with or without DELIMITER; a plain BEGIN; stays a transaction', () => {
    const bare = 'BEGIN NOT ATOMIC\n  DECLARE x INT;\n  REPLACE INTO t VALUES (1);\n  IF x THEN INSERT IGNORE INTO t VALUES (2); END IF;\nEND;\nREPLACE INTO u VALUES (1);\n';
    expect(lintText(bare, { filePath: 'V1__block.sql', dialect: 'mariadb' }).diagnostics.map((d) => [d.ruleId, d.range.start.line])).toEqual([
      ['replace-into', 3],
      ['insert-ignore', 4],
      ['replace-into', 6],
    ]);
    const delimited = 'DELIMITER //\nBEGIN NOT ATOMIC\n  REPLACE INTO t VALUES (1);\nEND//\nDELIMITER ;\nBEGIN;\nREPLACE INTO v VALUES (1);\nCOMMIT;\n';
    expect(lintText(delimited, { filePath: 'V2__block.sql', dialect: 'mariadb' }).diagnostics.map((d) => [d.ruleId, d.range.start.line])).toEqual([
      ['replace-into', 3],
      ['replace-into', 7],
    ]);
  });
});
