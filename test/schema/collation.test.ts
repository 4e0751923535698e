import { describe, expect, it } from 'vitest';
import {
  canCollationChangeMergeValues,
  caseSensitivity,
  charsetOfCollation,
  collationChangeMergeReason,
  defaultCollationForCharset,
  normalizeCharset,
  padAttribute,
} from '../../src/schema/collation.js';

describe('defaultCollationForCharset', () => {
  it.each([
    ['utf8mb4', 'mysql', 'utf8mb4_0900_ai_ci'],
    ['UTF8MB4', 'mariadb', 'utf8mb4_general_ci'],
    ['latin1', 'mysql', 'latin1_swedish_ci'],
    ['latin1', 'mariadb', 'latin1_swedish_ci'],
    ['utf8', 'mysql', 'utf8mb3_general_ci'],
    ['utf8mb3', 'mariadb', 'utf8mb3_general_ci'],
    ['binary', 'mysql', 'binary'],
    ['ascii', 'mariadb', 'ascii_general_ci'],
    ['latin5', 'mysql', 'latin5_turkish_ci'],
    ['sjis', 'mysql', 'sjis_japanese_ci'],
  ] as const)('%s on %s → %s', (charset, dialect, expected) => {
    expect(defaultCollationForCharset(charset, dialect)).toBe(expected);
  });

  it('is undefined for an unknown character set', () => {
    expect(defaultCollationForCharset('klingon', 'mysql')).toBeUndefined();
    expect(normalizeCharset(' UTF8 ')).toBe('utf8mb3');
  });
});

/**
 * One row per collation: charset, case-sensitive, accent-sensitive, binary, PAD attribute.
 * Sources: MySQL 8.0 manual 10.3.1 naming conventions, SHOW COLLATION PAD_ATTRIBUTE; MariaDB
 * nopad collations.
 */
const COLLATIONS: [string, string | undefined, boolean, boolean, boolean, 'PAD SPACE' | 'NO PAD'][] = [
  ['utf8mb4_0900_ai_ci', 'utf8mb4', false, false, false, 'NO PAD'],
  ['utf8mb4_0900_as_ci', 'utf8mb4', false, true, false, 'NO PAD'],
  ['utf8mb4_0900_as_cs', 'utf8mb4', true, true, false, 'NO PAD'],
  ['utf8mb4_0900_bin', 'utf8mb4', true, true, true, 'NO PAD'],
  ['utf8mb4_general_ci', 'utf8mb4', false, false, false, 'PAD SPACE'],
  ['utf8mb4_unicode_ci', 'utf8mb4', false, false, false, 'PAD SPACE'],
  ['utf8mb4_unicode_520_ci', 'utf8mb4', false, false, false, 'PAD SPACE'],
  ['utf8mb4_bin', 'utf8mb4', true, true, true, 'PAD SPACE'],
  ['utf8mb4_general_nopad_ci', 'utf8mb4', false, false, false, 'NO PAD'],
  ['utf8mb4_nopad_bin', 'utf8mb4', true, true, true, 'NO PAD'],
  ['utf8mb4_uca1400_ai_ci', 'utf8mb4', false, false, false, 'PAD SPACE'],
  ['utf8mb4_uca1400_nopad_as_cs', 'utf8mb4', true, true, false, 'NO PAD'],
  ['utf8_general_ci', 'utf8mb3', false, false, false, 'PAD SPACE'],
  ['utf8mb3_bin', 'utf8mb3', true, true, true, 'PAD SPACE'],
  ['latin1_swedish_ci', 'latin1', false, false, false, 'PAD SPACE'],
  ['latin1_general_cs', 'latin1', true, true, false, 'PAD SPACE'],
  ['latin1_bin', 'latin1', true, true, true, 'PAD SPACE'],
  ['ascii_general_ci', 'ascii', false, false, false, 'PAD SPACE'],
  ['utf16le_general_ci', 'utf16le', false, false, false, 'PAD SPACE'],
  ['utf16_bin', 'utf16', true, true, true, 'PAD SPACE'],
  ['binary', 'binary', true, true, true, 'NO PAD'],
  ['uca1400_ai_ci', undefined, false, false, false, 'PAD SPACE'],
];

