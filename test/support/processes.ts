/**
 * Child processes for the tests, always asynchronous: a test that waits for a subprocess yields
 * its worker's event loop, so the worker keeps answering the test runner (a synchronous
 * `spawnSync` that runs for a minute makes the runner's calls to the worker time out on a busy
 * machine and fails a run whose tests all passed).
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

/** What a finished child process left: exit code (null when killed by a signal), signal, output. */
export interface ProcessResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Options of `runProcess`. `timeoutMs` kills the child with SIGKILL (default: 10 minutes). */
export interface RunProcessOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  input?: string | Buffer;
  timeoutMs?: number;
}

/**
 * Runs `command args` and resolves once it exits and its output is closed. Never rejects for a
 * non-zero exit; rejects only when the command cannot be started (ENOENT and the like).
 */
export function runProcess(command: string, args: readonly string[], options: RunProcessOptions = {}): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 600_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8') });
    });
    // A child that exits before reading its input closes the pipe; that is not the test's failure.
    child.stdin.on('error', () => {});
    child.stdin.end(options.input ?? '');
  });
}

/**
 * Runs `git args` in `cwd` and resolves to its stdout.
 *
 * @throws Error with git's output when git exits non-zero.
 */
export async function git(cwd: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
  const result = await runProcess('git', args, { cwd, env: { ...process.env, ...env } });
  if (result.code !== 0) throw new Error(`git ${args.join(' ')} failed (${result.code}): ${result.stderr}${result.stdout}`);
  return result.stdout;
}

/**
 * Lets the worker's event loop run (the test runner's messages, timers) before long synchronous
 * work goes on; call it between the files of a test that walks the whole corpus.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** A child process started by `startProcess`, with the promise of its end. */
export interface StartedProcess {
  child: ChildProcessWithoutNullStreams;
  /** Resolves once the child has exited and its output is closed: exit code (null when killed) and signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Everything the child wrote to stderr so far. */
  stderr(): string;
  /** Kills the child with SIGKILL unless it has exited; resolves once it has. */
  kill(): Promise<void>;
}

/**
 * Starts `command args` with piped stdio and returns at once, for a test that talks to a
 * long-running child (a server over stdin and stdout). `timeoutMs` kills it with SIGKILL
 * (default: 5 minutes), so no child outlives a stuck test.
 */
export function startProcess(command: string, args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): StartedProcess {
  const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'] });
  const stderr: Buffer[] = [];
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
  child.stdin.on('error', () => {});
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 300_000);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('error', () => {
      clearTimeout(timer);
      resolve({ code: null, signal: null });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal });
    });
  });
  return {
    child,
    exited,
    stderr: () => Buffer.concat(stderr).toString('utf8'),
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
