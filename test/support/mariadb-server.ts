/**
 * A throwaway MariaDB server for the live-mode tests.
 *
 * `startMariaDbServer` initialises a fresh data directory with `mariadb-install-db` in a new
 * temporary directory, starts `mariadbd --no-defaults` bound to 127.0.0.1 on a free port (socket,
 * pid file, error log and general log all inside the temporary directory), and waits until it
 * accepts connections. `stop()` shuts it down and removes the directory. Nothing here reads or
 * writes any other server's data: every path and port is the throwaway server's own.
 *
 * With `tls: true` the server gets a certificate made for it by `makeTestCertificates` (openssl,
 * a throwaway CA in the same directory), so clients with the default ssl-mode=PREFERRED connect
 * encrypted; the global setup starts the suite's server this way.
 *
 * The root account of the throwaway server has an empty password and is reachable through the
 * Unix socket only (the server runs with `--skip-name-resolve`, so `root@localhost` does not match
 * TCP clients); tests create their own accounts for TCP connections.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import mysql from 'mysql2/promise';

/** Where the Debian package `mariadb-server` installs the binaries. */
export const MARIADBD_PATH = process.env.UNIQLINT_TEST_MARIADBD ?? '/usr/sbin/mariadbd';
export const MARIADB_INSTALL_DB_PATH = process.env.UNIQLINT_TEST_MARIADB_INSTALL_DB ?? '/usr/bin/mariadb-install-db';

/** What a test needs to reach the throwaway server. Plain data, so it can cross worker boundaries. */
export interface MariaDbServerInfo {
  /** Host clients connect to over TCP: 127.0.0.1 for the throwaway server. */
  host: string;
  port: number;
  /** Unix socket path; root connects through it. */
  socketPath: string;
  /** Temporary directory holding the data directory, socket, pid file and logs. */
  baseDir: string;
  /** Path of the server's error log. */
  errorLogPath: string;
  /** Path the general query log is written to once a test enables it. */
  generalLogPath: string;
  /** `SELECT VERSION()` of the started server. */
  version: string;
  /** PEM files of the server's TLS setup, when it was started with `tls: true`. */
  tls?: TlsFiles;
  /**
   * Set when the suite runs against a server given by `UNIQLINT_TEST_DATABASE_URL` instead of a
   * throwaway one: the account with which tests create and drop their scratch databases and
   * accounts. Such a server has no socket, directory or log files here (those fields are '').
   */
  external?: ExternalAdmin;
}

/** The administrative account of an external test server. */
export interface ExternalAdmin {
  user: string;
  password: string;
}

/** Environment variable naming an external server for the live tests (see the README, "Testing"). */
export const TEST_DATABASE_URL_ENV = 'UNIQLINT_TEST_DATABASE_URL';

/**
 * Describes the server of `UNIQLINT_TEST_DATABASE_URL` (`mysql://user:password@host:port/`, an
 * account that may create and drop databases and users and set global variables: the live tests
 * create a database and a SELECT-only account per case and drop them afterwards). Connects once
 * to read its version.
 *
 * @throws MariaDbStartError when the URL is malformed or the server cannot be reached.
 */
export async function describeExternalServer(text: string): Promise<MariaDbServerInfo> {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new MariaDbStartError(`${TEST_DATABASE_URL_ENV} is not a URL (expected mysql://user:password@host:port/)`);
  }
  if (url.protocol !== 'mysql:' && url.protocol !== 'mariadb:') throw new MariaDbStartError(`${TEST_DATABASE_URL_ENV} must start with mysql:// or mariadb://`);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = url.port === '' ? 3306 : Number(url.port);
  const external: ExternalAdmin = { user: decodeURIComponent(url.username), password: decodeURIComponent(url.password) };
  let connection: mysql.Connection;
  try {
    connection = await mysql.createConnection({ host, port, user: external.user, password: external.password, connectTimeout: 10_000 });
  } catch (error) {
    throw new MariaDbStartError(`cannot connect to the server of ${TEST_DATABASE_URL_ENV} (${host}:${port}): ${(error as Error).message}`);
  }
  try {
    const [rows] = await connection.query('SELECT VERSION() AS version');
    const version = String((rows as { version: string }[])[0]?.version);
    return { host, port, socketPath: '', baseDir: '', errorLogPath: '', generalLogPath: '', version, external };
  } finally {
    await connection.end();
  }
}

/** A test certificate authority and a server certificate it signed (for 127.0.0.1), as PEM files. */
export interface TlsFiles {
  /** The CA certificate: what a client passes as `ssl-ca` to verify the server. */
  caPath: string;
  serverCertPath: string;
  serverKeyPath: string;
}

