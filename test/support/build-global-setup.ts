/**
 * Vitest global setup: builds dist/ once, before any worker starts, when the built CLI is missing
 * (`npm test` builds first; a bare `vitest run` on a fresh clone relies on this). The tests that
 * run the CLI as a subprocess then only check that it exists.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runProcess } from './processes.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Builds with the project's TypeScript when dist/src/cli.js does not exist; throws when the build fails. */
export default async function setup(): Promise<void> {
  if (existsSync(path.join(repoRoot, 'dist', 'src', 'cli.js'))) return;
  const tsc = path.join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
  const build = await runProcess(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: repoRoot });
  if (build.code !== 0) throw new Error(`build failed: ${build.stdout}${build.stderr}`);
}
