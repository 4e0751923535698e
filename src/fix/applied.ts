/**
 * Which migration files `--fix` must never rewrite: those already applied to a database.
 *
 * Editing an applied migration changes nothing in the database (the table stays as the old text
 * created it) and breaks tools that checksum applied migrations (Flyway's `validate`, Liquibase's
 * changeset checksums). A file counts as applied when:
 * - the configuration's `applied` globs match it; or
 * - it is in a git repository, git has it at the base commit (HEAD, or the merge base of
 *   `--changed-since`), and the working file has the same blob id there (`git hash-object`, so
 *   the repository's filters apply): committed and unchanged since the base; or
 * - it is outside any git repository and was not named on the command line as a file (a folder
 *   or glob names files the user did not pick one by one).
 * A file git knows only in the working tree (new, untracked) or changed since the base is the
 * pull request's own, and fixable.
 */
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { glob } from 'tinyglobby';

/** Inputs of the decision. */
export interface AppliedMigrationPolicy {
  /** Absolute paths of the files named one by one on the command line. */
  namedFiles: readonly string[];
  /** The configuration's `applied` globs and the folder they are relative to. */
  appliedPatterns?: { patterns: readonly string[]; baseDirectory: string };
  /** Commit the working files are compared with: the merge base of `--changed-since`; default HEAD. */
  base?: string;
}

/** Decides, file by file, whether a file is an applied migration; answers are cached per folder. */
export class AppliedMigrationGuard {
  private readonly named: Set<string>;
  private configured: Promise<Set<string>> | undefined;
  private readonly toplevels = new Map<string, Promise<string | undefined>>();

  constructor(private readonly policy: AppliedMigrationPolicy) {
    this.named = new Set(policy.namedFiles.map((file) => path.resolve(file)));
  }

  /**
   * Why the file at `absolutePath` must not be rewritten, as a clause ("is committed and unchanged
   * since HEAD"), or undefined when `--fix` may write it. Never throws: a git failure counts as
   * "applied" (leaving a file alone is the safe mistake).
   */
  async appliedReason(absolutePath: string): Promise<string | undefined> {
    const file = await fs.realpath(absolutePath).catch(() => path.resolve(absolutePath));
    if ((await this.configuredFiles()).has(file) || (await this.configuredFiles()).has(path.resolve(absolutePath))) {
      return "is marked as applied by the configuration's 'applied' patterns";
    }
    const top = await this.toplevel(path.dirname(file));
    const base = this.policy.base ?? 'HEAD';
    if (top === undefined) {
      if (this.named.has(path.resolve(absolutePath)) || this.named.has(file)) return undefined;
      return 'is outside git and was not named on the command line, so it may already be applied (name the file to fix it)';
    }
    const relative = path.relative(top, file).split(path.sep).join('/');
    let committed: string;
    try {
      committed = (await git(['rev-parse', '--verify', '--quiet', `${base}:${relative}`], top)).trim();
    } catch {
      return undefined; // not in the base commit: a new migration
    }
    try {
      const working = (await git(['hash-object', '--', relative], top)).trim();
      if (working !== committed) return undefined;
    } catch {
      // cannot tell: keep the file as it is
    }
    const shown = /^[0-9a-f]{40,64}$/.test(base) ? base.slice(0, 12) : base;
    return `is committed and unchanged since ${shown}, so it may already be applied (use --changed-since <branch> to fix a migration only your branch adds)`;
  }

  private configuredFiles(): Promise<Set<string>> {
    const patterns = this.policy.appliedPatterns;
    this.configured ??= patterns && patterns.patterns.length > 0
      ? glob([...patterns.patterns], { cwd: patterns.baseDirectory, absolute: true, dot: true }).then(
          async (files) => new Set([...files.map((entry) => path.resolve(entry)), ...(await Promise.all(files.map((entry) => fs.realpath(entry).catch(() => path.resolve(entry)))))]),
          () => new Set<string>(),
        )
      : Promise.resolve(new Set<string>());
    return this.configured;
  }

  private toplevel(directory: string): Promise<string | undefined> {
    let answer = this.toplevels.get(directory);
    if (!answer) {
      answer = git(['rev-parse', '--show-toplevel'], directory).then(
        (stdout) => stdout.trim(),
        () => undefined,
      );
      this.toplevels.set(directory, answer);
    }
    return answer;
  }
}

function git(args: string[], cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('git', args, { cwd, encoding: 'utf8', maxBuffer: 1024 * 1024 }, (error, stdout) => (error ? reject(error) : resolve(stdout)));
  });
}
