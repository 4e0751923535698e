/**
 * Migration conventions: detection per folder, file order and skipping, "down" parts removed with
 * offsets kept, and whole runs over one fixture folder per convention.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { lintPaths } from '../../src/run.js';
import { isUnversionedSet, planMigrationSets } from '../../src/source/discover.js';
import {
  classifyFile,
  configuredConvention,
  deploymentGroupOf,
  detectConvention,
  neutralizePlaceholders,
  upPartOf,
  type ConventionName,
} from '../../src/source/conventions.js';
import addUniqueKey from '../../rules/add-unique-key.js';
import insertIgnore from '../../rules/insert-ignore.js';
import parseError from '../../rules/parse-error.js';
import replaceInto from '../../rules/replace-into.js';

/** The rules these tests exercise; other rules may also fire on the fixtures and are not run. */
const rules = [addUniqueKey, insertIgnore, parseError, replaceInto];

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');

/** Every finding of a run as `path line:column rule`. */
async function findings(folder: string, options = {}): Promise<string[]> {
  const result = await lintPaths([folder], { rules, ...options }, fixtures);
  return result.files.flatMap((file) => file.diagnostics.map((d) => `${file.path} ${d.range.start.line}:${d.range.start.column} ${d.ruleId}`));
}

async function plan(folder: string, options = {}): Promise<{ convention: ConventionName; files: string[] }> {
  const plans = await planMigrationSets([folder], fixtures, options);
  expect(plans).toHaveLength(1);
  return { convention: plans[0]!.convention, files: plans[0]!.files.map((file) => path.basename(path.dirname(file.displayPath)) + '/' + path.basename(file.displayPath)) };
}

describe('detectConvention', () => {
  it('reads file names first, then markers in the files', () => {
    expect(detectConvention(['V1__init.sql', 'V2__users.sql'])).toBe('flyway');
    expect(detectConvention(['R__views.sql'])).toBe('flyway');
    expect(detectConvention(['0001_a.up.sql', '0001_a.down.sql'])).toBe('golang-migrate');
    expect(detectConvention(['migration.sql'])).toBe('prisma');
    expect(detectConvention(['001_a.sql'], ['-- +goose Up\nCREATE TABLE t (id INT);'])).toBe('goose');
    expect(detectConvention(['001_a.sql'], ['-- migrate:up\nCREATE TABLE t (id INT);'])).toBe('dbmate');
    expect(detectConvention(['001_a.sql'], ['--liquibase formatted sql\n--changeset a:1\n'])).toBe('liquibase');
    expect(detectConvention(['001_a.sql', '002_b.sql'], ['CREATE TABLE t (id INT);'])).toBe('plain');
    expect(detectConvention(['20191100000001000000_identities.mysql.up.sql', '20191100000001000000_identities.mysql.down.sql'])).toBe('pop');
    // 20-digit versions without a dialect suffix alone do not tell pop from golang-migrate.
    expect(detectConvention(['20191100000001000000_identities.up.sql'])).toBe('golang-migrate');
  });
});

describe('pop', () => {
  it('runs up files for MySQL or for every database, skips down files and other databases', () => {
    expect(classifyFile('pop', '20191100000001000000_a.mysql.up.sql').kind).toBe('migration');
    expect(classifyFile('pop', '20191100000001000000_a.up.sql').kind).toBe('migration');
    expect(classifyFile('pop', '20191100000001000000_a.mysql.down.sql').kind).toBe('skip');
    expect(classifyFile('pop', '20191100000001000000_a.postgres.up.sql')).toEqual({ kind: 'skip', reason: 'pop migration for another database (postgres)' });
    expect(classifyFile('pop', '20191100000001000000_a.sqlite3.up.sql').kind).toBe('skip');
  });

  it('groups the files of one timestamp into one deployment', () => {
    expect(deploymentGroupOf('pop', 'sql/20210410175418000045_network.mysql.up.sql')).toBe('20210410175418');
    expect(deploymentGroupOf('pop', '20210410175418000046_network.mysql.up.sql')).toBe('20210410175418');
    expect(deploymentGroupOf('pop', '20210410175419000000_other.up.sql')).toBe('20210410175419');
    expect(deploymentGroupOf('golang-migrate', '20210410175418000045_network.up.sql')).toBeUndefined();
    expect(deploymentGroupOf('plain', '001_a.sql')).toBeUndefined();
  });
});

describe('deployments in a plan', () => {
  it('a plain folder of unversioned files (ddl, dml) is one deployment; numbered files are one each', () => {
    expect(isUnversionedSet('plain', ['/x/dolphinscheduler_ddl.sql', '/x/dolphinscheduler_dml.sql'])).toBe(true);
    expect(isUnversionedSet('plain', ['/x/001_a.sql', '/x/schema.sql'])).toBe(false);
    expect(isUnversionedSet('flyway', ['/x/a.sql', '/x/b.sql'])).toBe(false);
    expect(isUnversionedSet('plain', ['/x/schema.sql'])).toBe(false);
  });
});

