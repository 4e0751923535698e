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
  // The accepted fixes by start (then end): pairwise free of conflicts, so their ends ascend too
  // and only the neighbours of an insertion point can conflict with a new fix (O(log n) a fix).
  const byStart: SuggestedFix[] = [];
  const skipped: SkippedFix[] = [];
  for (const fix of fixes) {
    const { startOffset, endOffset } = fix.range;
    if (!(Number.isInteger(startOffset) && Number.isInteger(endOffset) && startOffset >= 0 && endOffset >= startOffset && endOffset <= text.length)) {
      skipped.push({ fix, reason: 'range outside the file' });
      continue;
    }
    const at = insertionPoint(byStart, fix.range);
    let conflict = false;
    for (let i = at - 1; i >= 0 && byStart[i]!.range.endOffset >= startOffset && !conflict; i--) conflict = conflicts(byStart[i]!.range, fix.range);
    for (let i = at; i < byStart.length && byStart[i]!.range.startOffset <= endOffset && !conflict; i++) conflict = conflicts(byStart[i]!.range, fix.range);
    if (conflict) {
      skipped.push({ fix, reason: 'overlaps an earlier fix' });
      continue;
    }
    accepted.push(fix);
    if (at === byStart.length) byStart.push(fix);
    else byStart.splice(at, 0, fix);
  }
  // Same-start fixes: the one ending first comes first (an insertion lands before a replacement).
  const parts: string[] = [];
  let position = 0;
  for (const fix of byStart) {
    parts.push(text.slice(position, fix.range.startOffset), fix.text);
    position = fix.range.endOffset;
  }
  parts.push(text.slice(position));
  return { text: parts.join(''), applied: accepted, skipped };
}

/** Index where `range` goes in `sorted` (ordered by start, then end): after every smaller one. */
function insertionPoint(sorted: readonly SuggestedFix[], range: SuggestedFix['range']): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const other = sorted[middle]!.range;
    if (other.startOffset < range.startOffset || (other.startOffset === range.startOffset && other.endOffset <= range.endOffset)) low = middle + 1;
    else high = middle;
  }
  return low;
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
