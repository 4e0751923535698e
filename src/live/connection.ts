/**
 * Live mode, step one: where the target database is and what kind of server it is.
 *
 * The target is given as `mysql://user:password@host:port/database` (the `--live` flag, or the
 * environment variable `UNIQLINT_DATABASE_URL`). A password missing from the URL is taken from
 * `MYSQL_PWD`. TLS options go in the query string, named as the `mysql` client names them:
 * `ssl-mode` (DISABLED, PREFERRED, REQUIRED, VERIFY_CA, VERIFY_IDENTITY), `ssl-ca`, `ssl-cert`,
 * `ssl-key` (file paths), plus `connect-timeout` (seconds).
 *
 * One mysql2/promise connection is opened; the server's flavour, version and the settings that
 * decide duplicate-key semantics are read right away (see `ServerInfo`).
 */
import { readFileSync } from 'node:fs';
import mysql from 'mysql2/promise';
import { DATABASE_URL_ENV, LiveConnectionError } from './settings.js';

export { DATABASE_URL_ENV, LiveConnectionError };

/** TLS requirement, as the `mysql` client's `--ssl-mode` names it. */
export type SslMode = 'DISABLED' | 'PREFERRED' | 'REQUIRED' | 'VERIFY_CA' | 'VERIFY_IDENTITY';

/** A parsed and validated live target. `password` is never printed. */
export interface LiveTarget {
  host: string;
  /** TCP port, 1..65535; 3306 when the URL gives none. */
  port: number;
  user: string;
  password: string;
  database: string;
  sslMode: SslMode;
  /** Paths of PEM files, as given. */
  sslCa?: string;
  sslCert?: string;
  sslKey?: string;
  /** Connect timeout in milliseconds (default 10 000). */
  connectTimeoutMs: number;
}


const SSL_MODES: readonly SslMode[] = ['DISABLED', 'PREFERRED', 'REQUIRED', 'VERIFY_CA', 'VERIFY_IDENTITY'];
const KNOWN_PARAMETERS = new Set(['ssl-mode', 'ssl-ca', 'ssl-cert', 'ssl-key', 'connect-timeout']);

/** `user@host:port/database`: how messages name a target. */
export function describeTarget(target: Pick<LiveTarget, 'user' | 'host' | 'port' | 'database'>): string {
  const host = target.host.includes(':') ? `[${target.host}]` : target.host;
  return `${target.user}@${host}:${target.port}/${target.database}`;
}

/**
 * The URL to use: the flag's value when given, else `UNIQLINT_DATABASE_URL`, else undefined.
 */
export function resolveLiveUrl(flagValue: string | undefined, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (flagValue !== undefined && flagValue !== '') return flagValue;
  const fromEnv = env[DATABASE_URL_ENV];
  return fromEnv === undefined || fromEnv === '' ? undefined : fromEnv;
}

/**
 * Parses and validates a live target URL.
 *
 * Accepted schemes: `mysql:` and `mariadb:`. User and database are required; user, password and
 * database are percent-decoded. A password absent from the URL comes from `env.MYSQL_PWD` (or is
 * empty).
 *
 * @throws LiveConnectionError with a one-line reason when the URL is malformed, lacks a user or a
 *   database, has a bad port, an unknown query parameter or an unknown `ssl-mode`.
 */
