/**
 * Applying suggested fixes (`Diagnostic.fix`) to source text.
 *
 * A fix replaces the file text `[startOffset, endOffset)` (0-based UTF-16 offsets, exclusive end,
 * as in src/diagnostic.ts) with `text`. Fixes are taken in the order given; a fix whose range
 * overlaps one already taken, or touches the same insertion point, is skipped and reported, never
 * merged, so that the result is always what each applied fix alone would have written. A fix whose
 * range lies outside the text is skipped too.
 */
import type { Diagnostic, SuggestedFix } from '../diagnostic.js';

/** Why a fix was not applied. */
export type SkipReason = 'overlaps an earlier fix' | 'range outside the file' | 'not marked safe';

/** A fix that was not applied, with the diagnostic it belongs to when known. */
export interface SkippedFix {
  fix: SuggestedFix;
  reason: SkipReason;
  diagnostic?: Diagnostic;
}

/** The outcome of applying fixes to one text. */
export interface FixOutcome {
  /** The text with the applied fixes. */
  text: string;
  /** Fixes applied, in the order given. */
  applied: SuggestedFix[];
  skipped: SkippedFix[];
}

/**
 * Two ranges conflict when they share a character, when both insert at the same point, or when
 * one inserts strictly inside the text the other replaces. An insertion at either edge of a
 * replacement does not conflict: it lands before or after the new text.
 */
function conflicts(a: SuggestedFix['range'], b: SuggestedFix['range']): boolean {
  const aEmpty = a.startOffset === a.endOffset;
  const bEmpty = b.startOffset === b.endOffset;
  if (aEmpty && bEmpty) return a.startOffset === b.startOffset;
  if (aEmpty) return b.startOffset < a.startOffset && a.startOffset < b.endOffset;
  if (bEmpty) return a.startOffset < b.startOffset && b.startOffset < a.endOffset;
  return a.startOffset < b.endOffset && b.startOffset < a.endOffset;
}

/**
 * Applies `fixes` to `text`: the first of two overlapping fixes wins and the other is skipped.
 * Pure; never throws.
 */
export function applyFixes(text: string, fixes: readonly SuggestedFix[]): FixOutcome {
  const accepted: SuggestedFix[] = [];
  const skipped: SkippedFix[] = [];
  for (const fix of fixes) {
    const { startOffset, endOffset } = fix.range;
    if (!(Number.isInteger(startOffset) && Number.isInteger(endOffset) && startOffset >= 0 && endOffset >= startOffset && endOffset <= text.length)) {
      skipped.push({ fix, reason: 'range outside the file' });
      continue;
    }
    if (accepted.some((taken) => conflicts(taken.range, fix.range))) {
      skipped.push({ fix, reason: 'overlaps an earlier fix' });
      continue;
    }
    accepted.push(fix);
  }
  const ordered = [...accepted].sort((a, b) => b.range.startOffset - a.range.startOffset || b.range.endOffset - a.range.endOffset);
  let result = text;
  for (const fix of ordered) result = result.slice(0, fix.range.startOffset) + fix.text + result.slice(fix.range.endOffset);
  return { text: result, applied: accepted, skipped };
}

/**
 * Applies the fixes of `diagnostics` that are marked safe (`fix.safe`), in diagnostic order, to
 * `text`; unsafe fixes are listed as skipped with reason `not marked safe`. Pure; never throws.
 */
export function applySafeFixes(text: string, diagnostics: readonly Diagnostic[]): FixOutcome & { skipped: SkippedFix[] } {
  const safe: SuggestedFix[] = [];
  const owner = new Map<SuggestedFix, Diagnostic>();
  const skipped: SkippedFix[] = [];
  for (const diagnostic of diagnostics) {
    if (!diagnostic.fix) continue;
    owner.set(diagnostic.fix, diagnostic);
    if (diagnostic.fix.safe) safe.push(diagnostic.fix);
    else skipped.push({ fix: diagnostic.fix, reason: 'not marked safe', diagnostic });
  }
  const outcome = applyFixes(text, safe);
  for (const entry of outcome.skipped) {
    const diagnostic = owner.get(entry.fix);
    skipped.push(diagnostic ? { ...entry, diagnostic } : entry);
  }
  return { text: outcome.text, applied: outcome.applied, skipped };
}
