import { describe, expect, it } from 'vitest';
import {
  canTypeChangeMergeValues,
  formatDataType,
  integerRange,
  isBinaryStringType,
  isIntegerType,
  isNonBinaryStringType,
  isStringType,
  isTextOrBlobType,
  maxStringLength,
  typeChangeMergeReason,
} from '../../src/schema/data-types.js';
import type { DataType } from '../../src/statement.js';

function t(text: string): DataType {
  const match = /^(\w+)(?:\((\d+)(?:,(\d+))?\))?( UNSIGNED)?$/.exec(text);
  if (!match) throw new Error(`bad type ${text}`);
  const type: DataType = { name: match[1]!, unsigned: match[4] !== undefined };
  if (match[2] !== undefined) type.length = Number(match[2]);
  if (match[3] !== undefined) type.scale = Number(match[3]);
  return type;
}

describe('integer ranges', () => {
  it.each([
    ['TINYINT', -128n, 127n],
    ['TINYINT UNSIGNED', 0n, 255n],
    ['SMALLINT', -32768n, 32767n],
    ['SMALLINT UNSIGNED', 0n, 65535n],
    ['MEDIUMINT', -8388608n, 8388607n],
    ['MEDIUMINT UNSIGNED', 0n, 16777215n],
    ['INT', -2147483648n, 2147483647n],
    ['INT UNSIGNED', 0n, 4294967295n],
    ['BIGINT', -9223372036854775808n, 9223372036854775807n],
    ['BIGINT UNSIGNED', 0n, 18446744073709551615n],
  ])('%s', (text, min, max) => {
    expect(integerRange(t(text))).toEqual({ min, max });
  });

  it('is undefined for other types', () => {
    expect(integerRange(t('DECIMAL(10,2)'))).toBeUndefined();
    expect(isIntegerType('int')).toBe(true);
    expect(isIntegerType('FLOAT')).toBe(false);
  });
});

describe('string type families', () => {
  it.each([
    ['CHAR', true, false, false],
    ['VARCHAR', true, false, false],
    ['TEXT', true, false, true],
    ['LONGTEXT', true, false, true],
    ['ENUM', true, false, false],
    ['BINARY', false, true, false],
    ['VARBINARY', false, true, false],
    ['BLOB', false, true, true],
    ['INT', false, false, false],
    ['JSON', false, false, false],
  ])('%s: non-binary %s, binary %s, text/blob %s', (name, nonBinary, binary, lob) => {
    expect(isNonBinaryStringType(name)).toBe(nonBinary);
    expect(isBinaryStringType(name)).toBe(binary);
    expect(isStringType(name)).toBe(nonBinary || binary);
    expect(isTextOrBlobType(name)).toBe(lob);
  });

  it('knows the maximum lengths', () => {
    expect(maxStringLength(t('CHAR'))).toBe(1);
    expect(maxStringLength(t('VARCHAR(40)'))).toBe(40);
    expect(maxStringLength(t('TINYTEXT'))).toBe(255);
    expect(maxStringLength(t('TEXT'))).toBe(65535);
    expect(maxStringLength(t('INT'))).toBeUndefined();
  });

  it('formats types as SQL', () => {
    expect(formatDataType(t('VARCHAR(255)'))).toBe('VARCHAR(255)');
    expect(formatDataType(t('DECIMAL(6,2)'))).toBe('DECIMAL(6,2)');
    expect(formatDataType(t('INT UNSIGNED'))).toBe('INT UNSIGNED');
    expect(formatDataType({ name: 'DATETIME', scale: 3, unsigned: false })).toBe('DATETIME(3)');
    expect(formatDataType({ name: 'ENUM', values: ["a'b", 'c'], unsigned: false })).toBe("ENUM('a''b','c')");
  });
});

