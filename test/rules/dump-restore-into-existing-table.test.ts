/**
 * dump-restore-into-existing-table beyond its own examples: recognising a dump, the statements that
 * make a restore safe, and one finding per table.
 */
import { describe, expect, it } from 'vitest';
import { lintText } from '../../src/engine/lint.js';
import { textOf } from './helpers.js';

const header = '-- MySQL dump 10.13  Distrib 5.7.44, for Linux (x86_64)\n--\n';

function findings(sql: string, history: string[] = []) {
  return lintText(sql, { history }).diagnostics.filter((diagnostic) => diagnostic.ruleId === 'dump-restore-into-existing-table');
}

describe('dump-restore-into-existing-table', () => {
  it('reports once per table, at its first INSERT, naming the dump tool', () => {
    const sql = `${header}INSERT INTO \`a\` VALUES (1);\nINSERT INTO \`a\` VALUES (2);\nINSERT INTO \`b\` VALUES (1);\n`;
    const found = findings(sql);
    expect(found.map((d) => d.range.start.line)).toEqual([3, 5]);
    expect(textOf(found[0]!)).toContain('MySQL dump 10.13');
    expect(textOf(found[0]!)).toContain('--replace');
  });

  it('finds the header after a licence comment, and ignores files without one', () => {
    const licence = '-- Licensed under the Apache License.\n-- See the NOTICE file.\n\n';
    expect(findings(`${licence}${header}INSERT INTO t VALUES (1);\n`)).toHaveLength(1);
    expect(findings('-- a seed file, not a dump\nINSERT INTO t VALUES (1);\n')).toEqual([]);
    expect(findings('INSERT INTO t VALUES (1);\n-- MySQL dump 10.13 mentioned far below\n'.padStart(9000, ' '))).toEqual([]);
  });

  it('accepts tables the dump recreates, empties first, or writes with --insert-ignore or ON DUPLICATE KEY UPDATE', () => {
    expect(findings(`${header}DROP TABLE IF EXISTS t;\nCREATE TABLE t (id INT PRIMARY KEY);\nINSERT INTO t VALUES (1);\n`)).toEqual([]);
    expect(findings(`${header}DROP TABLE IF EXISTS t;\nCREATE TABLE IF NOT EXISTS t (id INT PRIMARY KEY);\nINSERT INTO t VALUES (1);\n`)).toEqual([]);
    expect(findings(`${header}TRUNCATE TABLE t;\nINSERT INTO t VALUES (1);\n`)).toEqual([]);
    expect(findings(`${header}DELETE FROM t;\nINSERT INTO t VALUES (1);\n`)).toEqual([]);
    expect(findings(`${header}INSERT IGNORE INTO t VALUES (1);\n`)).toEqual([]);
    expect(findings(`${header}INSERT INTO t VALUES (1) ON DUPLICATE KEY UPDATE id = id;\n`)).toEqual([]);
  });

  it('flags CREATE TABLE IF NOT EXISTS without DROP TABLE, which keeps the rows', () => {
    const found = findings(`${header}CREATE TABLE IF NOT EXISTS t (id INT PRIMARY KEY);\nINSERT INTO t VALUES (1);\n`);
    expect(found).toHaveLength(1);
    expect(textOf(found[0]!)).toContain('without DROP TABLE before its CREATE TABLE IF NOT EXISTS');
  });

  it('leaves a known table without a unique key alone: its rows are added again without an error', () => {
    expect(findings(`${header}INSERT INTO log VALUES ('x');\n`, ['CREATE TABLE log (message TEXT);'])).toEqual([]);
    expect(findings(`${header}INSERT INTO log VALUES ('x');\n`, ['CREATE TABLE log (id INT PRIMARY KEY, message TEXT);'])).toHaveLength(1);
  });
});
