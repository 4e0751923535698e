/**
 * Comparing literal values the way a unique key does, for literal INSERT rows.
 *
 * Two rows collide in a unique key when every key part is non-NULL and equal under that part's
 * comparison (MySQL 8.0 manual 15.1.15 "CREATE INDEX", "Unique Indexes"). This module turns a
 * literal (src/statement.ts `ValueLiteral`) into a comparison key for one key part, covering the
 * common cases:
 * - NULL never collides;
 * - integer columns compare numerically (`'7'`, `7`, `07`, `7.0` are one value; a fraction is
 *   rounded half away from zero, as storing it does); DECIMAL, FLOAT and DOUBLE compare as
 *   decimal numbers;
 * - nonbinary strings follow the column's collation: case-insensitive (`_ci`) collations fold
 *   letter case, accent-insensitive ones (`_ai`, and `_ci` without `_as`) fold accents, PAD SPACE
 *   collations and CHAR columns ignore trailing spaces (MySQL 8.0 manual 10.3.1 "Collation Naming
 *   Conventions", 10.8.5, 13.3.2 "The CHAR and VARCHAR Types");
 * - a prefix key part compares the first n characters (bytes for binary strings);
 * - binary strings and other types compare as written.
 * Expression values (function calls, variables, hexadecimal literals) are not compared.
 *
 * Folding uses Unicode lower-casing and canonical decomposition, which agrees with the server's
 * general and UCA collations for Latin, Greek and Cyrillic letters; expansions such as 'ß' = 'ss'
 * (unicode_ci) are not modelled, so a few collisions go unseen but none is invented for those.
 */
import type { KeyPart, ValueLiteral } from '../statement.js';
import type { ColumnState } from '../schema/types.js';
import { caseSensitivity, padAttribute } from '../schema/collation.js';
import { isBinaryStringType, isDecimalType, isFloatingPointType, isIntegerType, isNonBinaryStringType } from '../schema/data-types.js';

/** What a comparison key is: NULL (never collides), a value, or unknown (not compared). */
export type PartValue = { kind: 'null' } | { kind: 'value'; key: string } | { kind: 'unknown' };

const DECIMAL_TEXT = /^\s*([+-]?)(\d*)(?:\.(\d*))?(?:e([+-]?\d+))?\s*$/i;

/** A decimal number as canonical text: no leading or trailing zeros, no `+`, `-0` → `0`. Undefined when not a number. */
export function canonicalDecimal(text: string): string | undefined {
  const match = DECIMAL_TEXT.exec(text);
  if (!match) return undefined;
  const [, sign = '', whole = '', fraction = '', exponentText] = match;
  if (whole === '' && fraction === '') return undefined;
  let digits = whole + fraction;
  let point = whole.length + (exponentText ? Number(exponentText) : 0);
  if (!Number.isFinite(point) || Math.abs(point) > 400) return undefined;
  const firstNonZero = digits.search(/[1-9]/);
  if (firstNonZero === -1) return '0';
  digits = digits.slice(firstNonZero);
  point -= firstNonZero;
  digits = digits.replace(/0+$/, '');
  let text2: string;
  if (point <= 0) text2 = `0.${'0'.repeat(-point)}${digits}`;
  else if (point >= digits.length) text2 = digits + '0'.repeat(point - digits.length);
  else text2 = `${digits.slice(0, point)}.${digits.slice(point)}`;
  return (sign === '-' ? '-' : '') + text2;
}

/** A canonical decimal rounded to an integer, half away from zero. */
function roundToInteger(canonical: string): string {
  const negative = canonical.startsWith('-');
  const body = negative ? canonical.slice(1) : canonical;
  const [whole = '0', fraction = ''] = body.split('.');
  let value = BigInt(whole === '' ? '0' : whole);
  if (fraction !== '' && fraction.charCodeAt(0) >= 53 /* '5' */) value += 1n;
  if (value === 0n) return '0';
  return (negative ? '-' : '') + value.toString();
}

/** The text a literal stands for when stored in a string column; undefined for expressions. */
function literalText(value: ValueLiteral): string | undefined {
  switch (value.kind) {
    case 'string':
      return value.value;
    case 'number':
      return value.text;
    case 'boolean':
      return value.value ? '1' : '0';
    default:
      return undefined;
  }
}

/** Characters of `text`, counted as the server counts characters (code points). */
function firstCharacters(text: string, count: number): string {
  const characters = Array.from(text);
  return characters.length <= count ? text : characters.slice(0, count).join('');
}

/**
 * The comparison key of `value` in key part `part` over `column`. Pure; never throws.
 *
 * @param column the column's state (type, collation); undefined when the model does not know it,
 *   in which case only NULL and exact text are told apart.
 */
export function keyPartValue(value: ValueLiteral, column: ColumnState | undefined, part: KeyPart): PartValue {
  if (value.kind === 'null') return { kind: 'null' };
  if (value.kind === 'expression') return { kind: 'unknown' };
  const typeName = column?.type.name ?? '';
  if (isIntegerType(typeName)) {
    const canonical = canonicalDecimal(literalText(value) ?? '');
    return canonical === undefined ? { kind: 'unknown' } : { kind: 'value', key: roundToInteger(canonical) };
  }
  if (isDecimalType(typeName) || isFloatingPointType(typeName)) {
    const canonical = canonicalDecimal(literalText(value) ?? '');
    return canonical === undefined ? { kind: 'unknown' } : { kind: 'value', key: canonical };
  }
  const text = literalText(value);
  if (text === undefined) return { kind: 'unknown' };
  if (isBinaryStringType(typeName)) {
    let bytes = Buffer.from(text, 'utf8');
    if (part.prefixLength !== undefined) bytes = bytes.subarray(0, part.prefixLength);
    return { kind: 'value', key: bytes.toString('latin1') };
  }
  if (isNonBinaryStringType(typeName)) {
    let key = part.prefixLength !== undefined ? firstCharacters(text, part.prefixLength) : text;
    const collation = column?.collation;
    const padSpace = typeName.toUpperCase() === 'CHAR' || (collation !== undefined && padAttribute(collation) === 'PAD SPACE');
    if (padSpace) key = key.replace(/ +$/, '');
    if (collation) {
      const sensitivity = caseSensitivity(collation);
      if (sensitivity.known && !sensitivity.binary) {
        if (!sensitivity.accentSensitive) key = key.normalize('NFD').replace(/\p{M}/gu, '').normalize('NFC');
        if (!sensitivity.caseSensitive) key = key.toLowerCase();
      }
    }
    return { kind: 'value', key };
  }
  return { kind: 'value', key: text };
}

/** How two raw texts that compare equal differ, for messages; undefined when they are identical. */
export function equalityNote(left: string, right: string, column: ColumnState | undefined): string | undefined {
  if (left === right) return undefined;
  const collation = column?.collation;
  const reasons: string[] = [];
  if (left.replace(/ +$/, '') === right.replace(/ +$/, '')) reasons.push('trailing spaces, which a PAD SPACE collation (or a CHAR column) ignores');
  else if (left.toLowerCase() === right.toLowerCase()) reasons.push('letter case');
  else if (left.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase() === right.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()) reasons.push('accents');
  else return `they are equal as ${column?.type.name ?? 'values'} (numbers compare by value, a prefix key part by its first characters)`;
  return `they differ only in ${reasons.join(' and ')}${collation ? ` under ${collation}` : ''}`;
}