describe('canTypeChangeMergeValues', () => {
  it.each([
    ['VARCHAR(255)', 'VARCHAR(100)', /values that differ only after character 100 become equal/],
    ['CHAR(10)', 'CHAR(4)', /after character 4/],
    ['VARBINARY(16)', 'VARBINARY(8)', /after byte 8/],
    ['BINARY(16)', 'BINARY(8)', /after byte 8/],
    ['TEXT', 'VARCHAR(191)', /after character 191/],
    ['MEDIUMTEXT', 'TEXT', /after character 65535/],
    ['VARBINARY(4)', 'BINARY(4)', /0x00/],
    ['DATETIME(6)', 'DATETIME(3)', /fractional seconds/],
    ['TIMESTAMP(3)', 'TIMESTAMP', /fractional seconds/],
    ['TIME(2)', 'TIME(0)', /fractional seconds/],
    ['TIMESTAMP', 'DATETIME', /time zone/],
    ['DATETIME', 'TIMESTAMP', /1970–2038/],
    ['DATETIME', 'DATE', /time of day/],
    ['DECIMAL(6,2)', 'DECIMAL(6,1)', /rounded to 1 decimal digits/],
    ['DECIMAL(10,2)', 'DECIMAL(6,2)', /integer digits/],
    ['DECIMAL(10,2)', 'INT', /whole numbers/],
    ['FLOAT', 'INT', /rounded/],
    ['DOUBLE', 'DECIMAL(10,2)', /rounded/],
    ['DOUBLE', 'FLOAT', /single precision/],
    ['INT', 'TINYINT', /outside -128\.\.127 clip/],
    ['BIGINT', 'INT', /clip/],
    ['INT', 'INT UNSIGNED', /outside 0\.\.4294967295 clip/],
    ['INT UNSIGNED', 'INT', /clip/],
    ['INT', 'DECIMAL(5,0)', /integer digits/],
    ['INT', 'VARCHAR(5)', /truncated/],
    ['VARCHAR(20)', 'INT', /converted to a number/],
    ['CHAR(3)', 'DECIMAL(10,2)', /converted to a number/],
    ['VARCHAR(20)', 'ENUM', /not members/],
  ])('%s → %s merges', (from, to, reason) => {
    expect(canTypeChangeMergeValues({ type: t(from) }, { type: t(to) })).toBe(true);
    const text = typeChangeMergeReason({ type: t(from) }, { type: t(to) });
    expect(text).toMatch(reason);
    expect(text?.startsWith(`${formatDataType(t(from))} → ${formatDataType(t(to))}: `)).toBe(true);
  });

  it.each([
    ['VARCHAR(100)', 'VARCHAR(255)'],
    ['VARCHAR(100)', 'VARCHAR(100)'],
    ['VARCHAR(100)', 'TEXT'],
    ['CHAR(10)', 'VARCHAR(10)'],
    ['DATETIME(3)', 'DATETIME(6)'],
    ['DATE', 'DATETIME'],
    ['DECIMAL(6,1)', 'DECIMAL(8,2)'],
    ['TINYINT', 'INT'],
    ['INT UNSIGNED', 'BIGINT'],
    ['INT', 'BIGINT'],
    ['INT', 'DECIMAL(12,0)'],
    ['INT', 'VARCHAR(11)'],
    ['INT', 'DOUBLE'],
    ['FLOAT', 'DOUBLE'],
    ['INT', 'VARCHAR(20)'],
  ])('%s → %s keeps values distinct', (from, to) => {
    expect(canTypeChangeMergeValues({ type: t(from) }, { type: t(to) })).toBe(false);
    expect(typeChangeMergeReason({ type: t(from) }, { type: t(to) })).toBeUndefined();
  });

  it('VARCHAR → CHAR merges only under a NO PAD collation (CHAR strips trailing spaces)', () => {
    expect(canTypeChangeMergeValues({ type: t('VARCHAR(10)'), collation: 'utf8mb4_0900_ai_ci' }, { type: t('CHAR(10)') })).toBe(true);
    expect(canTypeChangeMergeValues({ type: t('VARCHAR(10)'), collation: 'utf8mb4_general_ci' }, { type: t('CHAR(10)') })).toBe(false);
  });

  it('ENUM losing members merges; adding members does not', () => {
    const enumOf = (...values: string[]): DataType => ({ name: 'ENUM', values, unsigned: false });
    expect(typeChangeMergeReason({ type: enumOf('a', 'b', 'c') }, { type: enumOf('a', 'b') })).toMatch(/'c'/);
    expect(canTypeChangeMergeValues({ type: enumOf('a', 'b') }, { type: enumOf('a', 'b', 'c') })).toBe(false);
  });
});
