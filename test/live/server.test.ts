/**
 * The throwaway server harness: a server starts in a fresh temporary directory on a free port of
 * 127.0.0.1 (never the machine's own 3306), answers, and is gone with its directory after stop().
 */
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import mysql from 'mysql2/promise';
import { startMariaDbServer } from '../support/mariadb-server.js';
import { liveServer, needsThrowawayServer } from './helpers.js';

const { server, skipReason } = liveServer();

const throwawayOnly = skipReason ?? needsThrowawayServer(server);
describe.skipIf(throwawayOnly !== undefined)(
  `throwaway MariaDB${throwawayOnly ? ` (skipped: ${throwawayOnly})` : ''}`,
  () => {
  it('the suite server runs in a temporary directory on its own port', async () => {
    expect(server!.port).not.toBe(3306);
    expect(server!.baseDir.startsWith(tmpdir())).toBe(true);
    expect(existsSync(server!.socketPath)).toBe(true);
    const connection = await mysql.createConnection({ socketPath: server!.socketPath, user: 'root', password: '' });
    try {
      const [rows] = (await connection.query(
        'SELECT @@port AS port, @@bind_address AS bind, @@datadir AS datadir, @@socket AS sock',
      )) as unknown as [{ port: number; bind: string; datadir: string; sock: string }[]];
      expect(rows[0]).toMatchObject({ port: server!.port, bind: '127.0.0.1', sock: server!.socketPath });
      expect(rows[0]!.datadir.startsWith(server!.baseDir)).toBe(true);
    } finally {
      await connection.end();
    }
  });

  it('starts a second server and removes everything on stop', async () => {
    const second = await startMariaDbServer();
    try {
      expect(second.port).not.toBe(server!.port);
      expect(second.port).not.toBe(3306);
      const connection = await mysql.createConnection({ socketPath: second.socketPath, user: 'root', password: '' });
      const [rows] = (await connection.query('SELECT VERSION() AS v')) as unknown as [{ v: string }[]];
      await connection.end();
      expect(rows[0]!.v).toMatch(/MariaDB/);
    } finally {
      await second.stop();
    }
    expect(existsSync(second.baseDir)).toBe(false);
    const refused = await mysql
      .createConnection({ host: '127.0.0.1', port: second.port, user: 'root', connectTimeout: 2000 })
      .then(async (c) => {
        await c.end();
        return false;
      })
      .catch(() => true);
    expect(refused).toBe(true);
  }, 60_000);
  },
);
