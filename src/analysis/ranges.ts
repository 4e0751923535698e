/**
 * Maps parts of a statement to source ranges for diagnostics.
 *
 * Offsets inside `StatementUnit.sql` equal file offsets minus `unit.startOffset` only when
 * `unit.exactOffsets` is true (see src/statement.ts); for dynamic SQL the statement's own range is
 * the best position there is.
 */
import type { SourceRange } from '../diagnostic.js';
import type { RuleContext } from '../rule.js';
import type { SqlSpan } from '../statement.js';

/**
 * The file range of `[start, end)` given as offsets into the statement's `sql`, or undefined
 * (meaning: use the statement's range) when the span is unknown, empty or out of bounds, or the
 * unit's offsets are not exact.
 */
export function statementSpanRange(context: RuleContext, span: SqlSpan | undefined): SourceRange | undefined {
  const unit = context.statement.unit;
  if (!span || !unit.exactOffsets) return undefined;
  const length = unit.endOffset - unit.startOffset;
  if (!(span.start >= 0 && span.end > span.start && span.end <= length)) return undefined;
  return context.rangeOf(unit.startOffset + span.start, unit.startOffset + span.end);
}
