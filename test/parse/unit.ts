/** Builds statement units from SQL text for the parser adapter's tests. */
import { LineIndex } from '../../src/diagnostic.js';
import { analyzeStatement } from '../../src/parse/analyze.js';
import type { Dialect } from '../../src/rule.js';
import type { AnalyzedStatement, StatementIR, StatementOrigin, StatementUnit } from '../../src/statement.js';

/** A top-level unit whose `sql` is `sql` itself, at offset 0. */
export function unitOf(sql: string, origin: StatementOrigin = 'top-level'): StatementUnit {
  const lines = new LineIndex(sql);
  return {
    index: 0,
    origin,
    startOffset: 0,
    endOffset: sql.length,
    range: lines.range(0, sql.length),
    sql,
    exactOffsets: origin !== 'dynamic-sql',
    delimiter: ';',
    leadingComments: [],
    bodyStatements: [],
  };
}

/** Analyses `sql` as one top-level unit. */
export function analyse(sql: string, dialect: Dialect = 'mysql'): AnalyzedStatement {
  return analyzeStatement(unitOf(sql), dialect);
}

/** The IR of `sql`, narrowed to `kind` (throws when the kind differs, failing the test). */
export function irOf<K extends StatementIR['kind']>(sql: string, kind: K, dialect: Dialect = 'mysql'): Extract<StatementIR, { kind: K }> {
  const { ir } = analyse(sql, dialect);
  if (ir.kind !== kind) throw new Error(`expected ${kind}, got ${ir.kind}: ${JSON.stringify(ir)}`);
  return ir as Extract<StatementIR, { kind: K }>;
}
