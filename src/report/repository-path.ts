/**
 * A result's file as the repository names it: its path from the repository root (git's top
 * level), with `/` separators, whichever folder the linter ran from. GitHub reads annotation
 * files and links by that path.
 */
import path from 'node:path';

/**
 * The path of `shownPath` (as the results show it, relative to `cwd`) from `sourceRoot`, with `/`
 * separators; undefined for stdin and for a file outside the root.
 */
export function repositoryPathOf(shownPath: string, sourceRoot: string, cwd: string): string | undefined {
  if (shownPath === '<stdin>') return undefined;
  const relative = path.relative(sourceRoot, path.resolve(cwd, shownPath));
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return undefined;
  return relative.split(path.sep).join('/');
}
