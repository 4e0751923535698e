/**
 * Where the shared corpus of public migrations lies (`../shared/corpus` beside the clone), and
 * whether it is there: tests over the corpus skip, saying so, on a clone without it.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Absolute path of the shared corpus. */
export const corpusRoot = path.resolve(repoRoot, '..', 'shared', 'corpus');

/** True when the corpus folder exists. */
export const corpusPresent = (() => {
  try {
    return statSync(corpusRoot).isDirectory();
  } catch {
    return false;
  }
})();
