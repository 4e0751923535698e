import { textOf } from '../rules/helpers.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assessAutoIncrement,
  probeAutoIncrement,
  type AutoIncrementFigures,
} from '../../src/live/auto-increment-probe.js';
import type { LiveConnection } from '../../src/live/connection.js';
import type { LiveSession } from '../../src/live/session.js';
import { createScratch, liveServer, openSession, type Scratch } from './helpers.js';

const figures = (overrides: Partial<AutoIncrementFigures>): AutoIncrementFigures => ({
  table: { name: 'orders' },
  column: 'id',
  typeName: 'INT',
  unsigned: false,
  typeMaximum: 2147483647n,
  increment: 1,
  flavor: 'mariadb',
  nextValueSource: 'information_schema',
  ...overrides,
});

describe('assessAutoIncrement', () => {
  it('reports drift as an error when the next value is not above MAX(col)', () => {
    const findings = assessAutoIncrement(figures({ nextValue: 5n, maxValue: 9n }));
    const drift = findings.find((f) => f.ruleId === 'auto-increment-drift');
    expect(drift?.severity).toBe('error');
    expect(drift?.message).toContain('ERROR 1062');
    expect(drift?.message).toContain('AUTO_INCREMENT = 10');
  });

  it('reports nothing for a healthy counter', () => {
    expect(assessAutoIncrement(figures({ nextValue: 10n, maxValue: 9n }))).toEqual([]);
    expect(assessAutoIncrement(figures({ nextValue: 1n }))).toEqual([]);
  });

  it('warns from 80% of the range and errs from 95%', () => {
    const at = (next: bigint) => assessAutoIncrement(figures({ typeName: 'TINYINT', typeMaximum: 127n, nextValue: next }));
    expect(at(100n)).toEqual([]); // 99/127 = 78%
    expect(at(103n)[0]).toMatchObject({ ruleId: 'auto-increment-headroom', severity: 'warning' }); // 102/127 = 80.3%
    expect(at(121n)[0]).toMatchObject({ ruleId: 'auto-increment-headroom', severity: 'warning' }); // 120/127 = 94.5%
    expect(at(122n)[0]).toMatchObject({ ruleId: 'auto-increment-headroom', severity: 'error' }); // 121/127 = 95.3%
  });

  it('stays exact for BIGINT UNSIGNED and names the flavour-specific failure', () => {
    const max = 18446744073709551615n;
    const [finding] = assessAutoIncrement(
      figures({ typeName: 'BIGINT', unsigned: true, typeMaximum: max, nextValue: max - 9n, flavor: 'mysql' }),
    );
    expect(finding).toMatchObject({ ruleId: 'auto-increment-headroom', severity: 'error' });
    expect(textOf(finding!)).toContain('10 value(s) left');
    expect(textOf(finding!)).toContain('1467');
    const [mysqlInt] = assessAutoIncrement(figures({ nextValue: 2147483600n, flavor: 'mysql' }));
    expect(textOf(mysqlInt!)).toContain('ERROR 1062');
    const [mariaInt] = assessAutoIncrement(figures({ nextValue: 2147483600n, flavor: 'mariadb' }));
    expect(textOf(mariaInt!)).toContain('error 167');
  });

  it('counts values left with the increment step', () => {
    const [finding] = assessAutoIncrement(figures({ typeName: 'TINYINT', typeMaximum: 127n, nextValue: 121n, increment: 2 }));
    expect(textOf(finding!)).toContain('4 value(s) left'); // 121, 123, 125, 127
  });
});

const { server, skipReason } = liveServer();

describe.skipIf(!server)(`probeAutoIncrement${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  let scratch: Scratch;
  let live: LiveConnection;
  let session: LiveSession;
  beforeAll(async () => {
    scratch = await createScratch(server!);
    ({ live, session } = await openSession(scratch));
  });
  afterAll(async () => {
    await live?.close();
    await scratch?.dispose();
  });

  it('reads the live counter, MAX(col) and the type maximum', async () => {
    await scratch.admin.query('CREATE TABLE ai1 (id TINYINT UNSIGNED AUTO_INCREMENT PRIMARY KEY, v INT)');
    await scratch.admin.query('INSERT INTO ai1 (v) VALUES (1),(2),(3)');
    await scratch.admin.query('UPDATE ai1 SET id = 210 WHERE id = 3');
    const result = await probeAutoIncrement(session, { name: 'ai1' });
    const [[counter]] = (await scratch.admin.query(
      "SELECT AUTO_INCREMENT AS a FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'ai1'",
    )) as unknown as [{ a: number }[]];
    expect(result).toMatchObject({ column: 'id', typeName: 'TINYINT', unsigned: true, typeMaximum: 255n, maxValue: 210n });
    expect(result!.nextValue).toBe(BigInt(counter!.a));
    const findings = assessAutoIncrement(result!);
    expect(findings.map((f) => [f.ruleId, f.severity])).toEqual([['auto-increment-headroom', 'warning']]);
  });

  it('reports no drift when ALTER ... AUTO_INCREMENT below MAX is ignored, as MariaDB does', async () => {
    await scratch.admin.query('CREATE TABLE ai2 (id INT AUTO_INCREMENT, KEY (id)) AUTO_INCREMENT=1');
    await scratch.admin.query('INSERT INTO ai2 VALUES (1),(2)');
    await scratch.admin.query("SET SESSION sql_mode = ''");
    await scratch.admin.query('ALTER TABLE ai2 AUTO_INCREMENT=1').finally(() => scratch.admin.query('SET SESSION sql_mode = DEFAULT'));
    const result = await probeAutoIncrement(session, { name: 'ai2' });
    expect(result!.maxValue).toBe(2n);
    // MariaDB never lowers the counter below MAX+1, so there is no drift here; the assessment agrees.
    expect(result!.nextValue).toBe(3n);
    expect(assessAutoIncrement(result!)).toEqual([]);
  });

  it('returns undefined for a table without AUTO_INCREMENT, or a missing table', async () => {
    await scratch.admin.query('CREATE TABLE plain (id INT PRIMARY KEY)');
    expect(await probeAutoIncrement(session, { name: 'plain' })).toBeUndefined();
    expect(await probeAutoIncrement(session, { name: 'nope' })).toBeUndefined();
  });

  it('handles an empty table', async () => {
    await scratch.admin.query('CREATE TABLE ai3 (id BIGINT AUTO_INCREMENT PRIMARY KEY)');
    const result = await probeAutoIncrement(session, { name: 'ai3' });
    expect(result!.maxValue).toBeUndefined();
    expect(result!.nextValue).toBe(1n);
    expect(assessAutoIncrement(result!)).toEqual([]);
  });
});