describe('classifyFile', () => {
  it('skips Flyway undo files and callbacks, and marks repeatables', () => {
    expect(classifyFile('flyway', 'V2__users.sql').kind).toBe('migration');
    expect(classifyFile('flyway', 'V1_1__users.sql').kind).toBe('migration');
    expect(classifyFile('flyway', 'R__views.sql').kind).toBe('repeatable');
    expect(classifyFile('flyway', 'U2__users.sql')).toEqual({ kind: 'skip', reason: 'Flyway undo migration' });
    expect(classifyFile('flyway', 'afterMigrate.sql').kind).toBe('skip');
  });

  it('skips down files and, for golang-migrate, anything but up files', () => {
    expect(classifyFile('golang-migrate', '1_a.down.sql').kind).toBe('skip');
    expect(classifyFile('golang-migrate', '1_a.sql').kind).toBe('skip');
    expect(classifyFile('golang-migrate', '1_a.up.sql').kind).toBe('migration');
    expect(classifyFile('plain', '1_a.down.sql').kind).toBe('skip');
    expect(classifyFile('plain', '1_a.sql').kind).toBe('migration');
  });
});

describe('configuredConvention', () => {
  it('uses the longest configured folder that contains the set', () => {
    const setting = { db: 'goose', 'db/legacy': 'flyway' } as const;
    expect(configuredConvention(setting, '/repo/db/legacy/v1', '/repo')).toBe('flyway');
    expect(configuredConvention(setting, '/repo/db/main', '/repo')).toBe('goose');
    expect(configuredConvention(setting, '/repo/other', '/repo')).toBe('auto');
    expect(configuredConvention('dbmate', '/anywhere', '/repo')).toBe('dbmate');
    expect(configuredConvention(undefined, '/anywhere', '/repo')).toBe('auto');
  });
});

describe('upPartOf', () => {
  function expectSameShape(before: string, after: string): void {
    expect(after).toHaveLength(before.length);
    expect([...after.matchAll(/\n/g)].map((m) => m.index)).toEqual([...before.matchAll(/\n/g)].map((m) => m.index));
  }

  it('blanks goose Down sections and keeps every offset of the Up part', () => {
    const text = '-- +goose Up\nCREATE TABLE t (id INT);\n\n-- +goose Down\r\nDROP TABLE t;\n-- +goose Up\nSELECT 1;\n';
    const up = upPartOf('goose', text);
    expectSameShape(text, up.text);
    expect(up.text).toContain('CREATE TABLE t (id INT);');
    expect(up.text).not.toContain('DROP TABLE');
    expect(up.text.indexOf('SELECT 1;')).toBe(text.indexOf('SELECT 1;'));
    expect(up.text).toContain('\r\n');
    expect(up.removed).toEqual([{ start: text.indexOf('-- +goose Down'), end: text.lastIndexOf('-- +goose Up'), what: 'goose Down section' }]);
  });

  it('blanks dbmate down sections', () => {
    const text = '-- migrate:up\nALTER TABLE t ADD UNIQUE (a);\n-- migrate:down\nALTER TABLE t DROP INDEX a;\n';
    const up = upPartOf('dbmate', text);
    expectSameShape(text, up.text);
    expect(up.text).toContain('ADD UNIQUE');
    expect(up.text).not.toContain('DROP INDEX');
  });

  it('blanks Liquibase rollback lines and blocks', () => {
    const text = '--liquibase formatted sql\n--changeset a:1\nCREATE TABLE t (id INT);\n--rollback DROP TABLE t;\n/* liquibase rollback\nDROP TABLE t;\n*/\nSELECT 1;\n';
    const up = upPartOf('liquibase', text);
    expectSameShape(text, up.text);
    expect(up.text).not.toContain('DROP TABLE');
    expect(up.text).toContain('CREATE TABLE t (id INT);');
    expect(up.text.trim().startsWith('CREATE TABLE')).toBe(true);
    expect(up.removed.map((part) => part.what)).toEqual(['Liquibase directive', 'Liquibase directive', 'Liquibase rollback', 'Liquibase rollback block']);
  });

  it('turns Flyway placeholders into identifiers of the same length', () => {
    expect(neutralizePlaceholders('CREATE TABLE ${schema}.t ENGINE=${flyway:engine};')).toBe('CREATE TABLE __schema_.t ENGINE=__flyway_engine_;');
    const text = 'SELECT ${a}, ${unterminated';
    expect(upPartOf('flyway', text).text).toHaveLength(text.length);
  });

  it('terminates on arbitrary text', () => {
    const noise = '-- +goose Down\n-- migrate:down\n/* liquibase rollback\n--rollback\n${'.repeat(2000);
    for (const convention of ['goose', 'dbmate', 'liquibase', 'flyway', 'plain'] as const) {
      expect(upPartOf(convention, noise).text).toHaveLength(noise.length);
    }
  });
});

