/**
 * The GitHub Actions workflow that runs the live suite against MySQL (.github/workflows/live-mysql.yml)
 * cannot run here; its structure is checked instead: a job per MySQL image (8.0, 8.4, 9), a
 * service container of that image with a health check, the suite pointed at it through
 * UNIQLINT_TEST_DATABASE_URL (test/support/mariadb-server.ts), and the live tests of the main
 * project run after a build.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { TEST_DATABASE_URL_ENV } from '../support/mariadb-server.js';

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
}

interface Job {
  'runs-on': string;
  strategy?: { 'fail-fast'?: boolean; matrix?: { image?: string[] } };
  services?: Record<string, { image: string; env?: Record<string, string>; ports?: string[]; options?: string }>;
  env?: Record<string, string>;
  steps: Step[];
}

const workflowPath = fileURLToPath(new URL('../../.github/workflows/live-mysql.yml', import.meta.url));
const workflow = parse(readFileSync(workflowPath, 'utf8')) as { on: Record<string, unknown>; jobs: Record<string, Job> };
const job = workflow.jobs['live-mysql']!;

describe('the live-mysql workflow', () => {
  it('runs on pushes and pull requests, one job per MySQL 8.0, 8.4 and 9.x image, each to the end', () => {
    expect(Object.keys(workflow.on)).toEqual(expect.arrayContaining(['push', 'pull_request']));
    expect(job['runs-on']).toBe('ubuntu-latest');
    expect(job.strategy?.['fail-fast']).toBe(false);
    expect(job.strategy?.matrix?.image).toEqual(['mysql:8.0', 'mysql:8.4', 'mysql:9']);
  });

  it('starts the matrix image as a service container with a root password, a published port and a health check', () => {
    const services = Object.values(job.services ?? {});
    expect(services).toHaveLength(1);
    const [service] = services;
    expect(service!.image).toBe('${{ matrix.image }}');
    const password = service!.env?.MYSQL_ROOT_PASSWORD;
    expect(password).toBeTruthy();
    expect(service!.ports).toEqual(['3306:3306']);
    const options = service!.options ?? '';
    expect(options).toMatch(/--health-cmd "mysqladmin ping -h 127\.0\.0\.1 -uroot -p\S+ --silent"/);
    expect(options).toMatch(/--health-interval \d+s/);
    expect(options).toMatch(/--health-retries \d+/);
    expect(options).toContain(`-p${password}`);
  });

  it('points the suite at the container through UNIQLINT_TEST_DATABASE_URL, as root with that password, and fails when it is missing', () => {
    const url = new URL(job.env?.[TEST_DATABASE_URL_ENV] ?? '');
    const service = Object.values(job.services ?? {})[0]!;
    expect(url.protocol).toBe('mysql:');
    expect(url.hostname).toBe('127.0.0.1');
    expect(url.port).toBe('3306');
    expect(decodeURIComponent(url.username)).toBe('root');
    expect(decodeURIComponent(url.password)).toBe(service.env?.MYSQL_ROOT_PASSWORD);
    // Under CI=true a missing live server fails the live tests instead of skipping them (test/live/helpers.ts).
    expect(job.env?.CI).toBe('true');
  });

  it('installs, builds, and runs the live tests of the main project on Node 20', () => {
    const runs = job.steps.map((step) => step.run ?? step.uses ?? '');
    const setupNode = job.steps.find((step) => step.uses?.startsWith('actions/setup-node@'));
    expect(String(setupNode?.with?.['node-version'])).toBe('20');
    const install = runs.indexOf('npm ci');
    const build = runs.indexOf('npm run build');
    const suite = runs.indexOf('npx vitest run --project main test/live');
    expect(runs[0]).toMatch(/^actions\/checkout@/);
    expect(install).toBeGreaterThan(0);
    expect(build).toBeGreaterThan(install);
    expect(suite).toBeGreaterThan(build);
  });
});
