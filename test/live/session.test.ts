/**
 * The probe session's settings and its error classification.
 *
 * The classification is tested against error packets as the servers send them (errno, SQL state,
 * message) and as mysql2 reports a closed socket; each case names where the packet comes from.
 * The session settings are tested against the throwaway server.
 */
import { describe, expect, it } from 'vitest';
import { probeUniqueKeys } from '../../src/live/duplicate-probe.js';
import { connectLive, parseLiveUrl } from '../../src/live/connection.js';
import {
  LiveConnectionLostError,
  LivePrivilegeError,
  LiveSession,
  LiveTimeoutError,
  PROBE_MAX_SORT_LENGTH,
  translateError,
} from '../../src/live/session.js';
import { createScratch, liveServer, runOnCopy } from './helpers.js';

/** An error as mysql2 builds it from a server's error packet. */
function serverError(errno: number, sqlState: string, message: string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(message), { errno, sqlState, sqlMessage: message, ...extra });
}

describe('translateError (recorded error packets)', () => {
  it('3024 and 1969 are timeouts (MySQL ER_QUERY_TIMEOUT; MariaDB ER_STATEMENT_TIMEOUT)', () => {
    // MySQL share/messages_to_clients.txt ER_QUERY_TIMEOUT; MariaDB sql/share/errmsg-utf8.txt ER_STATEMENT_TIMEOUT.
    expect(translateError(serverError(3024, 'HY000', 'Query execution was interrupted, maximum statement execution time exceeded'), 1000)).toBeInstanceOf(LiveTimeoutError);
    expect(translateError(serverError(1969, '70100', 'Query execution was interrupted (max_statement_time exceeded)'), 1000)).toBeInstanceOf(LiveTimeoutError);
  });

  it('1028 wrapping the timeout message is a timeout (filesort.cc: ER_FILSORT_ABORT "%s: %s" with the kill message)', () => {
    const packet = serverError(1028, 'HY000', 'Sort aborted: Query execution was interrupted, maximum statement execution time exceeded');
    expect(translateError(packet, 30_000)).toBeInstanceOf(LiveTimeoutError);
  });

  it('1317 (InnoDB DB_INTERRUPTED as ER_QUERY_INTERRUPTED) is a timeout only when the query ran for the bound', () => {
    const packet = serverError(1317, '70100', 'Query execution was interrupted');
    expect(translateError(packet, 1000, 1003)).toBeInstanceOf(LiveTimeoutError);
    // Stopped early: someone ran KILL QUERY; the server's error stands.
    expect(translateError(packet, 1000, 20)).toBe(packet);
    expect(translateError(packet, 1000)).toBe(packet);
  });

  it('1142 is a missing privilege', () => {
    const packet = serverError(1142, '42000', "SELECT command denied to user 'probe'@'127.0.0.1' for table `shop`.`users`");
    expect(translateError(packet, 1000)).toBeInstanceOf(LivePrivilegeError);
  });

  it.each([
    // MariaDB sql/share/errmsg-utf8.txt ER_CONNECTION_KILLED, sent to a connection killed by KILL CONNECTION.
    ['MariaDB 1927 after KILL CONNECTION', serverError(1927, '70100', 'Connection was killed', { fatal: true })],
    // Both servers: ER_SERVER_SHUTDOWN, sent to running statements when the server shuts down.
    ['1053 at server shutdown', serverError(1053, '08S01', 'Server shutdown in progress')],
    // MySQL 8.0.24+: ER_CLIENT_INTERACTION_TIMEOUT, sent before the server closes an idle connection.
    ['MySQL 4031 idle disconnect', serverError(4031, 'HY000', 'The client was disconnected by the server because of inactivity.')],
    // mysql2 lib/base/connection.js: the socket closed under the client (MySQL closes a killed connection without a packet).
    ['a closed socket', Object.assign(new Error('Connection lost: The server closed the connection.'), { code: 'PROTOCOL_CONNECTION_LOST', fatal: true })],
    ['a reset socket', Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET', errno: -104, fatal: true })],
    ["mysql2's closed state", Object.assign(new Error("Can't add new command when connection is in closed state"), { fatal: true })],
  ])('%s is a lost connection', (_name, error) => {
    const translated = translateError(error, 1000);
    expect(translated).toBeInstanceOf(LiveConnectionLostError);
    expect((translated as Error).message).toMatch(/^connection lost: /);
    expect((translated as Error).message).not.toContain('\n');
  });

  it('leaves other server errors alone', () => {
    const packet = serverError(1054, '42S22', "Unknown column 'x' in 'field list'");
    expect(translateError(packet, 1000)).toBe(packet);
  });
});

const { server, skipReason } = liveServer();

describe.skipIf(!server)(`the probe session${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  it('runs REPEATABLE READ, read-only, with max_sort_length raised, whatever the connection started with', async () => {
    const scratch = await createScratch(server!);
    try {
      const live = await connectLive(parseLiveUrl(scratch.url, {}));
      try {
        // As on a server whose global level is READ COMMITTED, where WITH CONSISTENT SNAPSHOT gives no snapshot.
        await live.connection.query('SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED');
        await live.connection.query('SET SESSION max_sort_length = 1024');
        await LiveSession.open(live);
        const [rows] = (await live.connection.query(
          'SELECT @@SESSION.transaction_isolation AS level, @@SESSION.transaction_read_only AS ro, @@SESSION.max_sort_length AS msl',
        ).catch(() => live.connection.query('SELECT @@SESSION.tx_isolation AS level, @@SESSION.tx_read_only AS ro, @@SESSION.max_sort_length AS msl'))) as unknown as [
          { level: string; ro: number; msl: number | string }[],
        ];
        expect(rows[0]!.level).toBe('REPEATABLE-READ');
        expect(Number(rows[0]!.ro)).toBe(1);
        expect(Number(rows[0]!.msl)).toBe(PROBE_MAX_SORT_LENGTH);
      } finally {
        await live.close();
      }
    } finally {
      await scratch.dispose();
    }
  });

  // MySQL's sort-based GROUP BY compares strings only up to max_sort_length bytes (sql/item_buff.cc,
  // Cached_item_str); MariaDB 10.11 was seen to compare these whole even at 1024. The case guards
  // the MySQL runs of this suite (UNIQLINT_TEST_DATABASE_URL, the CI workflow).
  it('two values equal in their first 1,100 bytes are not a duplicate (GROUP BY would cut them at max_sort_length)', async () => {
    const scratch = await createScratch(server!);
    try {
      await scratch.admin.query('CREATE TABLE long_values (id INT PRIMARY KEY, v VARBINARY(2000))');
      await scratch.admin.query("INSERT INTO long_values VALUES (1, REPEAT('a', 1100)), (2, CONCAT(REPEAT('a', 1100), 'b')), (3, 'short')");
      const actual = await runOnCopy(scratch.admin, 'long_values', (t) => `ALTER TABLE ${t} ADD UNIQUE KEY u_v (v)`);
      expect(actual.outcome).toBe('no-duplicates');
      const live = await connectLive(parseLiveUrl(scratch.url, {}));
      try {
        const session = await LiveSession.open(live);
        const [result] = await probeUniqueKeys(session, [{ table: { name: 'long_values' }, keyName: 'u_v', primary: false, parts: [{ column: 'v' }] }]);
        expect(result!.outcome).toBe('no-duplicates');
      } finally {
        await live.close();
      }
    } finally {
      await scratch.dispose();
    }
  });
});
