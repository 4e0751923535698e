/**
 * `--changed-since <ref>`: the migration files added or modified since the merge base of `ref`
 * and HEAD, as `git diff <merge-base>` sees them (committed changes, plus changes in the working
 * tree), together with untracked files that git does not ignore. Deleted files are left out
 * (`--diff-filter=ACMR`); a renamed file counts as changed.
 *
 * The merge base (git-merge-base(1)) is what a pull request adds to its target branch: files
 * changed on the target branch after the branch point are not the pull request's.
 */
import path from 'node:path';

/** Git could not answer (not a repository, unknown ref, no merge base); exit code 2. */
export class ChangedFilesError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ChangedFilesError';
  }
}

function git(args: string[], cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    // node:child_process loads only for --changed-since.
    process.getBuiltinModule('node:child_process').execFile('git', args, { cwd, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error) reject(new ChangedFilesError(stderr.trim() || error.message));
      else resolve(stdout);
    });
  });
}

/** The changed files and the commit they were compared with. */
export interface ChangedFiles {
  /** The merge-base commit. */
  base: string;
  /** Absolute paths of added, modified, renamed or untracked files. */
  files: string[];
}

/**
 * Lists files changed since the merge base of `ref` and HEAD.
 *
 * @param filter keeps the paths it returns true for (e.g. `*.sql`); paths are absolute.
 * @throws ChangedFilesError outside a git repository, for an unknown ref, or when no merge base
 *   exists (a shallow clone: fetch more history, e.g. `fetch-depth: 0`).
 */
export async function changedFilesSince(ref: string, cwd: string, filter: (file: string) => boolean = () => true): Promise<ChangedFiles> {
  if (ref.startsWith('-')) throw new ChangedFilesError(`--changed-since: '${ref}' is not a git ref`);
  let top: string;
  try {
    top = (await git(['rev-parse', '--show-toplevel'], cwd)).trim();
  } catch (error) {
    throw new ChangedFilesError(`--changed-since needs a git repository: ${(error as Error).message}`);
  }
  try {
    await git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], top);
  } catch {
    throw new ChangedFilesError(`--changed-since: unknown git ref '${ref}' (fetch it first, e.g. git fetch origin ${ref})`);
  }
  let base: string;
  try {
    base = (await git(['merge-base', ref, 'HEAD'], top)).trim();
  } catch {
    const shallow = (await git(['rev-parse', '--is-shallow-repository'], top).catch(() => 'false')).trim() === 'true';
    throw new ChangedFilesError(
      `--changed-since: '${ref}' and HEAD have no merge base${shallow ? ' in this shallow clone; fetch the whole history (actions/checkout: fetch-depth: 0)' : ''}`,
    );
  }
  const diff = await git(['diff', '--name-only', '-z', '--no-renames', '--diff-filter=ACMR', base, '--'], top);
  const untracked = await git(['ls-files', '--others', '--exclude-standard', '-z'], top);
  const names = new Set([...diff.split('\0'), ...untracked.split('\0')].filter((name) => name.length > 0));
  const files = [...names].map((name) => path.resolve(top, name)).filter(filter).sort();
  return { base, files };
}
