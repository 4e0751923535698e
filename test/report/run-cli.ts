/**
 * Runs the built CLI as a subprocess (building it first when dist/ is missing), for the tests of
 * formats, configuration, baseline and changed files.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const cli = path.join(repoRoot, 'dist', 'src', 'cli.js');

/** Builds dist/ when it is missing. */
export function ensureBuilt(): void {
  if (existsSync(cli)) return;
  const build = spawnSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: repoRoot, encoding: 'utf8' });
  if (!existsSync(cli)) throw new Error(`build failed: ${build.stdout}${build.stderr}`);
}

/** Runs `uniqlint args` in `cwd`; GITHUB_ACTIONS is unset unless `env` sets it. */
export function runCli(args: string[], cwd: string, env: Record<string, string> = {}, input?: string) {
  const base: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '', GITHUB_ACTIONS: '' };
  const result = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', env: { ...base, ...env }, timeout: 60_000, ...(input !== undefined ? { input } : {}) });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * `runCli` without blocking the test worker: the CLI runs as an asynchronous child process, and
 * the promise resolves with its exit code and output when it exits.
 */
export function runCliAsync(args: string[], cwd: string, env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const base: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '', GITHUB_ACTIONS: '' };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd, env: { ...base, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill(), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
