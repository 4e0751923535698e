import { describe, expect, it, vi } from 'vitest';
import { PARSER_SIZE_LIMIT, analyzeStatement } from '../../src/parse/analyze.js';
import { parseValueText } from '../../src/parse/bulk-insert.js';
import { analyse, irOf, unitOf } from './unit.js';

const parserCalls = vi.hoisted(() => ({ count: 0 }));
vi.mock('../../src/parse/parser.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/parse/parser.js')>();
  return {
    ...original,
    parseWithNodeSqlParser: (...args: Parameters<typeof original.parseWithNodeSqlParser>) => {
      parserCalls.count++;
      return original.parseWithNodeSqlParser(...args);
    },
  };
});

describe('bulk INSERT fast path', () => {
  it('reads the head: verb, modifiers, IGNORE, table, PARTITION, columns, row alias, ON DUPLICATE KEY UPDATE', () => {
    const before = parserCalls.count;
    const analysed = analyse('INSERT LOW_PRIORITY IGNORE INTO `db`.`t` PARTITION (p1, p2) (`a`, b) VALUES (1, 2), (3, 4) AS new (x, y) ON DUPLICATE KEY UPDATE a = new.x');
    expect(parserCalls.count).toBe(before);
    expect(analysed.parse).toEqual({ status: 'recognised', by: 'bulk-insert' });
    if (analysed.ir.kind !== 'insert') throw new Error(analysed.ir.kind);
    expect(analysed.ir).toMatchObject({ verb: 'insert', ignore: true, table: { schema: 'db', name: 't' }, columns: ['a', 'b'], source: 'values', onDuplicateKeyUpdate: true });
    expect(analysed.ir.rows!.count).toBe(2);
  });

  it('reads REPLACE DELAYED ... VALUE and no column list', () => {
    const ir = irOf("REPLACE DELAYED t VALUE ('x')", 'insert');
    expect(ir).toMatchObject({ verb: 'replace', ignore: false, table: { name: 't' }, source: 'values', onDuplicateKeyUpdate: false });
    expect(ir.columns).toBeUndefined();
    expect([...ir.rows!.read()]).toEqual([[{ kind: 'string', value: 'x' }]]);
  });

  it('parses values on demand: strings unescaped, numbers, NULL, booleans, expressions', () => {
    const sql = String.raw`INSERT INTO t VALUES ('it''s', 'a\'b\\c\nd', -12.50, 1e3, NULL, TRUE, false, NOW(), 0xFF, _latin1'x', (1 + 2), 'a,b', '(x)', X'0A', ''), ()`;
    const ir = irOf(sql, 'insert');
    expect(ir.rows!.count).toBe(2);
    const [first, second] = [...ir.rows!.read()];
    expect(first).toEqual([
      { kind: 'string', value: "it's" },
      { kind: 'string', value: "a'b\\c\nd" },
      { kind: 'number', text: '-12.50' },
      { kind: 'number', text: '1e3' },
      { kind: 'null' },
      { kind: 'boolean', value: true },
      { kind: 'boolean', value: false },
      { kind: 'expression', text: 'NOW()' },
      { kind: 'expression', text: '0xFF' },
      { kind: 'string', value: 'x', charsetIntroducer: 'latin1' },
      { kind: 'expression', text: '(1 + 2)' },
      { kind: 'string', value: 'a,b' },
      { kind: 'string', value: '(x)' },
      { kind: 'expression', text: "X'0A'" },
      { kind: 'string', value: '' },
    ]);
    expect(second).toEqual([]);
  });

  it('re-reads rows on every iteration', () => {
    const rows = irOf('INSERT INTO t VALUES (1), (2), (3)', 'insert').rows!;
    const read = () => [...rows.read()].map((row) => (row[0]?.kind === 'number' ? row[0].text : '?'));
    expect(read()).toEqual(['1', '2', '3']);
    expect(read()).toEqual(['1', '2', '3']);
  });

  it('keeps escapes of \\% and \\_ as the server does', () => {
    expect(parseValueText(String.raw`'50\% off\_x'`, 0, 13)).toEqual({ kind: 'string', value: String.raw`50\% off\_x` });
  });

  it('falls through on heads it does not know, without losing the statement', () => {
    const analysed = analyse('INSERT INTO t VALUES ROW(1, 2), ROW(3, 4)');
    expect(analysed.parse.status === 'recognised' && analysed.parse.by === 'bulk-insert').toBe(false);
    expect(analysed.ir.kind).toBe('insert');
  });

  it('handles a 5 MB statement quickly and without node-sql-parser', () => {
    const rowCount = 70_000;
    const rows: string[] = [];
    for (let index = 0; index < rowCount; index++) rows.push(`(${index},'name ${index} it''s \\'quoted\\' (x), y',${index % 7 === 0 ? 'NULL' : index * 1.5},'2024-01-01 00:00:00')`);
    const sql = `INSERT INTO \`big\` (\`id\`, \`name\`, \`score\`, \`at\`) VALUES ${rows.join(',\n')}`;
    expect(sql.length).toBeGreaterThan(5_000_000);
    const before = parserCalls.count;
    const started = performance.now();
    const analysed = analyzeStatement(unitOf(sql), 'mysql');
    const elapsed = performance.now() - started;
    expect(parserCalls.count).toBe(before);
    expect(analysed.parse).toEqual({ status: 'recognised', by: 'bulk-insert' });
    if (analysed.ir.kind !== 'insert') throw new Error(analysed.ir.kind);
    expect(analysed.ir.rows!.count).toBe(rowCount);
    // Counting rows is one character scan: well under a second even on a loaded machine.
    expect(elapsed).toBeLessThan(1000);
    let seen = 0;
    let last: unknown;
    for (const row of analysed.ir.rows!.read()) {
      seen++;
      last = row;
    }
    expect(seen).toBe(rowCount);
    expect(last).toEqual([
      { kind: 'number', text: String(rowCount - 1) },
      { kind: 'string', value: `name ${rowCount - 1} it's 'quoted' (x), y` },
      { kind: 'number', text: String((rowCount - 1) * 1.5) },
      { kind: 'string', value: '2024-01-01 00:00:00' },
    ]);
  });

  it('does not give node-sql-parser statements beyond its size limit', () => {
    const ids = Array.from({ length: 60_000 }, (_, index) => index).join(', ');
    // The multi-table form: a single-table DELETE would not reach the parser at any size.
    const sql = `DELETE sessions FROM sessions WHERE id IN (${ids})`;
    expect(sql.length).toBeGreaterThan(PARSER_SIZE_LIMIT);
    const before = parserCalls.count;
    const analysed = analyzeStatement(unitOf(sql), 'mysql');
    expect(parserCalls.count).toBe(before);
    expect(analysed.parse).toEqual({ status: 'recognised', by: 'token-fallback' });
    expect(analysed.ir).toEqual({ kind: 'delete', tables: [{ name: 'sessions' }], hasWhere: true, hasLimit: false });
  });
});
