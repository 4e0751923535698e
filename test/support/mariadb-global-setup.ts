/**
 * Vitest global setup: starts one throwaway MariaDB (with TLS, a certificate made for the run) for the whole run and hands its address to the
 * test files through `provide('mariadb', ...)`; stops it and removes its directory at teardown
 * (Vitest runs the returned teardown also when tests fail).
 *
 * With `UNIQLINT_TEST_DATABASE_URL` set (an administrative account on any MySQL or MariaDB
 * server), no server is started: the live tests run against that one.
 *
 * The server is only started when the run includes a live test (a file under `test/live/`), so a
 * run limited to other folders pays nothing. When the binaries are missing the setup does not
 * throw: it provides the reason, and the live tests fail (under CI=true) or skip visibly.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { describeExternalServer, startMariaDbServer, MariaDbUnavailableError, TEST_DATABASE_URL_ENV, type MariaDbServerInfo } from './mariadb-server.js';

/** What live tests receive from `inject('mariadb')`. */
export type ProvidedMariaDb =
  | { status: 'running'; server: MariaDbServerInfo }
  | { status: 'unavailable'; reason: string }
  | { status: 'not-started'; reason: string };

declare module 'vitest' {
  export interface ProvidedContext {
    mariadb: ProvidedMariaDb;
  }
}

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** True when the run's file filters (as given on the command line) select at least one live test. */
function runIncludesLiveTests(project: TestProject): boolean {
  const filters = (project.vitest as unknown as { filenamePattern?: string[] }).filenamePattern;
  if (!filters || filters.length === 0) return true;
  let liveFiles: string[];
  try {
    liveFiles = readdirSync(path.join(repoRoot, 'test', 'live'))
      .filter((name) => name.endsWith('.test.ts'))
      .map((name) => path.join(repoRoot, 'test', 'live', name));
  } catch {
    return false;
  }
  // Vitest selects a file when its path contains the filter text.
  return liveFiles.some((file) =>
    filters.some((filter) => file.includes(filter) || path.resolve(filter) === file || file.startsWith(path.resolve(filter))),
  );
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  if (!runIncludesLiveTests(project)) {
    project.provide('mariadb', { status: 'not-started', reason: 'no live test selected in this run' });
    return undefined;
  }
  const externalUrl = process.env[TEST_DATABASE_URL_ENV];
  if (externalUrl !== undefined && externalUrl !== '') {
    // A server the run is given (MySQL in CI, any other server by hand): nothing to start or stop.
    project.provide('mariadb', { status: 'running', server: await describeExternalServer(externalUrl) });
    return undefined;
  }
  try {
    const server = await startMariaDbServer({ tls: true });
    const { stop, ...info } = server;
    project.provide('mariadb', { status: 'running', server: info });
    return async () => {
      await stop();
    };
  } catch (error) {
    if (error instanceof MariaDbUnavailableError) {
      project.provide('mariadb', { status: 'unavailable', reason: error.message });
      return undefined;
    }
    throw error;
  }
}
