/**
 * Property test: for random small tables, rows and keys, the duplicate finder's outcome equals
 * what happens when the ALTER really runs on a copy of the table.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeUniqueKey, type ProbeKeyPart } from '../../src/live/duplicate-probe.js';
import type { LiveConnection } from '../../src/live/connection.js';
import type { LiveSession } from '../../src/live/session.js';
import { createScratch, flavorOf, liveServer, openSession, runOnCopy, type Scratch } from './helpers.js';

const { server, skipReason } = liveServer();

type ColumnKind =
  | { type: 'INT' }
  | { type: 'VARCHAR' | 'CHAR'; length: number; charset: 'utf8mb4' | 'latin1'; collation: string }
  | { type: 'VARBINARY'; length: number };

// The NO PAD collations: MariaDB's nopad family, MySQL 8's 0900 family.
const MARIADB = !server || flavorOf(server) === 'mariadb';
const COLLATIONS = {
  utf8mb4: ['utf8mb4_general_ci', 'utf8mb4_bin', 'utf8mb4_unicode_ci', ...(MARIADB ? ['utf8mb4_general_nopad_ci', 'utf8mb4_nopad_bin'] : ['utf8mb4_0900_ai_ci', 'utf8mb4_0900_bin'])],
  latin1: ['latin1_swedish_ci', 'latin1_bin', 'latin1_general_cs'],
} as const;

const columnKind: fc.Arbitrary<ColumnKind> = fc.oneof(
  fc.constant<ColumnKind>({ type: 'INT' }),
  fc
    .record({
      type: fc.constantFrom('VARCHAR' as const, 'CHAR' as const),
      charset: fc.constantFrom('utf8mb4' as const, 'latin1' as const),
      pick: fc.nat(10),
    })
    .map(({ type, charset, pick }) => ({
      type,
      length: type === 'CHAR' ? 4 : 8,
      charset,
      collation: COLLATIONS[charset][pick % COLLATIONS[charset].length]!,
    })),
  fc.constant<ColumnKind>({ type: 'VARBINARY', length: 8 }),
);

const STRING_BASES = ['a', 'A', 'b', 'á', 'ab', 'aB', 'ä', 'ss', 'ß', ''];
const stringValue = fc
  .tuple(fc.constantFrom(...STRING_BASES), fc.nat(2))
  .map(([base, spaces]) => base + ' '.repeat(spaces));

function valueFor(kind: ColumnKind): fc.Arbitrary<string | number | null> {
  const nonNull: fc.Arbitrary<string | number> = kind.type === 'INT' ? fc.integer({ min: 0, max: 3 }) : stringValue;
  return fc.oneof({ arbitrary: fc.constant(null), weight: 1 }, { arbitrary: nonNull, weight: 4 });
}

function columnSql(name: string, kind: ColumnKind, override?: string): string {
  switch (kind.type) {
    case 'INT':
      return `${name} INT`;
    case 'VARBINARY':
      return `${name} VARBINARY(${kind.length})`;
    default:
      return `${name} ${kind.type}(${kind.length}) CHARACTER SET ${kind.charset} COLLATE ${override ?? kind.collation}`;
  }
}

const scenario = fc
  .array(columnKind, { minLength: 1, maxLength: 3 })
  .chain((kinds) =>
    fc.record({
      kinds: fc.constant(kinds),
      rows: fc.array(fc.tuple(...kinds.map(valueFor)), { minLength: 0, maxLength: 6 }),
      keyColumns: fc.shuffledSubarray(
        kinds.map((_, i) => i),
        { minLength: 1 },
      ),
      prefixes: fc.array(fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }), { minLength: 3, maxLength: 3 }),
      primary: fc.boolean(),
      /** Change the collation of the first string key column in the same ALTER. */
      newCollationPick: fc.option(fc.nat(10), { nil: undefined }),
    }),
  );

