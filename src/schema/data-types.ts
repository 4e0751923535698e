/**
 * Facts about MySQL/MariaDB data types that decide whether values can collide in a unique key:
 * integer ranges, the string type families, and whether a column type change can make distinct
 * values equal (truncation, rounding, clipping, conversion).
 *
 * Sources: MySQL 8.0 manual 13.1.2 "Integer Types (Exact Value)", 13.1.3 "Fixed-Point Types",
 * 13.2.6 "Fractional Seconds in Time Values", 13.3 "String Data Types", 13.3.2 "The CHAR and
 * VARCHAR Types", 13.3.3 "The BINARY and VARBINARY Types", 13.7 "Data Type Storage Requirements";
 * MariaDB "Data Types". All functions are pure and never throw. Type names are upper case, as the
 * statement IR gives them (`DataType.name`); lower-case names are accepted too.
 */
import type { DataType } from '../statement.js';
import { padAttribute } from './collation.js';

/** An inclusive range of integers. */
export interface IntegerRange {
  min: bigint;
  max: bigint;
}

/** Signed and unsigned ranges of each integer type (MySQL 8.0 manual 13.1.2, Table 13.1). */
export const INTEGER_RANGES: Readonly<Record<string, { signed: IntegerRange; unsigned: IntegerRange }>> = {
  TINYINT: { signed: { min: -128n, max: 127n }, unsigned: { min: 0n, max: 255n } },
  SMALLINT: { signed: { min: -32768n, max: 32767n }, unsigned: { min: 0n, max: 65535n } },
  MEDIUMINT: { signed: { min: -8388608n, max: 8388607n }, unsigned: { min: 0n, max: 16777215n } },
  INT: { signed: { min: -2147483648n, max: 2147483647n }, unsigned: { min: 0n, max: 4294967295n } },
  BIGINT: {
    signed: { min: -9223372036854775808n, max: 9223372036854775807n },
    unsigned: { min: 0n, max: 18446744073709551615n },
  },
};

/** Maximum length of the TEXT and BLOB types, in bytes (MySQL 8.0 manual 13.7, string storage). */
const LOB_MAX_BYTES: Readonly<Record<string, number>> = {
  TINYTEXT: 255,
  TEXT: 65535,
  MEDIUMTEXT: 16777215,
  LONGTEXT: 4294967295,
  TINYBLOB: 255,
  BLOB: 65535,
  MEDIUMBLOB: 16777215,
  LONGBLOB: 4294967295,
};

const NONBINARY_STRING_TYPES = new Set(['CHAR', 'VARCHAR', 'TINYTEXT', 'TEXT', 'MEDIUMTEXT', 'LONGTEXT', 'ENUM', 'SET']);
const BINARY_STRING_TYPES = new Set(['BINARY', 'VARBINARY', 'TINYBLOB', 'BLOB', 'MEDIUMBLOB', 'LONGBLOB']);
const TEMPORAL_TYPES = new Set(['DATE', 'TIME', 'DATETIME', 'TIMESTAMP', 'YEAR']);
const FLOATING_TYPES = new Set(['FLOAT', 'DOUBLE', 'REAL', 'DOUBLE PRECISION']);

function upper(name: string): string {
  return name.trim().toUpperCase();
}

/** True for TINYINT, SMALLINT, MEDIUMINT, INT and BIGINT (the IR folds INTEGER, INT1..INT8, BOOL). */
export function isIntegerType(name: string): boolean {
  return upper(name) in INTEGER_RANGES;
}

/**
 * The range of values an integer type holds, as bigint; undefined for non-integer types.
 * `TINYINT` → -128..127, `TINYINT UNSIGNED` → 0..255, `INT` → -2147483648..2147483647.
 */
export function integerRange(type: Pick<DataType, 'name' | 'unsigned'>): IntegerRange | undefined {
  const ranges = INTEGER_RANGES[upper(type.name)];
  if (!ranges) return undefined;
  return type.unsigned ? ranges.unsigned : ranges.signed;
}

/** True for FLOAT and DOUBLE (approximate-value types, MySQL 8.0 manual 13.1.4). */
export function isFloatingPointType(name: string): boolean {
  return FLOATING_TYPES.has(upper(name));
}

