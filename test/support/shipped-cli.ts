/**
 * The command line as the package ships it: the file its package.json `bin` names (the bundle
 * that scripts/bundle.mjs writes), so that the tests run what users run.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { bin: { uniqlint: string } };

/** Absolute path of the shipped `uniqlint` entry point. */
export const shippedCli = path.join(repoRoot, manifest.bin.uniqlint);

/**
 * Throws when the shipped entry point is missing. The global setup (test/support/build-global-setup.ts)
 * builds it before any worker starts, so no test waits on a build.
 */
export function ensureShippedCli(): void {
  if (!existsSync(shippedCli)) throw new Error(`the shipped CLI is missing (${path.relative(repoRoot, shippedCli)}): run npm run build`);
}