export function parseLiveUrl(text: string, env: NodeJS.ProcessEnv = process.env): LiveTarget {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new LiveConnectionError('invalid --live URL: expected mysql://user:password@host:port/database');
  }
  const where = `${url.hostname || '?'}:${url.port || '3306'}${url.pathname || '/'}`;
  if (url.protocol !== 'mysql:' && url.protocol !== 'mariadb:') {
    throw new LiveConnectionError(`invalid --live URL (${where}): scheme must be mysql:// or mariadb://`);
  }
  if (url.hostname === '') throw new LiveConnectionError('invalid --live URL: no host given');
  const decode = (value: string, what: string): string => {
    try {
      return decodeURIComponent(value);
    } catch {
      throw new LiveConnectionError(`invalid --live URL (${where}): bad percent-encoding in the ${what}`);
    }
  };
  const user = decode(url.username, 'user name');
  if (user === '') throw new LiveConnectionError(`invalid --live URL (${where}): no user name given`);
  const database = decode(url.pathname.replace(/^\//, ''), 'database name');
  if (database === '' || database.includes('/')) {
    throw new LiveConnectionError(`invalid --live URL (${where}): give exactly one database name as the path`);
  }
  let port = 3306;
  if (url.port !== '') {
    port = Number(url.port);
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      throw new LiveConnectionError(`invalid --live URL (${where}): port must be 1..65535`);
    }
  }
  const password = url.password !== '' ? decode(url.password, 'password') : (env.MYSQL_PWD ?? '');
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');

  for (const key of url.searchParams.keys()) {
    if (!KNOWN_PARAMETERS.has(key)) {
      throw new LiveConnectionError(
        `invalid --live URL (${where}): unknown parameter '${key}' (known: ${[...KNOWN_PARAMETERS].join(', ')})`,
      );
    }
  }
  const sslModeText = (url.searchParams.get('ssl-mode') ?? 'PREFERRED').toUpperCase();
  if (!(SSL_MODES as readonly string[]).includes(sslModeText)) {
    throw new LiveConnectionError(`invalid --live URL (${where}): ssl-mode must be one of ${SSL_MODES.join(', ')}`);
  }
  let connectTimeoutMs = 10_000;
  const timeoutText = url.searchParams.get('connect-timeout');
  if (timeoutText !== null) {
    const seconds = Number(timeoutText);
    if (!Number.isFinite(seconds) || seconds <= 0) {
      throw new LiveConnectionError(`invalid --live URL (${where}): connect-timeout must be a positive number of seconds`);
    }
    connectTimeoutMs = Math.round(seconds * 1000);
  }
  const target: LiveTarget = { host, port, user, password, database, sslMode: sslModeText as SslMode, connectTimeoutMs };
  const ca = url.searchParams.get('ssl-ca');
  const cert = url.searchParams.get('ssl-cert');
  const key = url.searchParams.get('ssl-key');
  if (ca !== null) target.sslCa = ca;
  if (cert !== null) target.sslCert = cert;
  if (key !== null) target.sslKey = key;
  if ((ca !== null || cert !== null || key !== null) && target.sslMode === 'DISABLED') {
    throw new LiveConnectionError(`invalid --live URL (${where}): ssl-ca/ssl-cert/ssl-key given with ssl-mode=DISABLED`);
  }
  return target;
}

/** The server flavour: the two products differ in timeouts, error codes and collations. */
export type ServerFlavor = 'mysql' | 'mariadb';

/** What live mode reads from the server once, right after connecting. */
export interface ServerInfo {
  flavor: ServerFlavor;
  /** `SELECT VERSION()`, e.g. `10.11.19-MariaDB-0+deb12u1` or `8.0.36`. */
  version: string;
  /** Numeric major.minor.patch parsed from `version`. */
  versionNumber: { major: number; minor: number; patch: number };
  /** `@@version_comment`. */
  versionComment: string;
  /** `@@GLOBAL.sql_mode`: what a migration runner's new session starts with. */
  sqlMode: string;
  /** True when `sqlMode` has STRICT_TRANS_TABLES or STRICT_ALL_TABLES. */
  strict: boolean;
  /** `@@lower_case_table_names` (0, 1 or 2). */
  lowerCaseTableNames: number;
  characterSetServer: string;
  collationServer: string;
  /**
   * The collation `CHARACTER SET utf8mb4` without COLLATE means on this server:
   * MySQL `@@default_collation_for_utf8mb4`, MariaDB 11.2+ `@@character_set_collations`,
   * otherwise the collation marked default in information_schema.COLLATIONS.
   */
  defaultUtf8mb4Collation: string;
  /** `@@auto_increment_increment` and `@@auto_increment_offset` (global values). */
  autoIncrementIncrement: number;
  autoIncrementOffset: number;
  /** `DATABASE()` after connecting. */
  database: string;
}

