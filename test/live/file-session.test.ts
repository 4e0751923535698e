/**
 * The file's session: which `USE` and `SET` statements of a migration file change what later
 * statements do (src/live/session.ts `applySessionStatement`, src/live/touched-tables.ts
 * `sessionBefore`).
 */
import { describe, expect, it } from 'vitest';
import { applySessionStatement, type FileSessionState } from '../../src/live/session.js';
import { sessionBefore, tableUseOf } from '../../src/live/touched-tables.js';

function after(statements: string[]): FileSessionState {
  return statements.reduce((state, sql) => applySessionStatement(sql, state), {} as FileSessionState);
}

describe('the file session', () => {
  it.each([
    [["SET sql_mode = 'STRICT_TRANS_TABLES'"], { sqlMode: 'STRICT_TRANS_TABLES' }],
    [["SET SESSION sql_mode = ''"], { sqlMode: '' }],
    [["SET @@SESSION.sql_mode := 'ansi_quotes, no_zero_date'"], { sqlMode: 'ANSI_QUOTES,NO_ZERO_DATE' }],
    [["SET LOCAL sql_mode = 'TRADITIONAL'"], { sqlMode: 'TRADITIONAL' }],
    [["SET sql_mode = CONCAT(@@sql_mode, ',STRICT_ALL_TABLES')"], { sqlMode: 'unknown' }],
    [["SET sql_mode = ''", 'SET sql_mode = DEFAULT'], {}],
    [["SET GLOBAL sql_mode = ''"], {}],
    [["SET time_zone = '+00:00'"], { timeZone: '+00:00' }],
    [['SET NAMES utf8mb4 COLLATE utf8mb4_unicode_ci'], { names: 'utf8mb4' }],
    [['SET foreign_key_checks = 0'], { foreignKeyChecks: false }],
    [['SET FOREIGN_KEY_CHECKS=1, sql_mode="NO_AUTO_VALUE_ON_ZERO"'], { foreignKeyChecks: true, sqlMode: 'NO_AUTO_VALUE_ON_ZERO' }],
    [['USE `shop db`'], { database: 'shop db' }],
    [['USE shop'], { database: 'shop' }],
    [['SELECT 1'], {}],
  ] as [string[], FileSessionState][])('%j', (statements, expected) => {
    const state = after(statements);
    const { savedVariables: _saved, ...rest } = state;
    expect(rest).toEqual(expected);
  });

  it("restores mysqldump's saved sql_mode", () => {
    const state = after([
      "SET sql_mode = 'STRICT_TRANS_TABLES'",
      "SET @OLD_SQL_MODE=@@SQL_MODE, SQL_MODE='NO_AUTO_VALUE_ON_ZERO'",
      'SET SQL_MODE=@OLD_SQL_MODE',
    ]);
    expect(state.sqlMode).toBe('STRICT_TRANS_TABLES');
  });

  it('applies to the statements after it, in that file only, and not from inside a stored program', () => {
    const text = [
      "SET SESSION sql_mode = '';",
      'ALTER TABLE t ADD UNIQUE (a);',
      'DELIMITER $$',
      "CREATE PROCEDURE p() BEGIN SET sql_mode = 'STRICT_ALL_TABLES'; END$$",
      'DELIMITER ;',
      'USE other;',
      'ALTER TABLE t ADD UNIQUE (b);',
    ].join('\n');
    const use = tableUseOf('m.sql', text, 'mariadb');
    const offsetOf = (needle: string) => text.indexOf(needle);
    expect(sessionBefore(use, 0)).toEqual({});
    expect(sessionBefore(use, offsetOf('ALTER TABLE t ADD UNIQUE (a)'))).toEqual({ sqlMode: '' });
    expect(sessionBefore(use, offsetOf('ALTER TABLE t ADD UNIQUE (b)'))).toEqual({ sqlMode: '', database: 'other' });
    expect(sessionBefore(tableUseOf('n.sql', 'ALTER TABLE t ADD UNIQUE (a);', 'mariadb'), 0)).toEqual({});
  });
});
