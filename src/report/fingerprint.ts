/**
 * Stable identities of findings that survive edits elsewhere in a file.
 *
 * A finding is identified by its rule id, its file and a hash of the flagged text with blanks
 * collapsed and letters lower-cased, not by its line number: adding a statement above it, or
 * re-indenting it, leaves the identity unchanged. When the same rule flags the same text more
 * than once in a file, an occurrence counter (1, 2, ...) in file order tells the findings apart.
 *
 * Used by the baseline (src/baseline), SARIF `partialFingerprints` (key `uniqlint/findingHash/v1`) and
 * GitLab Code Quality fingerprints.
 */
import type { Diagnostic } from '../diagnostic.js';

/** Most characters of flagged text that are hashed (a multi-megabyte INSERT stays cheap). */
const MAX_HASHED_CHARS = 65_536;

/** The identity of one finding in its file. */
export interface FindingIdentity {
  ruleId: string;
  file: string;
  /** 16 hex digits of SHA-256 over the rule id and the normalised flagged text. */
  textHash: string;
  /** 1 for the first finding with this rule, file and text hash, 2 for the next, ... */
  occurrence: number;
}

/** Collapses blank runs to one space, trims, lower-cases. */
export function normaliseStatementText(text: string): string {
  return text.replace(/\s+/g, ' ').trim().toLowerCase();
}

/** The text a diagnostic flags; for an empty range, the rest of its line. */
export function flaggedText(fileText: string, diagnostic: Diagnostic): string {
  const { start, end } = diagnostic.range;
  if (end.offset > start.offset) return fileText.slice(start.offset, Math.min(end.offset, start.offset + MAX_HASHED_CHARS));
  const lineEnd = fileText.indexOf('\n', start.offset);
  return fileText.slice(start.offset, lineEnd === -1 ? Math.min(fileText.length, start.offset + 200) : Math.min(lineEnd, start.offset + 200));
}

/** SHA-256 of `parts` joined by NUL, as `length` hex digits. */
export function hashParts(parts: readonly string[], length = 16): string {
  // node:crypto loads on first use: most runs never hash (no baseline, SARIF or GitLab output).
  return process.getBuiltinModule('node:crypto').createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, length);
}

/**
 * The identities of a file's diagnostics, in the order given (which should be file order, as the
 * engine sorts them).
 */
export function identifyFindings(file: string, fileText: string, diagnostics: readonly Diagnostic[]): FindingIdentity[] {
  const seen = new Map<string, number>();
  return diagnostics.map((diagnostic) => {
    const textHash = hashParts([diagnostic.ruleId, normaliseStatementText(flaggedText(fileText, diagnostic))]);
    const key = `${diagnostic.ruleId}\u0000${textHash}`;
    const occurrence = (seen.get(key) ?? 0) + 1;
    seen.set(key, occurrence);
    return { ruleId: diagnostic.ruleId, file, textHash, occurrence };
  });
}
