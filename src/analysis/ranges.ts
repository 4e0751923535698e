/**
 * Maps parts of a statement to source ranges for diagnostics.
 *
 * Offsets inside `StatementUnit.sql` equal file offsets minus `unit.startOffset` only when
 * `unit.exactOffsets` is true (see src/statement.ts); a unit read out of shell quoting maps each
 * character through `unit.fileOffsets`; for dynamic SQL the statement's own range is the best
 * position there is.
 */
import type { SourceRange } from '../diagnostic.js';
import type { RuleContext } from '../rule.js';
import type { SqlSpan } from '../statement.js';

/**
 * The file range of `[start, end)` given as offsets into the statement's `sql`, or undefined
 * (meaning: use the statement's range) when the span is unknown, empty or out of bounds, or the
 * unit's offsets are neither exact nor mapped (`fileOffsets`).
 */
export function statementSpanRange(context: RuleContext, span: SqlSpan | undefined): SourceRange | undefined {
  const unit = context.statement.unit;
  if (!span) return undefined;
  if (!unit.exactOffsets) {
    const offsets = unit.fileOffsets;
    if (!offsets || !(span.start >= 0 && span.end > span.start && span.end <= offsets.length)) return undefined;
    const start = offsets[span.start]!;
    const end = offsets[span.end - 1]! + 1;
    return end > start ? context.rangeOf(start, end) : undefined;
  }
  const length = unit.endOffset - unit.startOffset;
  if (!(span.start >= 0 && span.end > span.start && span.end <= length)) return undefined;
  return context.rangeOf(unit.startOffset + span.start, unit.startOffset + span.end);
}
