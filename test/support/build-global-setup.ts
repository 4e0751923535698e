/**
 * Vitest global setup: builds the package once, before any worker starts, when the shipped entry
 * point is missing (`npm test` builds first; a bare `vitest run` on a fresh clone relies on this):
 * TypeScript into dist/, then the command-line bundle (scripts/bundle.mjs). The tests that run the
 * CLI as a subprocess then only check that it exists.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runProcess } from './processes.js';
import { shippedCli } from './shipped-cli.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Builds when dist/src/cli.js or the shipped bundle does not exist; throws when a build step fails. */
export default async function setup(): Promise<void> {
  if (existsSync(path.join(repoRoot, 'dist', 'src', 'cli.js')) && existsSync(shippedCli)) return;
  const tsc = path.join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
  for (const step of [[tsc, '-p', 'tsconfig.build.json'], [path.join(repoRoot, 'scripts', 'bundle.mjs')]]) {
    const build = await runProcess(process.execPath, step, { cwd: repoRoot });
    if (build.code !== 0) throw new Error(`build failed: ${build.stdout}${build.stderr}`);
  }
}
