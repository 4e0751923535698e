/**
 * The oracle behind dump-restore-into-existing-table, on the throwaway server: the rule's flagged
 * example (a data-only dump) fails with ERROR 1062 when restored onto a table that holds its rows,
 * and its valid example (DROP TABLE and CREATE TABLE first) restores cleanly onto the same table.
 * In live mode the dump's literal rows are checked against the target's rows (the check of
 * duplicate-key-in-inserted-rows, src/live/insert-probes.ts), and each verdict is compared with
 * what really happens when the dump is restored onto that target.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import rule from '../../rules/dump-restore-into-existing-table.js';
import { lintPaths } from '../../src/run.js';
import { LiveRun } from '../../src/live/run-live.js';
import { createScratch, liveServer, uniqueSuffix, type Scratch } from './helpers.js';

const { server, skipReason } = liveServer();

/** The statements of an example, comments and client commands left out. */
function statementsOf(sql: string): string[] {
  return sql
    .split(';\n')
    .map((statement) => statement.replace(/^--.*$/gm, '').trim())
    .filter((statement) => statement !== '');
}

describe.skipIf(!server)(`dump restores onto existing tables${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  it('the flagged data-only dump fails with 1062 on a table holding its rows; the recreating dump does not', async () => {
    const scratch = await createScratch(server!, 'dump');
    try {
      const existing = 'CREATE TABLE users (id INT NOT NULL PRIMARY KEY, email VARCHAR(255) NOT NULL)';
      await scratch.admin.query(existing);
      await scratch.admin.query("INSERT INTO users VALUES (1, 'ann@example.com')");
      const dataOnly = statementsOf(rule.meta.examples.invalid[0]!.sql);
      let errno: number | undefined;
      try {
        for (const statement of dataOnly) await scratch.admin.query(statement);
      } catch (error) {
        errno = (error as { errno?: number }).errno;
      }
      await scratch.admin.query('UNLOCK TABLES');
      expect(errno).toBe(1062);

      for (const statement of statementsOf(rule.meta.examples.valid[0]!.sql)) await scratch.admin.query(statement);
      const [rows] = (await scratch.admin.query('SELECT COUNT(*) AS n FROM users')) as unknown as [Array<{ n: number }>];
      expect(Number(rows[0]!.n)).toBe(2);
    } finally {
      await scratch.dispose();
    }
  });
});

/** Lints `sql` live as the scratch's SELECT-only account; the database holds what `setup` made. */
async function lintLive(scratch: Scratch, sql: string) {
  const dir = mkdtempSync(path.join(tmpdir(), 'uniqlint-dump-live-'));
  try {
    const file = path.join(dir, `restore_${uniqueSuffix()}.sql`);
    writeFileSync(file, sql);
    const live = await LiveRun.open({ url: scratch.url, env: {} });
    try {
      const result = await lintPaths([file], { dialect: 'mariadb', live });
      return { diagnostics: result.files.flatMap((f) => f.diagnostics), notes: live.notes };
    } finally {
      await live.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs the dump's statements as a restore would; resolves to the errno it stopped with, or undefined. */
async function restore(scratch: Scratch, sql: string): Promise<number | undefined> {
  try {
    for (const statement of statementsOf(sql)) await scratch.admin.query(statement);
    return undefined;
  } catch (error) {
    return (error as { errno?: number }).errno;
  } finally {
    await scratch.admin.query('UNLOCK TABLES');
  }
}

const USERS = 'CREATE TABLE users (id INT NOT NULL PRIMARY KEY, email VARCHAR(255) NOT NULL, UNIQUE KEY uk_email (email))';
const dataOnlyDump = rule.meta.examples.invalid[0]!.sql;

describe.skipIf(!server)(`dump restores, live${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  async function withUsers<T>(rows: string[], work: (scratch: Scratch) => Promise<T>): Promise<T> {
    const scratch = await createScratch(server!, 'dumplive');
    try {
      await scratch.admin.query(USERS);
      for (const row of rows) await scratch.admin.query(`INSERT INTO users VALUES ${row}`);
      return await work(scratch);
    } finally {
      await scratch.dispose();
    }
  }

  it('a target holding a dumped key value: fails, with the colliding value as the sample, and the restore really fails with 1062', async () => {
    await withUsers(["(9, 'bob@example.com')"], async (scratch) => {
      const { diagnostics, notes } = await lintLive(scratch, dataOnlyDump);
      expect(notes).toEqual([]);
      const findings = diagnostics.filter((d) => d.ruleId === rule.meta.id);
      expect(findings).toHaveLength(1);
      expect(findings[0]!.live?.verdict).toBe('fails');
      expect(findings[0]!.severity).toBe('error');
      expect(findings[0]!.live?.samples?.flatMap((sample) => sample.values)).toContain('bob@example.com');
      // The rows are checked once: no second finding of duplicate-key-in-inserted-rows for the same INSERT.
      expect(diagnostics.filter((d) => d.ruleId === 'duplicate-key-in-inserted-rows')).toEqual([]);
      expect(await restore(scratch, dataOnlyDump)).toBe(1062);
    });
  });

  it('an empty target and a target without a colliding row: passes (info), and the restore really loads', async () => {
    for (const rows of [[], ["(3, 'carol@example.com')"]]) {
      await withUsers(rows, async (scratch) => {
        const { diagnostics, notes } = await lintLive(scratch, dataOnlyDump);
        expect(notes).toEqual([]);
        const findings = diagnostics.filter((d) => d.ruleId === rule.meta.id);
        expect(findings).toHaveLength(1);
        expect(findings[0]!.live?.verdict).toBe('passes');
        expect(findings[0]!.live?.reason).toContain('none of the 2 dumped rows has a key value the table holds now');
        expect(findings[0]!.severity).toBe('info');
        expect(await restore(scratch, dataOnlyDump)).toBeUndefined();
      });
    }
  });

  it('every INSERT of the table counts, not only the first (mysqldump splits large tables into several)', async () => {
    const split = dataOnlyDump.replace(
      'UNLOCK TABLES;',
      "INSERT INTO `users` VALUES (3,'carol@example.com'),(4,'dan@example.com');\nUNLOCK TABLES;",
    );
    await withUsers(["(40, 'dan@example.com')"], async (scratch) => {
      const { diagnostics } = await lintLive(scratch, split);
      const findings = diagnostics.filter((d) => d.ruleId === rule.meta.id);
      expect(findings).toHaveLength(1);
      expect(findings[0]!.range.start.line).toBe(6);
      expect(findings[0]!.live?.verdict).toBe('fails');
      expect(findings[0]!.live?.samples?.flatMap((sample) => sample.values)).toContain('dan@example.com');
      expect(await restore(scratch, split)).toBe(1062);
    });
  });

  it('more rows than the check compares, none colliding among the compared: unknown, not passes', async () => {
    const rows = Array.from({ length: 5_001 }, (_, i) => `(${i + 100},'u${i}@example.com')`).join(',');
    const big = `-- MySQL dump 10.13  Distrib 8.0.36, for Linux (x86_64)\nINSERT INTO \`users\` VALUES ${rows};\n`;
    await withUsers([], async (scratch) => {
      const { diagnostics } = await lintLive(scratch, big);
      const [finding] = diagnostics.filter((d) => d.ruleId === rule.meta.id);
      expect(finding!.live?.verdict).toBe('unknown');
      expect(finding!.live?.reason).toContain('none of the first 5000 dumped rows');
    });
  });

  it('a dump into a table the target lacks: unknown, with the reason', async () => {
    const scratch = await createScratch(server!, 'dumplive');
    try {
      const { diagnostics } = await lintLive(scratch, dataOnlyDump);
      const [finding] = diagnostics.filter((d) => d.ruleId === rule.meta.id);
      expect(finding!.live?.verdict).toBe('unknown');
      expect(finding!.live?.reason).toContain('the target has no such table');
    } finally {
      await scratch.dispose();
    }
  });

  it('CREATE TABLE IF NOT EXISTS over an existing table: its rows are what the dump meets', async () => {
    const keep = rule.meta.examples.invalid[1]!.sql;
    await withUsers(["(1, 'someone@example.com')"], async (scratch) => {
      const { diagnostics } = await lintLive(scratch, keep);
      const [finding] = diagnostics.filter((d) => d.ruleId === rule.meta.id);
      expect(finding!.live?.verdict).toBe('fails');
      expect(await restore(scratch, keep)).toBe(1062);
    });
  });

  it('AUTO_INCREMENT= below the ids a dump loads does not leave the counter behind: the server raises it past every row (no finding)', async () => {
    const scratch = await createScratch(server!, 'dumplive');
    try {
      const dump =
        '-- MariaDB dump 10.19-10.11.6-MariaDB, for debian-linux-gnu (x86_64)\n' +
        'DROP TABLE IF EXISTS `notes`;\n' +
        'CREATE TABLE `notes` (`id` int NOT NULL AUTO_INCREMENT, `body` varchar(20), PRIMARY KEY (`id`)) ENGINE=InnoDB AUTO_INCREMENT=2;\n' +
        "INSERT INTO `notes` VALUES (1,'a'),(5,'b');\n";
      const { diagnostics } = await lintLive(scratch, dump);
      expect(diagnostics.filter((d) => d.ruleId === rule.meta.id || d.ruleId.startsWith('auto-increment-'))).toEqual([]);
      expect(await restore(scratch, dump)).toBeUndefined();
      const [[row]] = (await scratch.admin.query(
        'SELECT AUTO_INCREMENT AS next_value FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?',
        ['notes'],
      )) as unknown as [Array<{ next_value: number }>];
      expect(Number(row!.next_value)).toBe(6);
      await scratch.admin.query("INSERT INTO notes (body) VALUES ('c')");
    } finally {
      await scratch.dispose();
    }
  });

  it('a data-only restore into a table whose counter is not above its rows: auto-increment-drift flags the counter at the dump\'s INSERT', async () => {
    const scratch = await createScratch(server!, 'dumplive');
    try {
      // An ON UPDATE CASCADE moved the last id past the counter, as in auto-increment-drift's example.
      await scratch.admin.query(
        'CREATE TABLE order_numbers (number INT PRIMARY KEY) ENGINE=InnoDB; ' +
          'CREATE TABLE orders (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, note VARCHAR(20), FOREIGN KEY (id) REFERENCES order_numbers (number) ON UPDATE CASCADE) ENGINE=InnoDB; ' +
          "INSERT INTO order_numbers VALUES (1), (2), (3); INSERT INTO orders (note) VALUES ('a'), ('b'), ('c'); " +
          'UPDATE order_numbers SET number = 4 WHERE number = 3; INSERT INTO order_numbers VALUES (3);',
      );
      const dump =
        '-- MySQL dump 10.13  Distrib 8.0.36, for Linux (x86_64)\n' +
        'LOCK TABLES `orders` WRITE;\n' +
        "INSERT INTO `orders` VALUES (3,'c');\n" +
        'UNLOCK TABLES;\n';
      const { diagnostics } = await lintLive(scratch, dump);
      const drift = diagnostics.filter((d) => d.ruleId === 'auto-increment-drift');
      expect(drift).toHaveLength(1);
      expect(drift[0]!.range.start.line).toBe(3);
      expect(drift[0]!.message).toContain('is 4 but MAX(`id`) is 4');
      const [finding] = diagnostics.filter((d) => d.ruleId === rule.meta.id);
      expect(finding!.live?.verdict).toBe('passes');
      // The oracle: the restore loads (id 3 was free), the counter stays at 4, and the next generated id collides.
      expect(await restore(scratch, dump)).toBeUndefined();
      await scratch.admin.query('INSERT INTO order_numbers VALUES (5)');
      const next = await scratch.admin.query("INSERT INTO orders (note) VALUES ('d')").then(() => undefined, (error: { errno?: number }) => error.errno);
      expect(next).toBe(1062);
    } finally {
      await scratch.dispose();
    }
  });
});