/** True for DECIMAL (the IR folds DEC, NUMERIC, FIXED). */
export function isDecimalType(name: string): boolean {
  return upper(name) === 'DECIMAL';
}

/** True for integer, DECIMAL, FLOAT, DOUBLE and BIT types. */
export function isNumericType(name: string): boolean {
  return isIntegerType(name) || isDecimalType(name) || isFloatingPointType(name) || upper(name) === 'BIT';
}

/** True for DATE, TIME, DATETIME, TIMESTAMP and YEAR. */
export function isTemporalType(name: string): boolean {
  return TEMPORAL_TYPES.has(upper(name));
}

/**
 * True for the non-binary string types, which carry a character set and collation: CHAR,
 * VARCHAR, the TEXT types, ENUM and SET (MySQL 8.0 manual 13.3).
 */
export function isNonBinaryStringType(name: string): boolean {
  return NONBINARY_STRING_TYPES.has(upper(name));
}

/** True for BINARY, VARBINARY and the BLOB types, which compare byte by byte (MySQL 8.0 manual 13.3.3, 13.3.4). */
export function isBinaryStringType(name: string): boolean {
  return BINARY_STRING_TYPES.has(upper(name));
}

/** True for every string type, binary or not. */
export function isStringType(name: string): boolean {
  return isNonBinaryStringType(name) || isBinaryStringType(name);
}

/**
 * True for the TEXT and BLOB types, which need a prefix length in an index on MySQL (ERROR 1170)
 * and become a hash unique key without one on MariaDB 10.4+.
 */
export function isTextOrBlobType(name: string): boolean {
  return upper(name) in LOB_MAX_BYTES;
}

/**
 * The most characters (non-binary types) or bytes (binary types) a string type holds: the
 * declared length of CHAR/VARCHAR/BINARY/VARBINARY (1 when CHAR or BINARY omit it), the byte
 * limit of a TEXT or BLOB type. Undefined for other types or an unstated VARCHAR length.
 */
export function maxStringLength(type: Pick<DataType, 'name' | 'length'>): number | undefined {
  const name = upper(type.name);
  if (name === 'CHAR' || name === 'BINARY') return type.length ?? 1;
  if (name === 'VARCHAR' || name === 'VARBINARY') return type.length;
  return LOB_MAX_BYTES[name];
}

/**
 * The longest value an ENUM or SET column can hold, in characters: its longest member, or for a
 * SET all members joined by commas (MySQL 8.0 manual 13.3.5 "The ENUM Type", 13.3.6 "The SET
 * Type"). Undefined for other types or when the members are unknown.
 */
export function longestMemberValue(type: Pick<DataType, 'name' | 'values'>): number | undefined {
  const name = upper(type.name);
  if ((name !== 'ENUM' && name !== 'SET') || !type.values || type.values.length === 0) return undefined;
  const lengths = type.values.map((value) => [...value].length);
  if (name === 'ENUM') return Math.max(...lengths);
  return lengths.reduce((sum, length) => sum + length, 0) + type.values.length - 1;
}

/**
 * Fractional-seconds precision of a TIME, DATETIME or TIMESTAMP type (0 to 6, default 0). Reads
 * `scale` as the IR documents it, and falls back to `length`.
 */
export function fractionalSecondsPrecision(type: Pick<DataType, 'name' | 'length' | 'scale'>): number {
  return type.scale ?? type.length ?? 0;
}

/**
 * The type as SQL text: `VARCHAR(255)`, `DECIMAL(10,2)`, `INT UNSIGNED`, `DATETIME(3)`,
 * `ENUM('a','b')`.
 */
export function formatDataType(type: DataType): string {
  const name = upper(type.name);
  let text = name;
  if (type.values) {
    text += `(${type.values.map((value) => `'${value.replace(/'/g, "''")}'`).join(',')})`;
  } else if (TEMPORAL_TYPES.has(name) && name !== 'DATE' && name !== 'YEAR') {
    const precision = fractionalSecondsPrecision(type);
    if (precision > 0) text += `(${precision})`;
  } else if (type.length !== undefined) {
    text += type.scale !== undefined ? `(${type.length},${type.scale})` : `(${type.length})`;
  }
  if (type.unsigned) text += ' UNSIGNED';
  return text;
}

/** A column as far as type changes care: its data type and, for strings, its collation. */
export interface TypedColumn {
  type: DataType;
  collation?: string;
}