/** Path of the openssl binary used to make the test certificates. */
export const OPENSSL_PATH = process.env.UNIQLINT_TEST_OPENSSL ?? 'openssl';

/**
 * Makes a throwaway CA and a server certificate for 127.0.0.1 (subjectAltName IP:127.0.0.1, so
 * ssl-mode=VERIFY_IDENTITY can pass) in `directory`, with `openssl` run as asynchronous child
 * processes. Keys are 2048-bit RSA; certificates are valid for two days.
 *
 * @throws Error with openssl's output when a step fails.
 */
export async function makeTestCertificates(directory: string): Promise<TlsFiles> {
  const run = promisify(execFile);
  const file = (name: string): string => path.join(directory, name);
  const extensions = file('server-ext.cnf');
  writeFileSync(extensions, 'subjectAltName = IP:127.0.0.1\nbasicConstraints = CA:FALSE\nkeyUsage = digitalSignature, keyEncipherment\nextendedKeyUsage = serverAuth\n');
  const steps: string[][] = [
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', file('ca-key.pem'), '-out', file('ca.pem'), '-days', '2', '-subj', '/CN=uniqlint test CA'],
    ['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', file('server-key.pem'), '-out', file('server.csr'), '-subj', '/CN=127.0.0.1'],
    ['x509', '-req', '-in', file('server.csr'), '-CA', file('ca.pem'), '-CAkey', file('ca-key.pem'), '-CAcreateserial', '-out', file('server-cert.pem'), '-days', '2', '-extfile', extensions],
  ];
  for (const args of steps) {
    try {
      await run(OPENSSL_PATH, args, { timeout: 60_000 });
    } catch (error) {
      const err = error as { stderr?: string; message: string };
      throw new MariaDbStartError(`openssl ${args[0]} failed: ${(err.stderr || err.message).slice(-2000)}`);
    }
  }
  return { caPath: file('ca.pem'), serverCertPath: file('server-cert.pem'), serverKeyPath: file('server-key.pem') };
}

/** A running throwaway server. */
export interface MariaDbServer extends MariaDbServerInfo {
  /** Shuts the server down (SIGTERM, then SIGKILL after `graceMs`) and removes `baseDir`. Idempotent. */
  stop(graceMs?: number): Promise<void>;
}

/** Thrown when the MariaDB binaries are not installed on this machine. */
export class MariaDbUnavailableError extends Error {
  override name = 'MariaDbUnavailableError';
}

/** Raised when the server cannot be started; the message carries the tail of its error log. */
export class MariaDbStartError extends Error {
  override name = 'MariaDbStartError';
}

/** True when both binaries exist; otherwise the reason they cannot be used. */
export function mariaDbAvailability(): { available: true } | { available: false; reason: string } {
  for (const binary of [MARIADBD_PATH, MARIADB_INSTALL_DB_PATH]) {
    if (!existsSync(binary)) {
      return { available: false, reason: `${binary} is not installed (Debian package mariadb-server)` };
    }
  }
  return { available: true };
}

/** A free TCP port on 127.0.0.1, found by binding port 0 and releasing it. */
export async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('could not read the port of a listening socket'));
      });
    });
  });
}

function tailOf(filePath: string, lines = 25): string {
  try {
    return readFileSync(filePath, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log written)';
  }
}

const runningAsRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/** Options for `startMariaDbServer`. */
export interface StartOptions {
  /** How long to wait for the server to accept connections, in milliseconds (default 30 000). */
  readyTimeoutMs?: number;
  /** Start with TLS: a certificate made by `makeTestCertificates` in the server's directory. */
  tls?: boolean;
  /** Extra `mariadbd` options, e.g. `--require-secure-transport=ON`. */
  extraArgs?: string[];
}

/**
 * Starts a throwaway MariaDB server. Resolves once a root connection over the socket succeeds.
 *
 * @throws MariaDbUnavailableError when the binaries are missing.
 * @throws MariaDbStartError when initialisation or startup fails or does not finish within
 *   `readyTimeoutMs`; the temporary directory is removed first.
 */