describe.skipIf(!server)(`duplicate probe property${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  let scratch: Scratch;
  let live: LiveConnection;
  let session: LiveSession;
  beforeAll(async () => {
    scratch = await createScratch(server!, 'uqprop');
    ({ live, session } = await openSession(scratch));
  });
  afterAll(async () => {
    await live?.close();
    await scratch?.dispose();
  });

  it('agrees with running the ALTER for 200 random tables, rows and keys', async () => {
    const counted = { duplicates: 0, 'no-duplicates': 0, 'other-error': 0 };
    await fc.assert(
      fc.asyncProperty(scenario, async ({ kinds, rows, keyColumns, prefixes, primary, newCollationPick }) => {
        const names = kinds.map((_, i) => `c${i}`);
        await scratch.admin.query('DROP TABLE IF EXISTS t');
        await scratch.admin.query(`CREATE TABLE t (${kinds.map((kind, i) => columnSql(names[i]!, kind)).join(', ')})`);
        for (const row of rows) {
          await scratch.admin.query(`INSERT INTO t VALUES (${row.map(() => '?').join(', ')})`, row);
        }
        const parts: ProbeKeyPart[] = [];
        const keySql: string[] = [];
        let modifySql = '';
        for (const [position, index] of keyColumns.entries()) {
          const kind = kinds[index]!;
          const prefix = kind.type === 'INT' ? undefined : prefixes[position];
          const part: ProbeKeyPart = { column: names[index]!, ...(prefix !== undefined ? { prefixLength: prefix } : {}) };
          if (newCollationPick !== undefined && modifySql === '' && (kind.type === 'VARCHAR' || kind.type === 'CHAR')) {
            const choices = COLLATIONS[kind.charset];
            const collation = choices[newCollationPick % choices.length]!;
            modifySql = `MODIFY ${columnSql(names[index]!, kind, collation)}, `;
            part.after = {
              type: { name: kind.type, length: kind.length, unsigned: false },
              nullable: true,
              charset: kind.charset,
              collation,
            };
          }
          parts.push(part);
          keySql.push(`${names[index]}${prefix !== undefined ? `(${prefix})` : ''}`);
        }
        const addKey = primary ? `ADD PRIMARY KEY (${keySql.join(', ')})` : `ADD UNIQUE KEY k (${keySql.join(', ')})`;
        const result = await probeUniqueKey(session, {
          table: { name: 't' },
          keyName: primary ? 'PRIMARY' : 'k',
          primary,
          parts,
        });
        const actual = await runOnCopy(scratch.admin, 't', (copy) => `ALTER TABLE ${copy} ${modifySql}${addKey}`);
        if (actual.outcome !== 'other-error' || result.outcome === 'other-error') counted[actual.outcome] += 1;
        expect(
          { predicted: result.outcome, reason: result.evidence.reason, query: result.evidence.query, actual },
          `ALTER TABLE t ${modifySql}${addKey} over ${JSON.stringify(rows)} (probe: ${result.outcome}, ${result.evidence.reason ?? 'no reason'})`,
        ).toMatchObject({ predicted: actual.outcome });
      }),
      { numRuns: 200 },
    );
    console.info(`probe/ALTER agreement over 200 runs: ${JSON.stringify(counted)}`);
    // The generator must exercise both verdicts, or the property proves little.
    expect(counted.duplicates).toBeGreaterThan(10);
    expect(counted["no-duplicates"]).toBeGreaterThan(10);
  }, 180_000);

  it('reads an index that starts with the key columns and agrees with the sort path and the ALTER, for 150 random tables', async () => {
    const indexed = fc
      .array(columnKind, { minLength: 1, maxLength: 3 })
      .chain((kinds) =>
        fc.record({
          kinds: fc.constant(kinds),
          rows: fc.array(fc.tuple(...kinds.map(valueFor)), { minLength: 0, maxLength: 14 }),
          keyColumns: fc.shuffledSubarray(
            kinds.map((_, i) => i),
            { minLength: 1 },
          ),
          /** The index lists the key columns in this order, then maybe the other columns. */
          indexOrder: fc.shuffledSubarray(
            kinds.map((_, i) => i),
            { minLength: kinds.length, maxLength: kinds.length },
          ),
          wider: fc.boolean(),
        }),
      );
    const counted = { index: 0, duplicates: 0, 'no-duplicates': 0, atLeast: 0 };
    await fc.assert(
      fc.asyncProperty(indexed, async ({ kinds, rows, keyColumns, indexOrder, wider }) => {
        const names = kinds.map((_, i) => `c${i}`);
        const keySet = new Set(keyColumns);
        const indexColumns = [...indexOrder.filter((i) => keySet.has(i)), ...(wider ? indexOrder.filter((i) => !keySet.has(i)) : [])];
        await scratch.admin.query('DROP TABLE IF EXISTS t');
        await scratch.admin.query(
          `CREATE TABLE t (${kinds.map((kind, i) => columnSql(names[i]!, kind)).join(', ')}, KEY ix (${indexColumns.map((i) => names[i]).join(', ')}))`,
        );
        for (const row of rows) await scratch.admin.query(`INSERT INTO t VALUES (${row.map(() => '?').join(', ')})`, row);
        const key = { table: { name: 't' }, keyName: 'k', primary: false, parts: keyColumns.map((i) => ({ column: names[i]! })) };
        const viaIndex = await probeUniqueKey(session, key, { countRowsBelow: 0 });
        const viaSort = await probeUniqueKey(session, key, { indexPath: false, countRowsBelow: 0 });
        const actual = await runOnCopy(scratch.admin, 't', (copy) => `ALTER TABLE ${copy} ADD UNIQUE KEY k (${keyColumns.map((i) => names[i]).join(', ')})`);
        const label = `KEY ix (${indexColumns.map((i) => names[i]).join(', ')}), UNIQUE (${keyColumns.map((i) => names[i]).join(', ')}) over ${JSON.stringify(rows)}`;
        expect(viaIndex.evidence.reason, label).toContain('read in the order of the index `ix`');
        expect({ predicted: viaIndex.outcome, actual }, label).toMatchObject({ predicted: actual.outcome });
        expect(viaSort.outcome, label).toBe(viaIndex.outcome);
        if (viaIndex.evidence.duplicateGroupsAtLeast) {
          counted.atLeast += 1;
          expect(viaSort.evidence.duplicateGroups!, label).toBeGreaterThan(5);
        } else {
          // The same groups: their number and sizes agree (which row's spelling stands for a
          // group, 'a' or 'A' under a _ci collation, and the order of equal sizes may differ).
          const sizes = (samples: { count: number }[] | undefined): number[] => (samples ?? []).map((sample) => sample.count).sort((a, b) => b - a);
          expect({ groups: viaIndex.evidence.duplicateGroups, sizes: sizes(viaIndex.evidence.samples) }, label).toEqual({
            groups: viaSort.evidence.duplicateGroups,
            sizes: sizes(viaSort.evidence.samples),
          });
        }
        // Every sample is a real group of the table with its true size, as the server compares.
        for (const sample of viaIndex.evidence.samples ?? []) {
          const [[found]] = (await scratch.admin.query(
            `SELECT COUNT(*) AS n FROM t WHERE ${keyColumns.map((i) => `${names[i]} = ?`).join(' AND ')}`,
            sample.values,
          )) as unknown as [[{ n: number }]];
          expect(Number(found.n), `${label}: sample ${JSON.stringify(sample)}`).toBe(sample.count);
        }
        counted.index += 1;
        if (actual.outcome !== 'other-error') counted[actual.outcome] += 1;
      }),
      { numRuns: 150 },
    );
    console.info(`index path / sort path / ALTER agreement over 150 runs: ${JSON.stringify(counted)}`);
    expect(counted.duplicates).toBeGreaterThan(10);
    expect(counted['no-duplicates']).toBeGreaterThan(10);
  }, 180_000);
});
