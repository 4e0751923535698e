/**
 * The part of `sql_mode` a file sets for itself that rules care about: NO_AUTO_VALUE_ON_ZERO,
 * which makes an explicit 0 in an AUTO_INCREMENT column a stored value instead of a request for
 * the next one (MySQL 8.0 manual 7.1.11 "Server SQL Modes"). mysqldump output sets it at the top
 * of every dump (`/*!40101 SET SQL_MODE='NO_AUTO_VALUE_ON_ZERO' *\/`).
 */
import type { RuleContext } from '../rule.js';

const STATE_KEY = 'sql-mode:no-auto-value-on-zero';

/**
 * Records, in the file's rule store, whether a `SET ... sql_mode ...` statement turns
 * NO_AUTO_VALUE_ON_ZERO on or off. Call it from every rule that reads `noAutoValueOnZero`; it is
 * idempotent. Never throws.
 */
export function trackSqlMode(context: RuleContext): void {
  const { ir, unit } = context.statement;
  if (ir.kind !== 'inert' || !/^SET\b/i.test(ir.what) || !context.fileState) return;
  if (!/sql_mode/i.test(unit.sql)) return;
  context.fileState.set(STATE_KEY, /NO_AUTO_VALUE_ON_ZERO/i.test(unit.sql));
}

/** True when an earlier statement of the file set sql_mode with NO_AUTO_VALUE_ON_ZERO. */
export function noAutoValueOnZero(context: RuleContext): boolean {
  return context.fileState?.get(STATE_KEY) === true;
}
