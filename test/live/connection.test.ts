import { describe, expect, it } from 'vitest';
import {
  LiveConnectionError,
  connectFailureReason,
  connectLive,
  describeTarget,
  parseLiveUrl,
  parseVersionNumber,
  resolveLiveUrl,
} from '../../src/live/connection.js';
import { findFreePort } from '../support/mariadb-server.js';
import { createScratch, flavorOf, liveServer } from './helpers.js';

describe('parseLiveUrl', () => {
  it('reads user, password, host, port and database, percent-decoded', () => {
    const target = parseLiveUrl('mysql://app%40x:p%3Ass@db.example.com:3307/my%20db', {});
    expect(target).toMatchObject({ user: 'app@x', password: 'p:ss', host: 'db.example.com', port: 3307, database: 'my db' });
    expect(target.sslMode).toBe('PREFERRED');
  });

  it('defaults the port to 3306 and takes a missing password from MYSQL_PWD', () => {
    const target = parseLiveUrl('mariadb://app@localhost/shop', { MYSQL_PWD: 'from-env' });
    expect(target.port).toBe(3306);
    expect(target.password).toBe('from-env');
  });

  it('reads TLS options from the query string', () => {
    const target = parseLiveUrl('mysql://u:p@h/db?ssl-mode=verify_ca&ssl-ca=/etc/ca.pem&connect-timeout=2.5', {});
    expect(target).toMatchObject({ sslMode: 'VERIFY_CA', sslCa: '/etc/ca.pem', connectTimeoutMs: 2500 });
  });

  it.each([
    ['not a url', /expected mysql:\/\/user:password@host:port\/database/],
    ['postgres://u:p@h/db', /scheme must be mysql:\/\/ or mariadb:\/\//],
    ['mysql://h/db', /no user name/],
    ['mysql://u:p@h', /one database name/],
    ['mysql://u:p@h/a/b', /one database name/],
    ['mysql://u:p@h:0/db', /port must be 1\.\.65535/],
    ['mysql://u:p@h/db?sslmode=REQUIRED', /unknown parameter 'sslmode'/],
    ['mysql://u:p@h/db?ssl-mode=SOMETIMES', /ssl-mode must be one of/],
    ['mysql://u:p@h/db?ssl-mode=DISABLED&ssl-ca=x', /ssl-mode=DISABLED/],
    ['mysql://u:p@h/db?connect-timeout=-1', /connect-timeout/],
  ])('rejects %s with a clear one-line error', (url, message) => {
    let caught: unknown;
    try {
      parseLiveUrl(url, {});
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(LiveConnectionError);
    expect((caught as LiveConnectionError).exitCode).toBe(2);
    expect((caught as Error).message).toMatch(message);
    expect((caught as Error).message).not.toContain('\n');
    expect((caught as Error).message).not.toContain(':p@');
  });

  it('prefers the flag over UNIQLINT_DATABASE_URL', () => {
    expect(resolveLiveUrl('mysql://a@h/x', { UNIQLINT_DATABASE_URL: 'mysql://b@h/y' })).toBe('mysql://a@h/x');
    expect(resolveLiveUrl(undefined, { UNIQLINT_DATABASE_URL: 'mysql://b@h/y' })).toBe('mysql://b@h/y');
    expect(resolveLiveUrl(undefined, {})).toBeUndefined();
  });

  it('parses server version numbers', () => {
    expect(parseVersionNumber('10.11.19-MariaDB-0+deb12u1')).toEqual({ major: 10, minor: 11, patch: 19 });
    expect(parseVersionNumber('8.0.36')).toEqual({ major: 8, minor: 0, patch: 36 });
    expect(parseVersionNumber('garbage')).toEqual({ major: 0, minor: 0, patch: 0 });
  });
});

describe('connectFailureReason (recorded login failures)', () => {
  const packet = (errno: number, code: string, message: string) => Object.assign(new Error(message), { errno, code, sqlMessage: message });

  it('MySQL 3159 under require_secure_transport=ON says TLS is required', () => {
    // MySQL share/messages_to_clients.txt, ER_SECURE_TRANSPORT_REQUIRED.
    const error = packet(3159, 'ER_SECURE_TRANSPORT_REQUIRED', 'Connections using insecure transport are prohibited while --require_secure_transport=ON.');
    expect(connectFailureReason(error, false)).toMatch(/^the server accepts only encrypted connections \(require_secure_transport=ON\): connect with ssl-mode=REQUIRED/);
  });

  it('a mysql_clear_password login (AWS IAM tokens) on a plain connection says TLS is required', () => {
    // mysql2 lib/commands/auth_switch.js refuses the clear-text plugin unless enabled; uniqlint enables it over TLS only.
    const error = Object.assign(new Error('Server requested authentication using mysql_clear_password ...'), { code: 'MYSQL_CLEAR_PASSWORD_NOT_ENABLED', fatal: true });
    const reason = connectFailureReason(error, false);
    expect(reason).toMatch(/mysql_clear_password .*IAM/);
    expect(reason).toMatch(/only over TLS: connect with ssl-mode=REQUIRED/);
  });

  it('access denied names TLS only when the connection was not encrypted', () => {
    const error = packet(1045, 'ER_ACCESS_DENIED_ERROR', "Access denied for user 'app'@'10.0.0.1' (using password: YES)");
    expect(connectFailureReason(error, true)).toBe('access denied (check user and password)');
    expect(connectFailureReason(error, false)).toMatch(/not encrypted.*IAM token.*caching_sha2_password/);
  });
});

const { server, skipReason } = liveServer();

describe.skipIf(!server)(`connectLive against the throwaway server${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  it('connects and reads flavour, version and settings', async () => {
    const scratch = await createScratch(server!);
    try {
      const live = await connectLive(parseLiveUrl(scratch.url, {}));
      try {
        expect(live.server.flavor).toBe(flavorOf(server!));
        expect(live.server.version).toBe(server!.version);
        expect(live.server.versionNumber.major).toBeGreaterThanOrEqual(flavorOf(server!) === 'mariadb' ? 10 : 8);
        expect(live.server.database).toBe(scratch.database);
        expect(live.server.sqlMode).toMatch(/STRICT_TRANS_TABLES/);
        expect(live.server.strict).toBe(true);
        const [rows] = (await scratch.admin.query(
          "SELECT COLLATION_NAME AS c FROM information_schema.COLLATIONS WHERE CHARACTER_SET_NAME = 'utf8mb4' AND IS_DEFAULT = 'Yes'",
        )) as unknown as [{ c: string }[]];
        expect(live.server.defaultUtf8mb4Collation).toBe(rows[0]!.c);
        const [settings] = (await scratch.admin.query(
          'SELECT @@lower_case_table_names AS l, @@character_set_server AS cs, @@collation_server AS co',
        )) as unknown as [{ l: number; cs: string; co: string }[]];
        expect(live.server.lowerCaseTableNames).toBe(Number(settings[0]!.l));
        expect(live.server.characterSetServer).toBe(settings[0]!.cs);
        expect(live.server.collationServer).toBe(settings[0]!.co);
      } finally {
        await live.close();
      }
    } finally {
      await scratch.dispose();
    }
  });

  it('reports a wrong password with host, port and database but never the password', async () => {
    const scratch = await createScratch(server!);
    try {
      const target = { ...parseLiveUrl(scratch.url, {}), password: 'definitely-wrong-secret' };
      const error = await connectLive(target).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(LiveConnectionError);
      const message = (error as Error).message;
      expect(message).toContain(describeTarget(target));
      expect(message).toContain(`${server!.host}:${server!.port}/${scratch.database}`);
      expect(message).toMatch(/access denied/);
      expect(message).not.toContain('definitely-wrong-secret');
      expect(message).not.toContain(scratch.password);
    } finally {
      await scratch.dispose();
    }
  });

  it('reports an unreachable server as a connection error', async () => {
    const port = await findFreePort();
    const error = await connectLive(parseLiveUrl(`mysql://u:secret@127.0.0.1:${port}/db?connect-timeout=3`, {})).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(LiveConnectionError);
    expect((error as Error).message).toBe(`cannot connect to u@127.0.0.1:${port}/db: connection refused`);
  });
});
