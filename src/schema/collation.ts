/**
 * Facts about character sets and collations that decide whether two string values are equal in a
 * unique key: the default collation of a character set, case and accent sensitivity, the PAD
 * attribute, and whether changing a column's collation can make distinct values equal.
 *
 * Sources: MySQL 8.0 manual 10.2 "Character Sets and Collations in MySQL", 10.3.1 "Collation
 * Naming Conventions", 10.8.5 "The binary Collation Compared to _bin Collations", 10.10 "Supported
 * Character Sets and Collations" (`SHOW CHARACTER SET` defaults, `PAD_ATTRIBUTE`); MariaDB
 * "Supported Character Sets and Collations" and "Setting Character Sets and Collations".
 *
 * All functions are pure, accept names in any letter case, and never throw.
 */
import type { Dialect } from '../rule.js';

/**
 * Default collation of each character set on MySQL 8.0 / 8.4 (`SHOW CHARACTER SET`, column
 * `Default collation`). Since MySQL 8.0.30 the `utf8` alias means `utf8mb3` and its collations are
 * reported as `utf8mb3_*`.
 */
const MYSQL_DEFAULT_COLLATIONS: Readonly<Record<string, string>> = {
  armscii8: 'armscii8_general_ci',
  ascii: 'ascii_general_ci',
  big5: 'big5_chinese_ci',
  binary: 'binary',
  cp1250: 'cp1250_general_ci',
  cp1251: 'cp1251_general_ci',
  cp1256: 'cp1256_general_ci',
  cp1257: 'cp1257_general_ci',
  cp850: 'cp850_general_ci',
  cp852: 'cp852_general_ci',
  cp866: 'cp866_general_ci',
  cp932: 'cp932_japanese_ci',
  dec8: 'dec8_swedish_ci',
  eucjpms: 'eucjpms_japanese_ci',
  euckr: 'euckr_korean_ci',
  gb18030: 'gb18030_chinese_ci',
  gb2312: 'gb2312_chinese_ci',
  gbk: 'gbk_chinese_ci',
  geostd8: 'geostd8_general_ci',
  greek: 'greek_general_ci',
  hebrew: 'hebrew_general_ci',
  hp8: 'hp8_english_ci',
  keybcs2: 'keybcs2_general_ci',
  koi8r: 'koi8r_general_ci',
  koi8u: 'koi8u_general_ci',
  latin1: 'latin1_swedish_ci',
  latin2: 'latin2_general_ci',
  latin5: 'latin5_turkish_ci',
  latin7: 'latin7_general_ci',
  macce: 'macce_general_ci',
  macroman: 'macroman_general_ci',
  sjis: 'sjis_japanese_ci',
  swe7: 'swe7_swedish_ci',
  tis620: 'tis620_thai_ci',
  ucs2: 'ucs2_general_ci',
  ujis: 'ujis_japanese_ci',
  utf16: 'utf16_general_ci',
  utf16le: 'utf16le_general_ci',
  utf32: 'utf32_general_ci',
  utf8mb3: 'utf8mb3_general_ci',
  utf8mb4: 'utf8mb4_0900_ai_ci',
};

/**
 * Default collation of each character set on MariaDB 10.6 – 11.x when `character_set_collations`
 * is not set. MariaDB has no gb18030 before 11.x; from 11.6 a fresh server maps utf8mb4 to
 * `utf8mb4_uca1400_ai_ci` through `character_set_collations` (pass that as the model's
 * `defaultCollation` when linting for such a server).
 */
const MARIADB_DEFAULT_COLLATIONS: Readonly<Record<string, string>> = {
  ...MYSQL_DEFAULT_COLLATIONS,
  utf8mb4: 'utf8mb4_general_ci',
};

/** Every character-set name either server knows, longest first so prefix matching is greedy. */
const KNOWN_CHARSETS: readonly string[] = [...Object.keys(MYSQL_DEFAULT_COLLATIONS), 'utf8'].sort(
  (left, right) => right.length - left.length,
);

/**
 * Folds a character-set name to the name the server reports: lower case, `utf8` → `utf8mb3`
 * (MySQL 8.0.30+ and MariaDB 10.6+ report `utf8` as `utf8mb3`), `utf-8`-style spellings are not
 * accepted by the server and are returned lower-cased unchanged.
 */
export function normalizeCharset(charset: string): string {
  const lower = charset.trim().toLowerCase();
  return lower === 'utf8' ? 'utf8mb3' : lower;
}

/**
 * Folds a collation name to the name the server reports: lower case, `utf8_` prefix →
 * `utf8mb3_` (MySQL 8.0.30+, MariaDB 10.6+).
 */
