/**
 * The command line as the package ships it: the file its package.json `bin` names (the bundle
 * that scripts/bundle.mjs writes), so that the tests run what users run.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { bin: { uniqlint: string } };

/** Absolute path of the shipped `uniqlint` entry point. */
export const shippedCli = path.join(repoRoot, manifest.bin.uniqlint);

/**
 * Builds the package (`npm run build`: TypeScript, then the bundle) when the shipped entry point is
 * missing. @throws Error with the build output when the build fails.
 */
export function ensureShippedCli(): void {
  if (existsSync(shippedCli)) return;
  const build = spawnSync('npm', ['run', 'build'], { cwd: repoRoot, encoding: 'utf8' });
  if (build.status !== 0 || !existsSync(shippedCli)) throw new Error(`build failed: ${build.stdout}${build.stderr}`);
}