export async function startMariaDbServer(options: StartOptions = {}): Promise<MariaDbServer> {
  const availability = mariaDbAvailability();
  if (!availability.available) throw new MariaDbUnavailableError(availability.reason);
  const readyTimeoutMs = options.readyTimeoutMs ?? 30_000;

  const baseDir = mkdtempSync(path.join(tmpdir(), 'uniqlint-mariadb-'));
  const dataDir = path.join(baseDir, 'data');
  const socketPath = path.join(baseDir, 'mariadb.sock');
  const errorLogPath = path.join(baseDir, 'error.log');
  const generalLogPath = path.join(baseDir, 'general.log');
  // A temporary directory of the server's own: servers started side by side (parallel test files)
  // never meet in the system's /tmp, where one bootstrap's temporary files could clash with another's.
  const serverTmpDir = path.join(baseDir, 'tmp');
  mkdirSync(serverTmpDir);
  const userArgs = runningAsRoot ? ['--user=root'] : [];

  // Asynchronous, so a test that starts a server does not block its vitest worker.
  try {
    await promisify(execFile)(
      MARIADB_INSTALL_DB_PATH,
      ['--no-defaults', `--datadir=${dataDir}`, `--tmpdir=${serverTmpDir}`, '--auth-root-authentication-method=normal', '--skip-test-db', ...userArgs],
      { encoding: 'utf8', timeout: 120_000, maxBuffer: 16 * 1024 * 1024 },
    );
  } catch (error) {
    rmSync(baseDir, { recursive: true, force: true });
    const err = error as { code?: unknown; stderr?: string; stdout?: string; message: string };
    throw new MariaDbStartError(`mariadb-install-db failed (status ${String(err.code)}): ${(err.stderr || err.stdout || err.message).slice(-2000)}`);
  }

  let tls: TlsFiles | undefined;
  if (options.tls) {
    try {
      tls = await makeTestCertificates(baseDir);
    } catch (error) {
      rmSync(baseDir, { recursive: true, force: true });
      throw error;
    }
  }
  const tlsArgs = tls ? [`--ssl-ca=${tls.caPath}`, `--ssl-cert=${tls.serverCertPath}`, `--ssl-key=${tls.serverKeyPath}`] : [];

  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const port = await findFreePort();
    const child = spawn(
      MARIADBD_PATH,
      [
        '--no-defaults',
        `--datadir=${dataDir}`,
        `--tmpdir=${serverTmpDir}`,
        `--socket=${socketPath}`,
        `--pid-file=${path.join(baseDir, 'mariadbd.pid')}`,
        `--port=${port}`,
        '--bind-address=127.0.0.1',
        '--skip-name-resolve',
        `--log-error=${errorLogPath}`,
        `--general-log-file=${generalLogPath}`,
        '--log-output=FILE',
        '--innodb-buffer-pool-size=64M',
        '--innodb-log-file-size=16M',
        '--innodb-flush-log-at-trx-commit=2',
        '--performance-schema=OFF',
        '--max-connections=100',
        ...tlsArgs,
        ...(options.extraArgs ?? []),
        ...userArgs,
      ],
      { stdio: 'ignore' },
    );
    try {
      const version = await waitUntilReady(child, socketPath, readyTimeoutMs, errorLogPath);
      return makeServer(child, { host: '127.0.0.1', port, socketPath, baseDir, errorLogPath, generalLogPath, version, ...(tls ? { tls } : {}) });
    } catch (error) {
      lastError = error;
      await stopChild(child, 5_000);
      const log = tailOf(errorLogPath);
      // A port taken between the probe and the bind is the one failure worth retrying.
      if (!/Address already in use|Can't start server: Bind/i.test(log)) break;
    }
  }
  rmSync(baseDir, { recursive: true, force: true });
  throw lastError instanceof Error ? lastError : new MariaDbStartError(String(lastError));
}

async function waitUntilReady(
  child: ChildProcess,
  socketPath: string,
  timeoutMs: number,
  errorLogPath: string,
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let exited: string | undefined;
  child.once('exit', (code, signal) => {
    exited = `mariadbd exited early (code ${code}, signal ${signal})`;
  });
  let lastError = 'no attempt made';
  while (Date.now() < deadline) {
    if (exited) break;
    if (existsSync(socketPath)) {
      try {
        const connection = await mysql.createConnection({ socketPath, user: 'root', password: '', connectTimeout: 2_000 });
        try {
          const [rows] = await connection.query('SELECT VERSION() AS version');
          return String((rows as { version: string }[])[0]?.version);
        } finally {
          await connection.end();
        }
      } catch (error) {
        lastError = error instanceof Error ? error.message : String(error);
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new MariaDbStartError(
    `${exited ?? `mariadbd did not accept connections within ${timeoutMs} ms (last error: ${lastError})`}\n` +
      `--- tail of ${errorLogPath} ---\n${tailOf(errorLogPath)}`,
  );
}

async function stopChild(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

function makeServer(child: ChildProcess, info: MariaDbServerInfo): MariaDbServer {
  let stopped = false;
  // Last resort when the test process dies without running teardown.
  const onExit = (): void => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    rmSync(info.baseDir, { recursive: true, force: true });
  };
  process.once('exit', onExit);
  return {
    ...info,
    async stop(graceMs = 20_000) {
      if (stopped) return;
      stopped = true;
      process.removeListener('exit', onExit);
      await stopChild(child, graceMs);
      rmSync(info.baseDir, { recursive: true, force: true });
    },
  };
}
