/**
 * Runs the built CLI as a subprocess (building it first when dist/ is missing), for the tests of
 * formats, configuration, baseline and changed files.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureShippedCli, shippedCli } from '../support/shipped-cli.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const cli = shippedCli;

/** Builds the package when the shipped entry point is missing. */
export function ensureBuilt(): void {
  ensureShippedCli();
}

/** Runs `uniqlint args` in `cwd`; GITHUB_ACTIONS is unset unless `env` sets it. */
export function runCli(args: string[], cwd: string, env: Record<string, string> = {}, input?: string) {
  const base: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '', GITHUB_ACTIONS: '' };
  const result = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', env: { ...base, ...env }, timeout: 60_000, ...(input !== undefined ? { input } : {}) });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