export function normalizeCollation(collation: string): string {
  const lower = collation.trim().toLowerCase();
  return lower.startsWith('utf8_') ? `utf8mb3_${lower.slice('utf8_'.length)}` : lower;
}

/**
 * The default collation of `charset` on `dialect` (MySQL 8.0/8.4 or MariaDB 10.6–11.x), e.g.
 * `utf8mb4` → `utf8mb4_0900_ai_ci` on MySQL and `utf8mb4_general_ci` on MariaDB, `latin1` →
 * `latin1_swedish_ci`, `binary` → `binary`. Undefined for an unknown character set.
 * (MySQL 8.0 manual 10.10 "Supported Character Sets and Collations"; MariaDB "Supported Character
 * Sets and Collations".)
 */
export function defaultCollationForCharset(charset: string, dialect: Dialect): string | undefined {
  const table = dialect === 'mariadb' ? MARIADB_DEFAULT_COLLATIONS : MYSQL_DEFAULT_COLLATIONS;
  return table[normalizeCharset(charset)];
}

/**
 * The `_bin` collation of a character set (`ascii` → `ascii_bin`, `utf8mb4` → `utf8mb4_bin`,
 * `binary` → `binary`): what the `BINARY` column attribute selects (MySQL 8.0 manual 13.3.1
 * "String Data Type Syntax": "BINARY ... causes the binary (_bin) collation of the column
 * character set to be used"; MariaDB "Character Sets and Collations").
 */
export function binaryCollationOf(charset: string): string {
  const name = normalizeCharset(charset);
  return name === 'binary' ? 'binary' : `${name}_bin`;
}

/**
 * The character set a collation belongs to: the known character-set name the collation name
 * starts with (`utf8mb4_unicode_ci` → `utf8mb4`, `utf8_bin` → `utf8mb3`, `binary` → `binary`).
 * Undefined when no known character set prefixes it, e.g. MariaDB 11.5+ character-set-independent
 * names such as `uca1400_ai_ci`. (Collation names start with their character set: MySQL 8.0
 * manual 10.3.1 "Collation Naming Conventions".)
 */
export function charsetOfCollation(collation: string): string | undefined {
  const name = normalizeCollation(collation);
  if (name === 'binary') return 'binary';
  for (const charset of KNOWN_CHARSETS) {
    if (name.startsWith(`${charset}_`)) return normalizeCharset(charset);
  }
  return undefined;
}

/** How a collation compares letters; see `caseSensitivity`. */
export interface CollationSensitivity {
  /** Whether `'a'` and `'A'` are different values. */
  caseSensitive: boolean;
  /** Whether `'e'` and `'é'` are different values. */
  accentSensitive: boolean;
  /** True for `binary` and `*_bin` collations: every code point (or byte) compares as itself. */
  binary: boolean;
  /** False when the name follows no known naming convention; the other fields then assume sensitive. */
  known: boolean;
}

/**
 * Case and accent sensitivity of a collation, read from its name (MySQL 8.0 manual 10.3.1
 * "Collation Naming Conventions"): `_ci` is case-insensitive, `_cs` case-sensitive, `_ai` / `_as`
 * state accent sensitivity, and a name with neither `_ai` nor `_as` is accent-insensitive when
 * `_ci` and accent-sensitive when `_cs` (so `utf8mb4_general_ci` and `utf8mb4_unicode_ci` fold
 * accents, and `utf8mb4_0900_ai_ci` folds both). `binary` and `_bin` collations are sensitive to
 * both. Unknown names report `known: false` and sensitive.
 */
export function caseSensitivity(collation: string): CollationSensitivity {
  const name = normalizeCollation(collation);
  const suffixes = name.split('_').slice(1);
  if (name === 'binary' || suffixes.includes('bin')) {
    return { caseSensitive: true, accentSensitive: true, binary: true, known: true };
  }
  const ci = suffixes.includes('ci');
  const cs = suffixes.includes('cs');
  if (!ci && !cs) return { caseSensitive: true, accentSensitive: true, binary: false, known: false };
  const accentSensitive = suffixes.includes('as') ? true : suffixes.includes('ai') ? false : cs;
  return { caseSensitive: cs, accentSensitive, binary: false, known: true };
}

/** The PAD attribute of a collation (`information_schema.COLLATIONS.PAD_ATTRIBUTE`). */
export type PadAttribute = 'PAD SPACE' | 'NO PAD';

/**
 * Whether trailing spaces are ignored in comparisons. NO PAD exactly when the name is `binary`,
 * contains `_0900_` (MySQL 8.0 UCA 9.0.0 collations) or contains `nopad` (MariaDB `*_nopad_*`);
 * every other collation, including `utf8mb4_bin`, is PAD SPACE. (MySQL 8.0 manual 10.8.5 and
 * 10.10.1 "Unicode Character Sets", "Trailing space handling"; MariaDB "Character Sets and
 * Collations", NO PAD collations.) Verified on MariaDB 10.11 for general_ci, bin, uca1400 and the
 * nopad variants.
 */