/** Decimal digits needed to write every value of an integer range, with a minus sign when negative. */
function integerWidth(range: IntegerRange): number {
  return Math.max(range.min.toString().length, range.max.toString().length);
}

/** DECIMAL(M,D) with the server defaults M = 10, D = 0 (MySQL 8.0 manual 13.1.3). */
function decimalShape(type: DataType): { precision: number; scale: number } {
  return { precision: type.length ?? 10, scale: type.scale ?? 0 };
}

/**
 * Why changing a column from `from` to `to` can make distinct values equal, or undefined when it
 * cannot. The reason reads like `VARCHAR(255) → VARCHAR(100): values that differ only after
 * character 100 become equal`. Cases (in strict mode most of them fail with ERROR 1265/1264
 * before any duplicate, in non-strict mode, or through copy tools using INSERT IGNORE, they merge
 * values and then fail with ERROR 1062):
 * - a shorter CHAR/VARCHAR/BINARY/VARBINARY, or TEXT/BLOB → a shorter string type (truncation,
 *   MySQL 8.0 manual 13.3.2);
 * - VARBINARY → BINARY (values are right-padded with 0x00, manual 13.3.3); VARCHAR → CHAR when the
 *   collation is NO PAD (CHAR strips trailing spaces, manual 13.3.2);
 * - fewer fractional-second digits on TIME/DATETIME/TIMESTAMP (rounding, or truncation on
 *   MariaDB, manual 13.2.6); TIMESTAMP → DATETIME (time-zone rendering around DST changes);
 *   DATETIME → TIMESTAMP (out-of-range values become zero, DST-gap times shift, manual 13.2.2);
 *   DATETIME/TIMESTAMP → DATE (time of day dropped);
 * - fewer DECIMAL scale digits (rounding) or fewer integer digits (clipping, manual 13.1.3);
 * - FLOAT/DOUBLE → an integer or DECIMAL, DOUBLE → FLOAT, DECIMAL → an integer (rounding);
 * - a narrower integer type or a change of signedness (values outside the range clip to its
 *   bounds, manual 13.1.7 "Out-of-Range and Overflow Handling");
 * - a string → a number (non-numeric text becomes 0), an integer → a string too short for it;
 * - an ENUM losing members, or a string → ENUM/SET (unknown values become '').
 */
