/**
 * The order in which a migration's statements take effect, shared by everything that replays a
 * file: the lint engine and live mode's reading of which tables a file touches.
 */
import type { SplitResult, StatementUnit } from '../statement.js';
import { resolveDynamicSql } from '../split/dynamic-sql.js';

/**
 * Yields every statement unit of a split file in execution order: each top-level statement, then
 * the leaf statements of its stored-program body (a migration defines a procedure in order to
 * call it), and right after any `PREPARE` the SQL it prepares (dynamic SQL resolved from string
 * literals, see src/split/dynamic-sql.ts).
 *
 * @param text the file text the units were split from.
 */
export function* unitsInExecutionOrder(split: SplitResult, text: string): Generator<StatementUnit> {
  const everyUnit: StatementUnit[] = [];
  for (const unit of split.statements) {
    everyUnit.push(unit);
    for (const inner of unit.bodyStatements) everyUnit.push(inner);
  }
  // An expression too deep to follow adds a problem to the split, reported with the others.
  const dynamic = resolveDynamicSql(everyUnit, text, split.problems);
  function* withPrepared(unit: StatementUnit): Generator<StatementUnit> {
    yield unit;
    for (const prepared of dynamic.get(unit) ?? []) yield* withPrepared(prepared);
  }
  for (const unit of everyUnit) yield* withPrepared(unit);
}