describe('fixture folders, one per convention', () => {
  it('plain: numbered files in order', async () => {
    expect(await plan('plain')).toEqual({ convention: 'plain', files: ['plain/001_init.sql', 'plain/002_unique_email.sql'] });
    expect(await findings('plain')).toEqual(['plain/002_unique_email.sql 2:23 add-unique-key']);
  });

  it('flyway: version order, R__ last, U and callbacks skipped, placeholders tolerated', async () => {
    expect(await plan('flyway')).toEqual({
      convention: 'flyway',
      files: ['flyway/V1__init.sql', 'flyway/V2__unique_email.sql', 'flyway/V10__audit.sql', 'flyway/R__seed_settings.sql'],
    });
    const found = await findings('flyway');
    expect(found).toEqual(['flyway/V2__unique_email.sql 2:23 add-unique-key', 'flyway/R__seed_settings.sql 2:1 replace-into']);
    expect(found.join('\n')).not.toMatch(/parse-error|U2__|afterMigrate/);
  });

  it('golang-migrate: up files linted, down files neither linted nor replayed', async () => {
    expect(await plan('golang-migrate')).toEqual({
      convention: 'golang-migrate',
      files: ['golang-migrate/000001_init.up.sql', 'golang-migrate/000002_unique_email.up.sql', 'golang-migrate/000003_drop_unique.up.sql'],
    });
    expect(await findings('golang-migrate')).toEqual(['golang-migrate/000002_unique_email.up.sql 1:23 add-unique-key']);
  });

  it('goose: Down sections skipped, StatementBegin/End bodies linted', async () => {
    expect((await plan('goose')).convention).toBe('goose');
    // The Down section of the first file drops `users`; were it replayed, the table would be unknown.
    expect(await findings('goose')).toEqual([
      'goose/20240102000000_unique_email.sql 3:23 add-unique-key',
      'goose/20240103000000_procedure.sql 6:3 insert-ignore',
    ]);
  });

  it('dbmate: down sections skipped', async () => {
    expect((await plan('dbmate')).convention).toBe('dbmate');
    expect(await findings('dbmate')).toEqual(['dbmate/20240102000000_unique_email.sql 2:23 add-unique-key']);
  });

  it('prisma: one folder per migration, ordered by folder name', async () => {
    expect(await plan('prisma')).toEqual({
      convention: 'prisma',
      files: ['20240101000000_init/migration.sql', '20240102000000_unique_email/migration.sql'],
    });
    expect(await findings('prisma')).toEqual(['prisma/migrations/20240102000000_unique_email/migration.sql 2:8 add-unique-key']);
  });

  it('liquibase: rollback lines and blocks skipped', async () => {
    expect((await plan('liquibase')).convention).toBe('liquibase');
    expect(await findings('liquibase')).toEqual(['liquibase/002_unique_email.sql 4:23 add-unique-key']);
  });

  it('lints one file with the earlier ones of its convention as history', async () => {
    const result = await lintPaths(['goose/20240102000000_unique_email.sql'], { rules }, fixtures);
    expect(result.files.map((file) => file.path)).toEqual(['goose/20240102000000_unique_email.sql']);
    expect(result.files[0]!.diagnostics.map((d) => d.ruleId)).toEqual(['add-unique-key']);
  });
});

describe('overriding the detected convention', () => {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'uniqlint-conventions-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('a configured convention wins over detection, per folder', async () => {
    mkdirSync(path.join(scratch, 'db'), { recursive: true });
    // Detected as dbmate from its markers, the down part is skipped; forced to plain, it is linted.
    writeFileSync(path.join(scratch, 'db', '001_init.sql'), 'CREATE TABLE t (id INT PRIMARY KEY, a INT);\n');
    writeFileSync(path.join(scratch, 'db', '002_more.sql'), '-- migrate:up\nSELECT 1;\n-- migrate:down\nALTER TABLE t ADD UNIQUE KEY uk_a (a);\n');
    const detected = await lintPaths(['db'], { rules }, scratch);
    expect(detected.files.flatMap((file) => file.diagnostics)).toEqual([]);
    const plainForced = await lintPaths(['db'], { rules, convention: { db: 'plain' } }, scratch);
    expect(plainForced.files.flatMap((file) => file.diagnostics.map((d) => `${d.range.start.line} ${d.ruleId}`))).toEqual(['4 add-unique-key']);
    const everywhere = await lintPaths(['db'], { rules, convention: 'plain' }, scratch);
    expect(everywhere.files.flatMap((file) => file.diagnostics.map((d) => d.ruleId))).toEqual(['add-unique-key']);
  });

  it('exclude globs drop files from linting and history', async () => {
    mkdirSync(path.join(scratch, 'ex'), { recursive: true });
    writeFileSync(path.join(scratch, 'ex', '001_init.sql'), 'CREATE TABLE t (id INT PRIMARY KEY, a INT);\n');
    writeFileSync(path.join(scratch, 'ex', '002_seed.sql'), 'REPLACE INTO t VALUES (1, 1);\n');
    const all = await lintPaths(['ex'], { rules }, scratch);
    expect(all.files.map((file) => file.path)).toEqual(['ex/001_init.sql', 'ex/002_seed.sql']);
    const some = await lintPaths(['ex'], { rules, exclude: ['**/*_seed.sql'] }, scratch);
    expect(some.files.map((file) => file.path)).toEqual(['ex/001_init.sql']);
  });
});