/** An open live connection. Probes go through `LiveSession` (src/live/session.ts). */
export interface LiveConnection {
  target: LiveTarget;
  server: ServerInfo;
  /**
   * Whether the connection runs over TLS. False only with ssl-mode=DISABLED, or with PREFERRED
   * when the server's handshake offers no TLS.
   */
  encrypted: boolean;
  /** The single mysql2 connection. */
  connection: mysql.Connection;
  close(): Promise<void>;
}

/**
 * The mysql2 `ssl` option for a target, as the `mysql` client reads `--ssl-mode` (MySQL 8.4
 * manual 8.3.1 "Configuring MySQL to Use Encrypted Connections", "Client-Side Configuration"):
 * - DISABLED: no TLS;
 * - PREFERRED (the default): TLS without verifying the certificate (verifying needs a CA);
 *   `connectLive` falls back to plain text only when the server's handshake does not offer TLS;
 * - REQUIRED: TLS, the certificate not verified (no CA needed), fail when the server lacks TLS;
 * - VERIFY_CA: TLS, the certificate must chain to `ssl-ca` (or the system's CAs), any host name;
 * - VERIFY_IDENTITY: as VERIFY_CA, and the certificate must name the host.
 *
 * @throws LiveConnectionError when a PEM file cannot be read.
 */
function sslOptions(target: LiveTarget): mysql.SslOptions | undefined {
  if (target.sslMode === 'DISABLED') return undefined;
  const read = (file: string | undefined, what: string): string | undefined => {
    if (file === undefined) return undefined;
    try {
      return readFileSync(file, 'utf8');
    } catch (error) {
      throw new LiveConnectionError(
        `cannot read ${what} file '${file}' for ${describeTarget(target)}: ${(error as Error).message}`,
      );
    }
  };
  const ca = read(target.sslCa, 'ssl-ca');
  const cert = read(target.sslCert, 'ssl-cert');
  const key = read(target.sslKey, 'ssl-key');
  const options: Record<string, unknown> = {};
  if (ca !== undefined) options.ca = ca;
  if (cert !== undefined) options.cert = cert;
  if (key !== undefined) options.key = key;
  options.rejectUnauthorized = target.sslMode === 'VERIFY_CA' || target.sslMode === 'VERIFY_IDENTITY';
  if (target.sslMode === 'VERIFY_CA') options.checkServerIdentity = () => undefined;
  return options as mysql.SslOptions;
}

/**
 * Whether the server refused a plain connection under `require_secure_transport=ON`: MySQL
 * ER_SECURE_TRANSPORT_REQUIRED (3159, "Connections using insecure transport are prohibited while
 * --require_secure_transport=ON."; share/messages_to_clients.txt), also matched by its text.
 */
function refusedForInsecureTransport(error: { errno?: number; message?: string }): boolean {
  return error.errno === 3159 || /insecure transport/i.test(error.message ?? '');
}

/** The advice of a login failure that comes from a connection without TLS. */
const NEEDS_TLS_ADVICE = 'connect with ssl-mode=REQUIRED (or VERIFY_CA / VERIFY_IDENTITY with ssl-ca)';

/** Parses `major.minor.patch` from a VERSION() string. */
export function parseVersionNumber(version: string): ServerInfo['versionNumber'] {
  const match = /^(\d+)\.(\d+)\.(\d+)/.exec(version);
  return match ? { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3]) } : { major: 0, minor: 0, patch: 0 };
}

/**
 * One line saying why a connection failed. `encrypted` tells whether TLS was in use, so that a
 * login refused for want of TLS says so: `require_secure_transport=ON` (MySQL
 * ER_SECURE_TRANSPORT_REQUIRED 3159, see `refusedForInsecureTransport`; MariaDB 10.11 answers a
 * plain ERROR 1045, so its access denied names the setting); a server that asks for the password in clear text
 * (`mysql_clear_password`, as AWS IAM authentication tokens and PAM/LDAP logins do), which is
 * sent only over TLS; an access denied on a plain connection, which is how a TLS-only account
 * (`REQUIRE SSL`, an IAM token) is refused.
 */
