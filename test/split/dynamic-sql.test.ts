import { describe, expect, it } from 'vitest';
import { resolveDynamicSql } from '../../src/split/dynamic-sql.js';
import { splitStatements } from '../../src/split/splitter.js';
import type { StatementUnit } from '../../src/statement.js';

/** Splits `text` and resolves its dynamic SQL; returns the candidate units of every PREPARE. */
function resolve(text: string): Array<{ prepare: StatementUnit; candidates: StatementUnit[] }> {
  const { statements } = splitStatements(text);
  const resolved = resolveDynamicSql(statements, text);
  return [...resolved.entries()].map(([prepare, candidates]) => ({ prepare, candidates }));
}

describe('resolveDynamicSql', () => {
  it('resolves the ZoneMinder SET @s = (SELECT IF(...)) idiom into both branches', () => {
    const text = [
      "SELECT 'Checking for ExecuteInterval in Filters';",
      'SET @s = (SELECT IF(',
      '  (SELECT COUNT(*)',
      '  FROM INFORMATION_SCHEMA.COLUMNS',
      "  WHERE table_name = 'Filters'",
      '  AND table_schema = DATABASE()',
      "  AND column_name = 'ExecuteInterval'",
      '  ) > 0,',
      '"SELECT \'Column ExecuteInterval already exists in Filters\'",',
      '"ALTER TABLE Filters ADD COLUMN `ExecuteInterval` int(10) unsigned NOT NULL default \'60\' AFTER `UserId`"',
      '));',
      '',
      'PREPARE stmt FROM @s;',
      'EXECUTE stmt;',
    ].join('\n');
    const [entry, ...rest] = resolve(text);
    expect(rest).toEqual([]);
    expect(entry!.prepare.sql).toBe('PREPARE stmt FROM @s');
    expect(entry!.candidates.map((c) => c.sql)).toEqual([
      "SELECT 'Column ExecuteInterval already exists in Filters'",
      "ALTER TABLE Filters ADD COLUMN `ExecuteInterval` int(10) unsigned NOT NULL default '60' AFTER `UserId`",
    ]);
    const alter = entry!.candidates[1]!;
    expect(alter).toMatchObject({
      index: 2,
      origin: 'dynamic-sql',
      exactOffsets: false,
      delimiter: '',
      leadingComments: [],
      bodyStatements: [],
    });
    expect(alter.range.start).toMatchObject({ line: 10, column: 1 });
    expect(text.slice(alter.startOffset, alter.endOffset)).toBe(
      '"ALTER TABLE Filters ADD COLUMN `ExecuteInterval` int(10) unsigned NOT NULL default \'60\' AFTER `UserId`"',
    );
  });

  it('reads := assignments, branches that reference a known variable and IF without SELECT', () => {
    const text = [
      "set @sqlstmt := 'ALTER TABLE Stats ADD CONSTRAINT fk FOREIGN KEY (ZoneId) REFERENCES Zones (Id)';",
      "set @sqlstmt := if( @exist = 1, \"SELECT 'FOREIGN KEY for ZoneId in Stats already exists'\", @sqlstmt);",
      'PREPARE stmt FROM @sqlstmt;',
    ].join('\n');
    const [entry] = resolve(text);
    expect(entry!.candidates.map((c) => [c.sql, c.range.start.line])).toEqual([
      ["SELECT 'FOREIGN KEY for ZoneId in Stats already exists'", 2],
      ['ALTER TABLE Stats ADD CONSTRAINT fk FOREIGN KEY (ZoneId) REFERENCES Zones (Id)', 1],
    ]);
  });

  it('concatenates CONCAT arguments, including known variables, and points at the first literal', () => {
    const text = [
      "SET @tbl = 'Monitors', @col := 'Name';",
      "SET @q = CONCAT('ALTER TABLE `', @tbl, '` ADD UNIQUE KEY (`', @col, '`)');",
      'PREPARE s FROM @q;',
    ].join('\n');
    const [entry] = resolve(text);
    expect(entry!.candidates.map((c) => c.sql)).toEqual(['ALTER TABLE `Monitors` ADD UNIQUE KEY (`Name`)']);
    const candidate = entry!.candidates[0]!;
    expect(text.slice(candidate.startOffset, candidate.endOffset)).toBe("'ALTER TABLE `'");
  });

  it('resolves PREPARE FROM a literal, unescaping it', () => {
    const [entry] = resolve("PREPARE s FROM 'INSERT INTO t VALUES (''a'', \\'b\\')';");
    expect(entry!.candidates.map((c) => c.sql)).toEqual(["INSERT INTO t VALUES ('a', 'b')"]);
  });

  it('yields nothing for unknown variables and function results', () => {
    const text = [
      "SET @q = CONCAT('ALTER TABLE ', tableName, ' DROP INDEX ', indexName);",
      'PREPARE s FROM @q;',
      'PREPARE s FROM @never_set;',
      "SET @r = UPPER('alter table t add unique (a)');",
      'PREPARE s FROM @r;',
    ].join('\n');
    expect(resolve(text)).toEqual([]);
  });

  it('forgets a variable when it is set to something unresolvable', () => {
    const text = "SET @q = 'ALTER TABLE t ADD UNIQUE (a)';\nSET @q = NOW();\nPREPARE s FROM @q;";
    expect(resolve(text)).toEqual([]);
  });

  it('follows assignments and PREPAREs inside stored program bodies (conductor shape)', () => {
    const text = [
      'DELIMITER $$',
      'CREATE PROCEDURE FixPk()',
      'BEGIN',
      '  IF 1 > 0 THEN',
      "    SET @stmt = CONCAT('ALTER TABLE queue ', 'DROP PRIMARY KEY, ADD PRIMARY KEY (queue_name)');",
      '    PREPARE st FROM @stmt;',
      '    EXECUTE st;',
      '  END IF;',
      'END$$',
    ].join('\n');
    const [entry] = resolve(text);
    expect(entry!.prepare.origin).toBe('program-body');
    expect(entry!.candidates.map((c) => [c.sql, c.index, c.range.start.line])).toEqual([
      ['ALTER TABLE queue DROP PRIMARY KEY, ADD PRIMARY KEY (queue_name)', 0, 5],
    ]);
  });

  it('treats user variable names case-insensitively', () => {
    const [entry] = resolve("SET @SQL = 'CREATE UNIQUE INDEX u ON t (a)';\nPREPARE s FROM @sql;");
    expect(entry!.candidates.map((c) => c.sql)).toEqual(['CREATE UNIQUE INDEX u ON t (a)']);
  });
});
