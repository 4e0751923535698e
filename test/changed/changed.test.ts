/**
 * `--changed-since`: files changed since the merge base, in a temporary git repository with a
 * commit history on two branches.
 */
import { mkdtempSync, mkdirSync, realpathSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { git as runGit } from '../support/processes.js';
import { ChangedFilesError, changedFilesSince } from '../../src/changed/git.js';

let repo: string;

function git(...args: string[]): Promise<string> {
  return runGit(repo, args, { GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' });
}

function write(relative: string, text: string): void {
  const full = path.join(repo, relative);
  mkdirSync(path.dirname(full), { recursive: true });
  writeFileSync(full, text);
}

const sql = (file: string) => file.endsWith('.sql');
const relative = (files: string[]) => files.map((file) => path.relative(repo, file));

beforeAll(async () => {
  repo = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'uniqlint-changed-')));
  await git('init', '-q', '-b', 'main');
  write('db/001_init.sql', 'CREATE TABLE t (id INT PRIMARY KEY, a INT);\n');
  write('db/002_more.sql', 'ALTER TABLE t ADD COLUMN b INT;\n');
  write('README.md', 'docs\n');
  await git('add', '.');
  await git('commit', '-qm', 'first migrations');
  await git('checkout', '-qb', 'feature');
  write('db/003_unique.sql', 'ALTER TABLE t ADD UNIQUE KEY uk_a (a);\n');
  write('db/002_more.sql', 'ALTER TABLE t ADD COLUMN b INT NULL;\n');
  write('notes.txt', 'not sql\n');
  await git('add', '.');
  await git('commit', '-qm', 'feature migration');
  await git('checkout', '-q', 'main');
  write('db/004_on_main.sql', 'SELECT 1;\n');
  await git('add', '.');
  await git('commit', '-qm', 'main moves on');
  await git('checkout', '-q', 'feature');
});
afterAll(() => rmSync(repo, { recursive: true, force: true }));

describe('changedFilesSince', () => {
  it('lists files added or modified since the merge base, not those the target branch added', async () => {
    const changed = await changedFilesSince('main', repo, sql);
    expect(relative(changed.files)).toEqual(['db/002_more.sql', 'db/003_unique.sql']);
    expect(changed.base).toBe((await git('merge-base', 'main', 'HEAD')).trim());
  });

  it('includes uncommitted and untracked changes, and leaves deleted files out', async () => {
    write('db/005_wip.sql', 'SELECT 2;\n');
    write('db/001_init.sql', 'CREATE TABLE t (id INT PRIMARY KEY, a INT, c INT);\n');
    unlinkSync(path.join(repo, 'db/003_unique.sql'));
    try {
      expect(relative((await changedFilesSince('main', repo, sql)).files)).toEqual(['db/001_init.sql', 'db/002_more.sql', 'db/005_wip.sql']);
    } finally {
      await git('checkout', '-q', '--', '.');
      unlinkSync(path.join(repo, 'db/005_wip.sql'));
    }
  });

  it('works from a subfolder and with a commit id', async () => {
    const first = (await git('rev-list', '--max-parents=0', 'HEAD')).trim();
    expect(relative((await changedFilesSince(first, path.join(repo, 'db'), sql)).files)).toEqual(['db/002_more.sql', 'db/003_unique.sql']);
    expect(relative((await changedFilesSince('HEAD', repo, sql)).files)).toEqual([]);
  });

  it('fails clearly for an unknown ref and outside a repository', async () => {
    await expect(changedFilesSince('no-such-branch', repo)).rejects.toThrow(ChangedFilesError);
    await expect(changedFilesSince('no-such-branch', repo)).rejects.toThrow("unknown git ref 'no-such-branch'");
    await expect(changedFilesSince('--output=x', repo)).rejects.toThrow('is not a git ref');
    const outside = mkdtempSync(path.join(os.tmpdir(), 'uniqlint-nogit-'));
    try {
      await expect(changedFilesSince('main', outside)).rejects.toThrow(/needs a git repository/);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });
});
