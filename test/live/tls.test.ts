/**
 * TLS of the live connection, as the `mysql` client's `--ssl-mode` behaves (MySQL 8.4 manual
 * 8.3.1 "Configuring MySQL to Use Encrypted Connections"; 6.2.3 "Command Options for Encrypted
 * Connections"): the default PREFERRED encrypts whenever the server offers TLS and falls back to
 * plain text only when it offers none; REQUIRED encrypts without verifying the certificate;
 * VERIFY_CA and VERIFY_IDENTITY verify it against `ssl-ca`. The suite's throwaway MariaDB runs
 * with a certificate made for the run by openssl (test/support/mariadb-server.ts), so every other
 * live test runs over TLS too. Whether a connection is encrypted is read from the server:
 * `SHOW SESSION STATUS LIKE 'Ssl_cipher'` is empty on a plain connection.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectLive, LiveConnectionError, parseLiveUrl, type LiveConnection } from '../../src/live/connection.js';
import { mariaDbAvailability, startMariaDbServer, type MariaDbServer } from '../support/mariadb-server.js';
import { createScratch, liveServer, needsThrowawayServer, type Scratch } from './helpers.js';

const { server, skipReason } = liveServer();

async function cipherOf(live: LiveConnection): Promise<string> {
  const [rows] = (await live.connection.query("SHOW SESSION STATUS LIKE 'Ssl_cipher'")) as unknown as [{ Value: string }[]];
  return String(rows[0]?.Value ?? '');
}

async function connectWith(url: string): Promise<{ live: LiveConnection; cipher: string }> {
  const live = await connectLive(parseLiveUrl(url, {}));
  return { live, cipher: await cipherOf(live) };
}

function withQuery(url: string, query: string): string {
  return `${url}${url.includes('?') ? '&' : '?'}${query}`;
}

describe.skipIf(!server)(`TLS of the live connection${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  let scratch: Scratch;
  beforeAll(async () => {
    scratch = await createScratch(server!, 'tls');
  });
  afterAll(async () => {
    await scratch?.dispose();
  });

  it('the default connection (ssl-mode=PREFERRED) is encrypted when the server offers TLS', async () => {
    const { live, cipher } = await connectWith(scratch.url);
    try {
      // The live suite needs a server that offers TLS (the throwaway one does; MySQL 8 and 9 make their own certificate).
      expect(cipher, 'the server under test offers no TLS, which the live suite needs').not.toBe('');
      expect(live.encrypted).toBe(true);
    } finally {
      await live.close();
    }
  });

  it('ssl-mode=REQUIRED encrypts without a CA (the certificate is not verified)', async () => {
    const { live, cipher } = await connectWith(withQuery(scratch.url, 'ssl-mode=REQUIRED'));
    try {
      expect(cipher).not.toBe('');
    } finally {
      await live.close();
    }
  });

  it('ssl-mode=DISABLED connects in plain text', async () => {
    const { live, cipher } = await connectWith(withQuery(scratch.url, 'ssl-mode=DISABLED'));
    try {
      expect(cipher).toBe('');
      expect(live.encrypted).toBe(false);
    } finally {
      await live.close();
    }
  });

  // The suite's own CA signed the throwaway server's certificate; a server given by URL has its own.
  it.skipIf(!server?.tls)(`VERIFY_CA and VERIFY_IDENTITY pass with the test CA, and VERIFY_CA fails without it${server?.tls ? '' : ` (skipped: ${needsThrowawayServer(server) ?? 'the server was started without TLS'})`}`, async () => {
    for (const mode of ['VERIFY_CA', 'VERIFY_IDENTITY']) {
      const { live, cipher } = await connectWith(withQuery(scratch.url, `ssl-mode=${mode}&ssl-ca=${encodeURIComponent(server!.tls!.caPath)}`));
      try {
        expect(cipher).not.toBe('');
      } finally {
        await live.close();
      }
    }
    // The test CA is in no system store: verifying against the system's CAs must fail, and say it is TLS.
    const error = await connectLive(parseLiveUrl(withQuery(scratch.url, 'ssl-mode=VERIFY_CA'), {})).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LiveConnectionError);
    expect((error as Error).message).toMatch(/TLS handshake failed|certificate/i);
    expect((error as Error).message).not.toContain(scratch.password);
  });
});

const binaries = mariaDbAvailability();

// These start MariaDB servers of their own from the binaries of the throwaway server.
const ownServers = needsThrowawayServer(server) ?? (binaries.available ? undefined : (binaries as { reason: string }).reason);
describe.skipIf(ownServers !== undefined)(`TLS against servers started for the case${ownServers ? ` (skipped: ${ownServers})` : ''}`, () => {
  let plain: MariaDbServer;
  let secureOnly: MariaDbServer;
  let plainScratch: Scratch;
  let secureScratch: Scratch;

  beforeAll(async () => {
    // Generous bounds: on a loaded machine a server can take long to start.
    [plain, secureOnly] = await Promise.all([
      startMariaDbServer({ readyTimeoutMs: 150_000 }),
      startMariaDbServer({ tls: true, extraArgs: ['--require-secure-transport=ON'], readyTimeoutMs: 150_000 }),
    ]);
    plainScratch = await createScratch(plain, 'plain');
    secureScratch = await createScratch(secureOnly, 'secure');
  }, 300_000);
  afterAll(async () => {
    await plainScratch?.dispose();
    await secureScratch?.dispose();
    await Promise.all([plain?.stop(), secureOnly?.stop()]);
  }, 60_000);

  it('PREFERRED falls back to plain text when the server offers no TLS; REQUIRED then fails and says why', async () => {
    const { live, cipher } = await connectWith(plainScratch.url);
    try {
      expect(cipher).toBe('');
      expect(live.encrypted).toBe(false);
    } finally {
      await live.close();
    }
    const error = await connectLive(parseLiveUrl(withQuery(plainScratch.url, 'ssl-mode=REQUIRED'), {})).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LiveConnectionError);
    expect((error as Error).message).toMatch(/does not offer TLS/);
  });

  it('a lint run that falls back to plain text says so on stderr', async () => {
    const directory = mkdtempSync(path.join(tmpdir(), 'uniqlint-tls-'));
    try {
      await plainScratch.admin.query('CREATE TABLE plain_users (id INT PRIMARY KEY, email VARCHAR(40))');
      const file = path.join(directory, 'V1__unique.sql');
      writeFileSync(file, 'ALTER TABLE plain_users ADD UNIQUE KEY uk_email (email);\n');
      const cli = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'src', 'cli.js');
      const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
      delete env.UNIQLINT_DATABASE_URL;
      const run = await promisify(execFile)(process.execPath, [cli, 'lint', file, '--live', plainScratch.url, '--format', 'json'], { env }).catch(
        (e: { stdout: string; stderr: string }) => e,
      );
      expect(run.stderr).toMatch(/offers no TLS: the connection, sample values included, is not encrypted/);
      expect(run.stderr).not.toContain(plainScratch.password);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it('a server with require_secure_transport=ON: the default connection works; a plain one is refused with the reason', async () => {
    const { live, cipher } = await connectWith(secureScratch.url);
    try {
      expect(cipher).not.toBe('');
    } finally {
      await live.close();
    }
    const error = await connectLive(parseLiveUrl(withQuery(secureScratch.url, 'ssl-mode=DISABLED'), {})).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LiveConnectionError);
    // MariaDB refuses it as a plain ERROR 1045 (MySQL sends 3159, see the unit case in connection.test.ts).
    expect((error as Error).message).toMatch(/access denied .*not encrypted.*require_secure_transport=ON.*connect with ssl-mode=REQUIRED/);
    expect((error as Error).message).not.toContain('\n');
  });

  it('an account created with REQUIRE SSL, refused over plain text, is told that TLS may be what it needs', async () => {
    await secureScratch.admin.query('SET GLOBAL require_secure_transport = OFF');
    try {
      await secureScratch.admin.query(`ALTER USER ?@'127.0.0.1' REQUIRE SSL`, [secureScratch.user]);
      const error = await connectLive(parseLiveUrl(withQuery(secureScratch.url, 'ssl-mode=DISABLED'), {})).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(LiveConnectionError);
      expect((error as Error).message).toMatch(/access denied .*the connection was not encrypted/);
      const { live, cipher } = await connectWith(secureScratch.url);
      await live.close();
      expect(cipher).not.toBe('');
    } finally {
      await secureScratch.admin.query('SET GLOBAL require_secure_transport = ON');
    }
  });
});
