import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { resolveDynamicSql } from '../../src/split/dynamic-sql.js';
import { splitStatements } from '../../src/split/splitter.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const corpusRoot = path.resolve(repoRoot, '..', 'shared', 'corpus');
const haveCorpus = existsSync(corpusRoot);

/** SQL files of the corpus (upstream and derived files, not the corpus's own notes and scripts). */
function corpusFiles(): string[] {
  const files: string[] = [];
  const walk = (folder: string): void => {
    for (const name of readdirSync(folder)) {
      const full = path.join(folder, name);
      if (statSync(full).isDirectory()) {
        if (name !== '_meta' && name !== 'server-tests') walk(full);
      } else if (!/\.(md|tsv|py)$/.test(name)) {
        files.push(full);
      }
    }
  };
  walk(corpusRoot);
  return files.sort();
}

interface RepositoryCounts {
  files: number;
  topLevel: number;
  body: number;
  dynamic: number;
}

describe.skipIf(!haveCorpus)('splitter on the real-world corpus', () => {
  const counts = new Map<string, RepositoryCounts>();
  const problems: string[] = [];
  const files = haveCorpus ? corpusFiles() : [];

  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const result = splitStatements(text);
    const relative = path.relative(corpusRoot, file);
    const repository = relative.split(path.sep)[0]!;
    const entry = counts.get(repository) ?? { files: 0, topLevel: 0, body: 0, dynamic: 0 };
    entry.files += 1;
    entry.topLevel += result.statements.length;
    for (const statement of result.statements) entry.body += statement.bodyStatements.length;
    for (const units of resolveDynamicSql(result.statements, text).values()) entry.dynamic += units.length;
    counts.set(repository, entry);
    for (const problem of result.problems) problems.push(`${relative}:${problem.startOffset}: ${problem.message}`);
  }

  it('splits every corpus file without a problem', () => {
    expect(files.length).toBeGreaterThan(2000);
    expect(problems).toEqual([]);
    console.table(Object.fromEntries([...counts.entries()].sort()));
  });

  it('finds the stored-program bodies and dynamic SQL the corpus is known for', () => {
    for (const repository of ['vmangos__core', 'apache__ranger', 'apache__dolphinscheduler', 'github__gh-ost', 'ZoneMinder__zoneminder']) {
      expect(counts.get(repository)?.body ?? 0, repository).toBeGreaterThan(100);
    }
    expect(counts.get('ZoneMinder__zoneminder')?.dynamic ?? 0).toBeGreaterThan(500);
    expect(counts.get('conductor-oss__conductor')?.dynamic ?? 0).toBeGreaterThan(0);
  });

  it('keeps the dolphinscheduler unique-key procedure and reads its ALTER TABLE', () => {
    const file = path.join(
      corpusRoot,
      'apache__dolphinscheduler/dolphinscheduler-dao/src/main/resources/sql/upgrade/3.0.2_schema/mysql/dolphinscheduler_ddl.sql',
    );
    const text = readFileSync(file, 'utf8');
    const inner = splitStatements(text).statements.flatMap((s) => s.bodyStatements.map((b) => b.sql));
    expect(inner).toContain('ALTER TABLE t_ds_process_definition_log ADD UNIQUE KEY uniq_idx_code_version(`code`,`version`)');
  });

  it('consumes the source commands of the employees loader', () => {
    const text = readFileSync(path.join(corpusRoot, 'datacharmer__test_db/employees_partitioned_5.1.sql'), 'utf8');
    const statements = splitStatements(text).statements;
    expect(statements.some((s) => /^source\b/i.test(s.sql))).toBe(false);
    expect(statements.filter((s) => s.sql.startsWith("SELECT 'LOADING")).length).toBe(6);
  });
});
