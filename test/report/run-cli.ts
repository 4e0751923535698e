/**
 * Runs the built CLI as a subprocess, asynchronously, for the tests of formats, configuration,
 * baseline and changed files. dist/ is built by the global setup (test/support/build-global-setup.ts).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runProcess } from '../support/processes.js';
import { shippedCli } from '../support/shipped-cli.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The shipped CLI's entry point (the file package.json `bin` names). */
export const cliPath = shippedCli;

/** Throws when dist/ is missing (the global setup builds it; a failed build stops the run there). */
export function ensureBuilt(): void {
  if (!existsSync(cliPath)) throw new Error(`the built CLI is missing (${path.relative(repoRoot, cliPath)}): run npm run build`);
}

/** Runs `uniqlint args` in `cwd`; GITHUB_ACTIONS is unset unless `env` sets it. Resolves to exit code and output. */
export async function runCli(args: string[], cwd: string, env: Record<string, string> = {}, input?: string) {
  const base: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '', GITHUB_ACTIONS: '' };
  const result = await runProcess(process.execPath, [cliPath, ...args], { cwd, env: { ...base, ...env }, timeoutMs: 120_000, ...(input !== undefined ? { input } : {}) });
  return { code: result.code, stdout: result.stdout, stderr: result.stderr };
}
