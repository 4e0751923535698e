import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MissingPathError, planMigrationSets } from '../../src/source/discover.js';

let root: string;

function write(relative: string, text = 'SELECT 1;\n'): void {
  const full = path.join(root, relative);
  mkdirSync(path.dirname(full), { recursive: true });
  writeFileSync(full, text);
}

beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'uniqlint-discover-'));
  for (const name of ['V1__init.sql', 'V2__users.sql', 'V10__email.sql', 'V3__more.sql']) write(`flyway/${name}`);
  write('updown/0001_a.up.sql');
  write('updown/0001_a.down.sql');
  write('updown/0002_b.up.sql');
  write('updown/0002_b.down.sql');
  write('prisma/migrations/20240101000000_init/migration.sql');
  write('prisma/migrations/20240201000000_add/migration.sql');
  write('prisma/migrations/20240301000000_more/migration.sql');
  write('notes/readme.txt', 'not sql');
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('planMigrationSets', () => {
  it('lints a whole folder in natural version order', async () => {
    const plans = await planMigrationSets(['flyway'], root);
    expect(plans).toHaveLength(1);
    expect(plans[0]!.files.map((file) => [file.displayPath, file.role])).toEqual([
      ['flyway/V1__init.sql', 'lint'],
      ['flyway/V2__users.sql', 'lint'],
      ['flyway/V3__more.sql', 'lint'],
      ['flyway/V10__email.sql', 'lint'],
    ]);
  });

  it('replays the earlier files of the set as history for a single file', async () => {
    const plans = await planMigrationSets(['flyway/V3__more.sql'], root);
    expect(plans[0]!.files.map((file) => [path.basename(file.displayPath), file.role])).toEqual([
      ['V1__init.sql', 'history'],
      ['V2__users.sql', 'history'],
      ['V3__more.sql', 'lint'],
    ]);
  });

  it('neither lints nor replays down migrations', async () => {
    const plans = await planMigrationSets(['updown/0002_b.up.sql', 'updown/0002_b.down.sql'], root);
    expect(plans[0]!.files.map((file) => [path.basename(file.displayPath), file.role])).toEqual([
      ['0001_a.up.sql', 'history'],
      ['0002_b.up.sql', 'lint'],
    ]);
  });

  it('orders Prisma migrations by their folder and replays earlier ones', async () => {
    const plans = await planMigrationSets(['prisma/migrations/20240201000000_add/migration.sql'], root);
    expect(plans[0]!.directory).toBe(path.join(root, 'prisma', 'migrations'));
    expect(plans[0]!.files.map((file) => [file.displayPath, file.role])).toEqual([
      ['prisma/migrations/20240101000000_init/migration.sql', 'history'],
      ['prisma/migrations/20240201000000_add/migration.sql', 'lint'],
    ]);
  });

  it('expands globs and keeps one plan per folder', async () => {
    const plans = await planMigrationSets(['**/0002_*.sql', 'flyway/V2__users.sql'], root);
    expect(plans.map((plan) => path.relative(root, plan.directory))).toEqual(['flyway', 'updown']);
  });

  it('records the named files a convention leaves out, with the reason', async () => {
    write('flyway/seed.sql');
    const plans = await planMigrationSets(['flyway/seed.sql', 'flyway/V2__users.sql'], root);
    expect(plans[0]!.files.map((file) => path.basename(file.displayPath))).toEqual(['V1__init.sql', 'V2__users.sql']);
    expect(plans[0]!.skipped).toEqual([{ displayPath: 'flyway/seed.sql', reason: expect.stringMatching(/not a Flyway migration name.*\(folder convention: flyway\)/) }]);
    rmSync(path.join(root, 'flyway', 'seed.sql'));
  });

  it('rejects a path that does not exist', async () => {
    await expect(planMigrationSets(['missing/dir'], root)).rejects.toBeInstanceOf(MissingPathError);
  });
});