describe('collation facts', () => {
  it.each(COLLATIONS)('%s', (collation, charset, caseSensitive, accentSensitive, binary, pad) => {
    expect(charsetOfCollation(collation)).toBe(charset);
    expect(charsetOfCollation(collation.toUpperCase())).toBe(charset);
    expect(caseSensitivity(collation)).toEqual({ caseSensitive, accentSensitive, binary, known: true });
    expect(padAttribute(collation)).toBe(pad);
    expect(padAttribute(collation.toUpperCase())).toBe(pad);
  });

  it('reports unknown naming conventions as not known and sensitive', () => {
    expect(caseSensitivity('weird_collation')).toEqual({ caseSensitive: true, accentSensitive: true, binary: false, known: false });
    expect(charsetOfCollation('weird_collation')).toBeUndefined();
  });
});

describe('canCollationChangeMergeValues', () => {
  it.each([
    // from, to, merges
    ['utf8mb4_bin', 'utf8mb4_general_ci', true], // case-sensitive → insensitive
    ['latin1_bin', 'latin1_swedish_ci', true], // 'y' = 'ü'
    ['utf8mb4_0900_as_cs', 'utf8mb4_0900_ai_ci', true],
    ['utf8mb4_0900_as_ci', 'utf8mb4_0900_ai_ci', true], // accent-sensitive → insensitive
    ['utf8mb4_0900_ai_ci', 'utf8mb4_general_ci', true], // NO PAD → PAD SPACE
    ['utf8mb4_0900_bin', 'utf8mb4_bin', true], // NO PAD → PAD SPACE
    ['utf8mb4_general_nopad_ci', 'utf8mb4_general_ci', true],
    ['binary', 'utf8mb4_bin', true], // binary → non-binary
    ['utf8mb4_general_ci', 'latin1_swedish_ci', true], // different charsets
    ['utf8mb4_general_ci', 'utf8mb4_unicode_ci', true], // 'ß' = 's' vs 'ß' = 'ss'
    ['weird_a', 'weird_b', true], // unknown collations
    ['utf8mb4_general_ci', 'utf8mb4_general_ci', false],
    ['UTF8MB4_GENERAL_CI', 'utf8mb4_general_ci', false],
    ['utf8_general_ci', 'utf8mb3_general_ci', false], // alias
    ['utf8mb3_unicode_ci', 'utf8mb4_unicode_ci', false], // lossless widening
    ['utf8mb3_bin', 'utf8mb4_bin', false],
    ['utf8mb4_general_ci', 'utf8mb4_bin', false], // insensitive → binary
    ['utf8mb4_0900_ai_ci', 'utf8mb4_0900_bin', false],
    ['utf8mb4_0900_ai_ci', 'utf8mb4_0900_as_cs', false], // more sensitive, same family
    ['utf8mb4_bin', 'utf8mb4_0900_bin', false], // PAD SPACE → NO PAD
    ['utf8mb4_general_ci', 'utf8mb4_general_nopad_ci', false],
  ] as const)('%s → %s merges: %s', (from, to, merges) => {
    expect(canCollationChangeMergeValues(from, to)).toBe(merges);
    const reason = collationChangeMergeReason(from, to);
    if (merges) expect(reason).toMatch(/ → .*: /);
    else expect(reason).toBeUndefined();
  });

  it('names the kind of merge in the reason', () => {
    expect(collationChangeMergeReason('utf8mb4_bin', 'utf8mb4_general_ci')).toContain('letter case');
    expect(collationChangeMergeReason('utf8mb4_0900_as_ci', 'utf8mb4_0900_ai_ci')).toContain('accents');
    expect(collationChangeMergeReason('utf8mb4_0900_ai_ci', 'utf8mb4_general_ci')).toContain('trailing spaces');
    expect(collationChangeMergeReason('utf8mb4_general_ci', 'latin1_swedish_ci')).toContain('character set');
  });
});