export function connectFailureReason(error: unknown, encrypted = true): string {
  const err = error as { code?: string; errno?: number; message?: string };
  if (refusedForInsecureTransport(err)) {
    return `the server accepts only encrypted connections (require_secure_transport=ON): ${NEEDS_TLS_ADVICE}`;
  }
  switch (err.code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'host not found';
    case 'ETIMEDOUT':
      return 'connection timed out';
    case 'HANDSHAKE_NO_SSL_SUPPORT':
      return 'the server does not offer TLS, and the ssl-mode asks for it (ssl-mode=PREFERRED falls back to plain text)';
    case 'HANDSHAKE_SSL_ERROR':
      return `the TLS handshake failed: ${(err.message ?? '').split('\n')[0]}`;
    case 'MYSQL_CLEAR_PASSWORD_NOT_ENABLED':
      return (
        'the account logs in with mysql_clear_password (as AWS IAM authentication tokens and PAM or LDAP accounts do), ' +
        `which sends the password as it is; uniqlint sends it only over TLS: ${NEEDS_TLS_ADVICE}`
      );
    case 'ER_ACCESS_DENIED_ERROR':
      return encrypted
        ? 'access denied (check user and password)'
        : 'access denied (check user and password; the connection was not encrypted, and a server with ' +
            'require_secure_transport=ON (MariaDB), an account that needs TLS (REQUIRE SSL, an AWS IAM token) or a ' +
            'caching_sha2_password full login on a server without RSA keys (MySQL 8.4 manual 8.4.1.2) ' +
            `refuses a plain login this way: ${NEEDS_TLS_ADVICE})`;
    case 'ER_DBACCESS_DENIED_ERROR':
      return 'access to the database denied';
    case 'ER_BAD_DB_ERROR':
      return 'unknown database';
    default:
      return (err.message ?? String(error)).split('\n')[0] ?? 'unknown error';
  }
}

async function selectOne(connection: mysql.Connection, sql: string): Promise<Record<string, unknown> | undefined> {
  const [rows] = await connection.query({ sql, rowsAsArray: false });
  return (rows as Record<string, unknown>[])[0];
}

/**
 * Reads `ServerInfo` over an open connection (SELECTs only).
 */
export async function readServerInfo(connection: mysql.Connection): Promise<ServerInfo> {
  const row = (await selectOne(
    connection,
    'SELECT VERSION() AS version, @@version_comment AS version_comment, @@GLOBAL.sql_mode AS sql_mode, ' +
      '@@lower_case_table_names AS lctn, @@character_set_server AS cs, @@collation_server AS coll, ' +
      '@@GLOBAL.auto_increment_increment AS ai_inc, @@GLOBAL.auto_increment_offset AS ai_off, DATABASE() AS db',
  )) ?? {};
  const version = String(row.version ?? '');
  const flavor: ServerFlavor = /mariadb/i.test(version) ? 'mariadb' : 'mysql';
  const versionNumber = parseVersionNumber(version);
  const sqlMode = String(row.sql_mode ?? '');
  let defaultUtf8mb4Collation: string | undefined;
  if (flavor === 'mysql') {
    try {
      const value = (await selectOne(connection, 'SELECT @@default_collation_for_utf8mb4 AS c'))?.c;
      if (typeof value === 'string' && value !== '') defaultUtf8mb4Collation = value;
    } catch {
      // Before MySQL 8.0.11 the variable does not exist; fall through to the table lookup.
    }
  } else if (versionNumber.major > 11 || (versionNumber.major === 11 && versionNumber.minor >= 2)) {
    try {
      const value = (await selectOne(connection, 'SELECT @@character_set_collations AS c'))?.c;
      const mapped = /(?:^|,)\s*utf8mb4\s*=\s*([A-Za-z0-9_]+)/i.exec(String(value ?? ''));
      if (mapped?.[1]) defaultUtf8mb4Collation = mapped[1];
    } catch {
      // Variable absent: use the table lookup.
    }
  }
  if (defaultUtf8mb4Collation === undefined) {
    const value = (
      await selectOne(
        connection,
        "SELECT COLLATION_NAME AS c FROM information_schema.COLLATIONS WHERE CHARACTER_SET_NAME = 'utf8mb4' AND IS_DEFAULT = 'Yes'",
      )
    )?.c;
    defaultUtf8mb4Collation = typeof value === 'string' ? value : 'utf8mb4_general_ci';
  }
  return {
    flavor,
    version,
    versionNumber,
    versionComment: String(row.version_comment ?? ''),
    sqlMode,
    strict: /\bSTRICT_(TRANS|ALL)_TABLES\b/i.test(sqlMode),
    lowerCaseTableNames: Number(row.lctn ?? 0),
    characterSetServer: String(row.cs ?? ''),
    collationServer: String(row.coll ?? ''),
    defaultUtf8mb4Collation,
    autoIncrementIncrement: Number(row.ai_inc ?? 1),
    autoIncrementOffset: Number(row.ai_off ?? 1),
    database: String(row.db ?? ''),
  };
}