export function typeChangeMergeReason(from: TypedColumn, to: TypedColumn): string | undefined {
  const before = from.type;
  const after = to.type;
  const fromName = upper(before.name);
  const toName = upper(after.name);
  const label = `${formatDataType(before)} → ${formatDataType(after)}`;

  if (isStringType(fromName) && (toName === 'ENUM' || toName === 'SET')) {
    if (fromName === toName && before.values && after.values) {
      const kept = new Set(after.values.map((value) => value.toLowerCase()));
      const lost = before.values.filter((value) => !kept.has(value.toLowerCase()));
      if (lost.length === 0) return undefined;
      return `${label}: rows holding removed members (${lost.map((value) => `'${value}'`).join(', ')}) all become ''`;
    }
    if (fromName !== toName) return `${label}: values that are not members become '' and equal each other`;
    return undefined;
  }

  if (isStringType(fromName) && isStringType(toName)) {
    const fromLength = maxStringLength(before) ?? longestMemberValue(before);
    const toLength = maxStringLength(after);
    if (toLength !== undefined && (fromLength === undefined || toLength < fromLength)) {
      const unit = isBinaryStringType(toName) ? 'byte' : 'character';
      return `${label}: values that differ only after ${unit} ${toLength} become equal`;
    }
    if (isBinaryStringType(fromName) && !isBinaryStringType(toName)) {
      return `${label}: the bytes are read as characters of the new character set, so values that differ only in case or accents (under a _ci or _ai collation), or in bytes the character set cannot hold ('?' in non-strict sql_mode), become equal`;
    }
    if (fromName === 'VARBINARY' && toName === 'BINARY') {
      return `${label}: values are right-padded with 0x00, so 'a' and 'a\\0' become equal`;
    }
    if (fromName === 'VARCHAR' && toName === 'CHAR') {
      const collation = to.collation ?? from.collation;
      if (collation && padAttribute(collation) === 'NO PAD') {
        return `${label}: CHAR strips trailing spaces, so values that differ only in trailing spaces become equal under ${collation}`;
      }
    }
    return undefined;
  }

  if (isTemporalType(fromName) && isTemporalType(toName)) {
    if (toName === 'DATE' && (fromName === 'DATETIME' || fromName === 'TIMESTAMP')) {
      return `${label}: the time of day is dropped, so values on the same day become equal`;
    }
    if (fromName === 'DATETIME' && toName === 'TIMESTAMP') {
      return `${label}: values outside 1970–2038 become zero in non-strict mode, and times in a daylight-saving gap shift, so distinct values can become equal`;
    }
    if (fromName === 'TIMESTAMP' && toName === 'DATETIME') {
      return `${label}: instants are rendered in the session time zone, so two instants around a daylight-saving change can become the same DATETIME`;
    }
    const fractional = new Set(['TIME', 'DATETIME', 'TIMESTAMP']);
    if (fractional.has(fromName) && fractional.has(toName)) {
      const fromDigits = fractionalSecondsPrecision(before);
      const toDigits = fractionalSecondsPrecision(after);
      if (toDigits < fromDigits) {
        return `${label}: fractional seconds are rounded (MySQL) or truncated (MariaDB) to ${toDigits} digits, so values that differ only there become equal`;
      }
    }
    return undefined;
  }

  if (isFloatingPointType(fromName)) {
    if (isIntegerType(toName) || isDecimalType(toName)) {
      return `${label}: approximate values are rounded, so values that differ only in their fraction become equal`;
    }
    if (fromName === 'DOUBLE' && toName === 'FLOAT') {
      return `${label}: double-precision values are rounded to single precision, so close values become equal`;
    }
    return undefined;
  }

  if (isDecimalType(fromName)) {
    if (isIntegerType(toName)) {
      return `${label}: values are rounded to whole numbers, so values that differ only in their fraction become equal`;
    }
    if (isDecimalType(toName)) {
      const fromShape = decimalShape(before);
      const toShape = decimalShape(after);
      if (toShape.scale < fromShape.scale) {
        return `${label}: values are rounded to ${toShape.scale} decimal digits, so values that differ only after that become equal`;
      }
      if (toShape.precision - toShape.scale < fromShape.precision - fromShape.scale) {
        return `${label}: values too large for ${toShape.precision - toShape.scale} integer digits clip to the largest value and become equal`;
      }
      if (!before.unsigned && after.unsigned) return `${label}: negative values clip to 0 and become equal`;
    }
    return undefined;
  }

  if (isIntegerType(fromName)) {
    const fromRange = integerRange(before);
    if (!fromRange) return undefined;
    if (isIntegerType(toName)) {
      const toRange = integerRange(after);
      if (toRange && (toRange.min > fromRange.min || toRange.max < fromRange.max)) {
        return `${label}: values outside ${toRange.min}..${toRange.max} clip to the nearest bound and become equal`;
      }
      return undefined;
    }
    if (isDecimalType(toName)) {
      const toShape = decimalShape(after);
      const digits = Math.max(fromRange.min.toString().replace('-', '').length, fromRange.max.toString().length);
      if (toShape.precision - toShape.scale < digits) {
        return `${label}: values too large for ${toShape.precision - toShape.scale} integer digits clip to the largest value and become equal`;
      }
      if (fromRange.min < 0n && after.unsigned) return `${label}: negative values clip to 0 and become equal`;
      return undefined;
    }
    if (toName === 'CHAR' || toName === 'VARCHAR' || toName === 'BINARY' || toName === 'VARBINARY') {
      const toLength = maxStringLength(after);
      if (toLength !== undefined && toLength < integerWidth(fromRange)) {
        return `${label}: numbers longer than ${toLength} characters are truncated, so values sharing their first ${toLength} characters become equal`;
      }
    }
    return undefined;
  }

  if (isStringType(fromName) && isNumericType(toName)) {
    return `${label}: text is converted to a number, so non-numeric values become 0 and '1.0' equals '1'`;
  }
  return undefined;
}

/**
 * True when changing a column's type from `from` to `to` can make distinct values equal; see
 * `typeChangeMergeReason` for the cases and sources.
 */
export function canTypeChangeMergeValues(from: TypedColumn, to: TypedColumn): boolean {
  return typeChangeMergeReason(from, to) !== undefined;
}
