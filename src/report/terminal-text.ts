/**
 * Text from a migration file made safe to print on a terminal. A file can hold any character,
 * and copied raw to a terminal, an ESC starts an escape sequence (colours, cursor moves, window
 * titles, OSC 8 links), a lone CR overwrites the line, and bidirectional overrides reorder what
 * is shown ("Trojan Source", CVE-2021-42574). Each such character becomes one visible character
 * of the same UTF-16 length, so lines and columns (and the carets of code frames) stay exact:
 * C0 controls as their Unicode control pictures (U+2400 ... U+241F, ESC as ␛), DEL as ␡, C1
 * controls and bidirectional controls as U+FFFD. Tab and line breaks (`\n`, `\r\n`) are kept.
 */
import type { FileLintResult } from '../engine/lint.js';

// C0 except tab and LF, a CR not before LF, DEL, C1, and the bidirectional embeddings, overrides and isolates.
const UNSAFE = /[\u0000-\u0008\u000b-\u000c\u000e-\u001f\u007f\u0080-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]|\r(?!\n)/g;

function visible(character: string): string {
  const code = character.charCodeAt(0);
  if (code < 0x20) return String.fromCharCode(0x2400 + code);
  if (code === 0x7f) return '\u2421';
  return '\ufffd';
}

/** `text` with every unsafe character replaced by a visible one of the same length. */
export function escapeForTerminal(text: string): string {
  return text.replace(UNSAFE, visible);
}

/** A file result whose path, text, messages (headline, notes and help) and live evidence (reason, sample values) are safe to print (`escapeForTerminal`). */
export function fileForTerminal(file: FileLintResult): FileLintResult {
  return {
    ...file,
    path: escapeForTerminal(file.path),
    text: escapeForTerminal(file.text),
    diagnostics: file.diagnostics.map((diagnostic) => {
      const safe = { ...diagnostic, message: escapeForTerminal(diagnostic.message) };
      if (diagnostic.notes) safe.notes = diagnostic.notes.map(escapeForTerminal);
      if (diagnostic.help) safe.help = diagnostic.help.map(escapeForTerminal);
      // Live evidence carries values read from the database, which can hold any character too.
      if (diagnostic.live) {
        const live = { ...diagnostic.live };
        if (live.reason !== undefined) live.reason = escapeForTerminal(live.reason);
        if (live.samples) live.samples = live.samples.map((sample) => ({ ...sample, values: sample.values.map((value) => (typeof value === 'string' ? escapeForTerminal(value) : value)) }));
        if (live.plan) {
          const text = (value: string | null): string | null => (value === null ? null : escapeForTerminal(value));
          live.plan = live.plan.map((plan) => ({
            ...plan,
            query: escapeForTerminal(plan.query),
            steps: plan.steps.map((step) => ({ ...step, table: text(step.table), key: text(step.key), possibleKeys: text(step.possibleKeys), extra: text(step.extra) })),
            ...(plan.error !== undefined ? { error: escapeForTerminal(plan.error) } : {}),
          }));
        }
        safe.live = live;
      }
      return safe;
    }),
  };
}