/**
 * Opens the single live connection and reads the server's facts.
 *
 * The connection uses utf8mb4 for everything it sends and receives, returns dates as the server's
 * text and big integers as strings (no precision loss), and runs nothing but SELECTs here.
 *
 * @throws LiveConnectionError (exit code 2) when the server is unreachable, the login or the
 *   database is refused, or a TLS file cannot be read. The message names user, host, port and
 *   database and never contains the password.
 */
export async function connectLive(target: LiveTarget): Promise<LiveConnection> {
  const options: mysql.ConnectionOptions = {
    host: target.host,
    port: target.port,
    user: target.user,
    password: target.password,
    database: target.database,
    connectTimeout: target.connectTimeoutMs,
    charset: 'UTF8MB4_GENERAL_CI',
    dateStrings: true,
    supportBigNumbers: true,
    bigNumberStrings: true,
    multipleStatements: false,
  };
  const ssl = sslOptions(target);
  let connection: mysql.Connection;
  let encrypted = ssl !== undefined;
  try {
    if (ssl === undefined) {
      connection = await mysql.createConnection(options);
    } else {
      try {
        // Over TLS a clear-text password plugin (AWS IAM tokens, PAM) is as safe as the mysql
        // client's --enable-cleartext-plugin; without TLS it stays refused.
        connection = await mysql.createConnection({ ...options, ssl, enableCleartextPlugin: true });
      } catch (error) {
        // PREFERRED falls back only when the server offers no TLS at all (as the mysql client does);
        // a failed TLS handshake with a server that offers it is an error, never a plain retry.
        if (target.sslMode !== 'PREFERRED' || (error as { code?: string }).code !== 'HANDSHAKE_NO_SSL_SUPPORT') throw error;
        encrypted = false;
        connection = await mysql.createConnection(options);
      }
    }
  } catch (error) {
    throw new LiveConnectionError(`cannot connect to ${describeTarget(target)}: ${connectFailureReason(error, encrypted)}`, {
      cause: error,
    });
  }
  // Errors after the handshake (e.g. the connection dropping) must not crash the process.
  connection.on('error', () => undefined);
  let server: ServerInfo;
  try {
    server = await readServerInfo(connection);
  } catch (error) {
    connection.destroy();
    throw new LiveConnectionError(
      `connected to ${describeTarget(target)} but could not read the server settings: ${connectFailureReason(error)}`,
      { cause: error },
    );
  }
  return {
    target,
    server,
    encrypted,
    connection,
    async close() {
      try {
        await connection.end();
      } catch {
        connection.destroy();
      }
    },
  };
}
