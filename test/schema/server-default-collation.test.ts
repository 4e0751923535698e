/**
 * `CHARACTER SET utf8mb4` without COLLATE means the server's `default_collation_for_utf8mb4`
 * (MySQL 8.4 manual 7.1.8 "Server System Variables"; bugs.mysql.com 112300: servers kept
 * compatible with 5.7 set it to utf8mb4_general_ci). Live mode passes the server's value to the
 * static model (`LinterOptions.charsetCollations`), so a change it makes is seen: from
 * utf8mb4_0900_ai_ci to utf8mb4_general_ci, 'ß' becomes equal to 's'.
 */
import { describe, expect, it } from 'vitest';
import { MigrationLinter } from '../../src/engine/lint.js';

const history = "CREATE TABLE words (id INT PRIMARY KEY, w VARCHAR(40) CHARACTER SET utf8mb4 COLLATE utf8mb4_0900_ai_ci, UNIQUE KEY uk_w (w));";

function uniqueKeyFindings(migration: string, charsetCollations?: Record<string, string>): string[] {
  const linter = new MigrationLinter({ dialect: 'mysql', ...(charsetCollations ? { charsetCollations } : {}) });
  linter.replay(history);
  return linter
    .lint('V2__convert.sql', migration)
    .diagnostics.filter((diagnostic) => diagnostic.ruleId === 'add-unique-key')
    .map((diagnostic) => diagnostic.message);
}

describe("the server's default collation for utf8mb4 in the static model", () => {
  for (const migration of ['ALTER TABLE words CONVERT TO CHARACTER SET utf8mb4;', 'ALTER TABLE words MODIFY w VARCHAR(40) CHARACTER SET utf8mb4;']) {
    it(`${migration}: no change on a default MySQL 8 server, a collation change where the default is utf8mb4_general_ci`, () => {
      expect(uniqueKeyFindings(migration)).toEqual([]);
      expect(uniqueKeyFindings(migration, { utf8mb4: 'utf8mb4_0900_ai_ci' })).toEqual([]);
      const findings = uniqueKeyFindings(migration, { utf8mb4: 'utf8mb4_general_ci' });
      expect(findings).toHaveLength(1);
      expect(findings[0]).toMatch(/uk_w/);
    });
  }

  it('a new table without COLLATE takes the server default too', () => {
    const linter = new MigrationLinter({ dialect: 'mysql', charsetCollations: { utf8mb4: 'UTF8MB4_GENERAL_CI' } });
    linter.replay('CREATE TABLE t (s VARCHAR(10) CHARACTER SET utf8mb4);');
    const table = linter.schema.getTable({ name: 't' })!;
    expect(linter.schema.getColumn(table, 's')?.collation).toBe('utf8mb4_general_ci');
  });
});
