/**
 * One definition of a deployment for every rule: a file gets the same findings whether it is
 * linted alone (its folder's earlier files replayed as history) or together with its folder.
 *
 * For every rule, its examples are written out as one migration folder (each example's history,
 * then the example, in version order), the folder is linted whole, and then each file is linted
 * alone; the findings of every file must be identical. The folder runs must between them make
 * every static rule report, so that no rule escapes the check.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { allRules } from '../../rules/index.js';
import { lintPaths } from '../../src/run.js';
import type { FileLintResult } from '../../src/engine/lint.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'uniqlint-deployments-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const staticRules = allRules.filter((rule) => rule.meta.requires !== 'live');

/** Writes `files` (name → SQL) into a fresh folder and returns its path. */
function folder(name: string, files: Record<string, string>): string {
  const directory = path.join(root, name);
  mkdirSync(directory, { recursive: true });
  for (const [file, sql] of Object.entries(files)) writeFileSync(path.join(directory, file), sql);
  return directory;
}

function shape(file: FileLintResult): string[] {
  return file.diagnostics.map((d) => `${d.ruleId} ${d.range.start.line}:${d.range.start.column} ${d.message}`);
}

/** Lints the folder whole, then each file alone; returns both views keyed by file name. */
async function bothWays(directory: string, dialect: 'mysql' | 'mariadb'): Promise<{ together: Map<string, string[]>; alone: Map<string, string[]> }> {
  const together = new Map<string, string[]>();
  for (const file of (await lintPaths([directory], { dialect }, root)).files) together.set(path.basename(file.path), shape(file));
  const alone = new Map<string, string[]>();
  for (const name of together.keys()) {
    const [file] = (await lintPaths([path.join(directory, name)], { dialect }, root)).files;
    alone.set(name, shape(file!));
  }
  return { together, alone };
}

describe('one file, one deployment: linted alone or with its folder, the same findings', () => {
  const reported = new Set<string>();

  for (const rule of staticRules) {
    it(`${rule.meta.id}`, async () => {
      for (const dialect of ['mysql', 'mariadb'] as const) {
        const examples = [...rule.meta.examples.invalid, ...rule.meta.examples.valid].filter((example) => (example.dialect ?? 'mysql') === dialect && example.file === undefined);
        if (examples.length === 0) continue;
        const files: Record<string, string> = {};
        examples.forEach((example, index) => {
          const number = String(index * 2 + 1).padStart(3, '0');
          if (example.history !== undefined) files[`${number}_history.sql`] = example.history;
          files[`${String(index * 2 + 2).padStart(3, '0')}_example.sql`] = example.sql;
        });
        const directory = folder(`${rule.meta.id}-${dialect}`, files);
        const { together, alone } = await bothWays(directory, dialect);
        for (const [name, findings] of together) {
          expect(alone.get(name), `${name} of ${rule.meta.id}`).toEqual(findings);
          for (const finding of findings) reported.add(finding.split(' ')[0]!);
        }
      }
    }, 60_000);
  }

  it('the folders above make every static rule report at least once', () => {
    // A rule whose examples are all runbooks (files a folder is never searched for) has no migration to report on.
    const onMigrations = staticRules.filter((rule) => [...rule.meta.examples.invalid, ...rule.meta.examples.valid].some((example) => example.file === undefined));
    const silent = onMigrations.map((rule) => rule.meta.id).filter((id) => !reported.has(id) && id !== 'unused-disable');
    expect(silent).toEqual([]);
  });

  it('a pop group is one deployment, linted alone or with its folder', async () => {
    const directory = folder('pop', {
      '20240101000000000000_users.mysql.up.sql': 'CREATE TABLE users (id CHAR(36) NOT NULL, email VARCHAR(255), PRIMARY KEY (id));',
      '20240101000000000001_users.mysql.up.sql': 'CREATE UNIQUE INDEX users_email_uq ON users (email);',
      '20240101000000000001_users.postgres.up.sql': 'CREATE UNIQUE INDEX users_email_uq ON users (email);',
      '20240101000000000001_users.mysql.down.sql': 'DROP INDEX users_email_uq ON users;',
      '20240202000000000000_names.mysql.up.sql': 'ALTER TABLE users ADD COLUMN name VARCHAR(64) NOT NULL DEFAULT \'\';',
      '20240202000000000001_names.mysql.up.sql': 'CREATE UNIQUE INDEX users_name_uq ON users (name);',
    });
    const { together, alone } = await bothWays(directory, 'mysql');
    expect([...together.keys()]).toEqual([
      '20240101000000000000_users.mysql.up.sql',
      '20240101000000000001_users.mysql.up.sql',
      '20240202000000000000_names.mysql.up.sql',
      '20240202000000000001_names.mysql.up.sql',
    ]);
    for (const [name, findings] of together) expect(alone.get(name), name).toEqual(findings);
    // The key on a table created in the same group cannot fail; the one on a table of an earlier group can.
    expect(together.get('20240101000000000001_users.mysql.up.sql')!.filter((finding) => finding.startsWith('add-unique-key'))).toEqual([]);
    expect(together.get('20240202000000000001_names.mysql.up.sql')!.filter((finding) => finding.startsWith('add-unique-key'))).toHaveLength(1);
  });

  it('files given together as the change are one deployment, in version order', async () => {
    const directory = folder('change', {
      '001_init.sql': 'CREATE TABLE accounts (id INT PRIMARY KEY, name VARCHAR(64));',
      '002_tokens.sql': 'CREATE TABLE tokens (id INT PRIMARY KEY, token VARCHAR(64));',
      '003_token_key.sql': 'ALTER TABLE tokens ADD UNIQUE KEY uk_token (token);',
    });
    const keyFindings = (files: FileLintResult[]): string[] =>
      files.flatMap((file) => file.diagnostics.filter((d) => d.ruleId === 'add-unique-key').map(() => path.basename(file.path)));
    // Linted through the folder, 003 is a deployment of its own after 002: tokens may hold rows.
    expect(keyFindings((await lintPaths([directory], {}, root)).files)).toEqual(['003_token_key.sql']);
    // Named together (a hook, --changed-since), 002 and 003 ship as one change: tokens is empty.
    const named = await lintPaths([path.join(directory, '003_token_key.sql'), path.join(directory, '002_tokens.sql')], {}, root);
    expect(named.files.map((file) => path.basename(file.path))).toEqual(['002_tokens.sql', '003_token_key.sql']);
    expect(keyFindings(named.files)).toEqual([]);
  });
});