export function padAttribute(collation: string): PadAttribute {
  const name = normalizeCollation(collation);
  return name === 'binary' || name.includes('_0900_') || name.includes('nopad') ? 'NO PAD' : 'PAD SPACE';
}

/** `utf8mb3_x` → `utf8mb4_x` keeps the collation rules (same weights; utf8mb3 has no supplementary characters). */
function isLosslessWidening(from: string, fromCharset: string, to: string, toCharset: string): boolean {
  return (
    fromCharset === 'utf8mb3' &&
    toCharset === 'utf8mb4' &&
    from.slice(fromCharset.length) === to.slice(toCharset.length)
  );
}

/** A collation name without its sensitivity and PAD tokens: `utf8mb4_0900_ai_ci` → `utf8mb4_0900`. */
function collationFamily(name: string): string {
  const ignored = new Set(['ai', 'as', 'ci', 'cs', 'ks', 'nopad']);
  return name
    .split('_')
    .filter((token) => !ignored.has(token))
    .join('_');
}

/**
 * Why values that are distinct under collation `from` can become equal under collation `to`, or
 * undefined when they cannot. A change merges values when it goes
 * - from `binary` to any non-binary collation,
 * - to a different character set (except `utf8mb3_x` → `utf8mb4_x` with the same rules),
 * - from case-sensitive to case-insensitive, or accent-sensitive to accent-insensitive,
 * - from NO PAD to PAD SPACE (`'a'` and `'a '` become equal),
 * - between two different non-binary collations with other weights or expansions (e.g.
 *   `utf8mb4_general_ci` → `utf8mb4_unicode_ci`: `'ß'` equals `'ss'` only in the latter), or
 * - between different names that follow no known convention.
 * A change to a `_bin` collation of the same character set, or to a more sensitive variant of
 * the same collation family (`utf8mb4_0900_ai_ci` → `utf8mb4_0900_as_cs`), never merges values
 * beyond the PAD rule. Sources: MySQL 8.0 manual 10.3.1, 10.8.5; live-verified cases such as
 * `latin1_bin` → `latin1_swedish_ci` and `utf8mb4_general_ci` → `utf8mb4_unicode_ci` failing with
 * ERROR 1062 on MariaDB 10.11.
 */
export function collationChangeMergeReason(from: string, to: string): string | undefined {
  const fromName = normalizeCollation(from);
  const toName = normalizeCollation(to);
  if (fromName === toName) return undefined;
  const fromCharset = charsetOfCollation(fromName);
  const toCharset = charsetOfCollation(toName);
  if (fromName === 'binary') {
    return `${fromName} → ${toName}: byte strings that differ only in letter case, accents or encoding can become equal`;
  }
  if (fromCharset && toCharset && isLosslessWidening(fromName, fromCharset, toName, toCharset)) return undefined;
  const before = caseSensitivity(fromName);
  const after = caseSensitivity(toName);
  if (fromCharset !== toCharset) {
    const lost = before.known && after.known
      ? before.caseSensitive && !after.caseSensitive
        ? 'values that differ only in letter case become equal, and '
        : before.accentSensitive && !after.accentSensitive
          ? 'values that differ only in accents become equal, and '
          : ''
      : '';
    return `${fromName} → ${toName}: ${lost}converting to another character set can map distinct characters to the same value`;
  }
  if (before.known && after.known) {
    if (before.caseSensitive && !after.caseSensitive) {
      return `${fromName} → ${toName}: values that differ only in letter case become equal`;
    }
    if (before.accentSensitive && !after.accentSensitive) {
      return `${fromName} → ${toName}: values that differ only in accents become equal`;
    }
  }
  if (padAttribute(fromName) === 'NO PAD' && padAttribute(toName) === 'PAD SPACE') {
    return `${fromName} → ${toName}: values that differ only in trailing spaces become equal (PAD SPACE)`;
  }
  if (after.binary) return undefined;
  if (before.known && after.known && collationFamily(fromName) === collationFamily(toName)) return undefined;
  if (!before.known || !after.known) {
    return `${fromName} → ${toName}: the comparison rules of these collations are not known, so values may become equal`;
  }
  return `${fromName} → ${toName}: the collations weigh characters differently (e.g. 'ß' and 'ss'), so distinct values can become equal`;
}

/**
 * True when values distinct under collation `from` can be equal under collation `to`; see
 * `collationChangeMergeReason` for the cases and sources.
 */
export function canCollationChangeMergeValues(from: string, to: string): boolean {
  return collationChangeMergeReason(from, to) !== undefined;
}
