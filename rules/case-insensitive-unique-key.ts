/**
 * case-insensitive-unique-key: a unique key ignores letter case or accents where there is reason
 * to think they matter: a statement makes a column that told them apart before ignore them, or a
 * new key covers a column named like a token, code, path or file name.
 */
import { defineRule, type RuleContext } from '../src/rule.js';
import { definedUniqueKeys, type DefinedKey } from '../src/analysis/defined-keys.js';
import { statementSpanRange } from '../src/analysis/ranges.js';
import { formatKeyParts, quoteIdentifier, quoteTableName } from '../src/analysis/sql-text.js';
import { caseSensitivity, charsetOfCollation } from '../src/schema/collation.js';
import { columnAfter, columnBefore, replayColumnChanges, type ColumnChange } from '../src/analysis/column-changes.js';
import type { ColumnState } from '../src/schema/types.js';

/** A unique key and the states of its columns after the statement (a defined key, or an existing one a statement changes). */
type KeyUnderCheck = Omit<DefinedKey, 'newTable'>;

/** A key column that starts to ignore case or accents, and what it was before. */
interface Folding {
  column: string;
  collation: string;
  what: string;
  charset: string | undefined;
  /** `utf8mb4_bin`, `VARBINARY`: the column as it was; absent when the reason is the column's name. */
  before?: string;
  /** The clause that redefined it; absent when the reason is the column's name. */
  clause?: string;
  /** The word of the column's name that says its case matters (`token`, `path`...), when that is the reason. */
  nameWord?: string;
}

/**
 * Words of a column name that say its values are machine-made strings whose case is part of the
 * value: random tokens, codes and session keys, hashes in mixed-case encodings, paths and file
 * names on case-sensitive stores. `key` alone is not one: on the corpus it named fixed lower-case
 * identifiers written by code (configuration keys, menu keys) 27 times out of 31.
 */
const CASE_MEANINGFUL_WORDS = new Set(['token', 'code', 'hash', 'sesskey', 'share', 'path', 'file', 'filename', 'image', 'secret', 'nonce']);

/** The word of `name` (split at `_`, `-` and lower-to-upper case changes) that marks case-meaningful values, if any. */
export function caseMeaningfulWord(name: string): string | undefined {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[_\-\s]+/);
  return words.find((word) => CASE_MEANINGFUL_WORDS.has(word));
}

const TEXT_TYPES = new Set(['CHAR', 'VARCHAR', 'TINYTEXT', 'TEXT', 'MEDIUMTEXT', 'LONGTEXT']);
const BINARY_TYPES = new Set(['BINARY', 'VARBINARY', 'TINYBLOB', 'BLOB', 'MEDIUMBLOB', 'LONGBLOB']);

function isTextType(name: string): boolean {
  return TEXT_TYPES.has(name.toUpperCase());
}

/**
 * How the column compared before the statement, when that is known to tell case or accents
 * apart: a binary string type (bytes compare as themselves), or a `binary`, `_bin` or `_cs`/`_as`
 * collation. Undefined otherwise (already folding, or an unknown collation).
 */
function sensitivityBefore(column: ColumnState): { caseSensitive: boolean; accentSensitive: boolean; label: string } | undefined {
  const type = column.type.name.toUpperCase();
  if (BINARY_TYPES.has(type)) return { caseSensitive: true, accentSensitive: true, label: type };
  if (!isTextType(type) || !column.collation) return undefined;
  const sensitivity = caseSensitivity(column.collation);
  if (!sensitivity.known) return undefined;
  if (!sensitivity.caseSensitive && !sensitivity.accentSensitive) return undefined;
  return { caseSensitive: sensitivity.caseSensitive, accentSensitive: sensitivity.accentSensitive, label: column.collation };
}

/** The case- and accent-sensitive alternatives for a collation: the `_bin` one, and on MySQL utf8mb4 `utf8mb4_0900_as_cs`. */
function alternatives(collation: string, charset: string | undefined): string[] {
  const set = charset ?? charsetOfCollation(collation);
  if (!set) return ['a _bin collation of the same character set'];
  const list = [`${set}_bin`];
  if (set === 'utf8mb4' && collation.includes('_0900_')) list.push('utf8mb4_0900_as_cs');
  return list;
}

/**
 * True for a column that holds UUID text: CHAR/VARCHAR(36) named like an id, or a name with
 * `uuid`/`guid`. Its letters are hex digits, so case-insensitive comparison cannot merge two
 * distinct UUIDs (an upper- and a lower-case spelling are the same UUID anyway).
 */
function holdsUuidText(name: string, length: number | undefined): boolean {
  return /uuid|guid/i.test(name) || (length === 36 && /(^|_)id$|[a-z]Id$/.test(name));
}

/** `PRIMARY KEY (`a`)` or `unique key `k` (`a`, `b`)`. */
function keyLabel(key: KeyUnderCheck): string {
  return key.primary ? `PRIMARY KEY ${formatKeyParts(key.parts)}` : `unique key ${quoteIdentifier(key.name)} ${formatKeyParts(key.parts)}`;
}

/** Reports a key the statement defines over columns whose names say their case matters. */
function reportByName(context: RuleContext, key: KeyUnderCheck, named: Folding[]): void {
  const first = named[0]!;
  const options = alternatives(first.collation, first.charset);
  const columns = named.map((entry) => quoteIdentifier(entry.column)).join(', ');
  context.report({
    message: `${keyLabel(key)} on ${quoteTableName(key.table)} ignores letter case, but ${columns} looks like ${named.length > 1 ? 'they hold' : 'it holds'} values whose case matters`,
    notes: [
      ...named.map((entry) => `${quoteIdentifier(entry.column)} compares under ${entry.collation}, which ignores letter case; its name (${entry.nameWord}) suggests machine-made values such as tokens, codes, keys, paths or file names`),
      "two such values that differ only in case ('aB3x' and 'Ab3X', 'Photo.jpg' and 'photo.jpg') are different values, yet the second fails with ERROR 1062",
    ],
    help: [
      `if case tells these values apart, declare ${quoteIdentifier(first.column)} with COLLATE ${options.join(' or ')} (or as VARBINARY); ` +
        'if the values are written in one case only, or are the same entity in any case, this is fine: suppress the finding',
    ],
    range: statementSpanRange(context, key.span),
    data: { table: key.table, key: key.name, columns: named.map((entry) => ({ column: entry.column, collation: entry.collation, nameWord: entry.nameWord })), alternatives: options },
  });
}

export default defineRule({
  meta: {
    id: 'case-insensitive-unique-key',
    summary:
      "A unique key ignores letter case or accents where there is reason to think they matter: a column that was _bin, _cs or binary before, or one named like a token, code, path or file name.",
    rationale:
      "A unique key compares strings with the column's collation. Most default collations are case- " +
      "insensitive (`_ci`: 'Alice' = 'alice'), and many are also accent-insensitive (`_ai`, and `_ci` " +
      "collations without `_as`: 'e' = 'é', 'resume' = 'résumé'). That is usually what is wanted (e-mail " +
      'addresses, user names), so a case-insensitive key alone is no finding. The risk is a change: when ' +
      'MODIFY, CHANGE or CONVERT TO CHARACTER SET moves a column of a unique key from a binary type ' +
      '(BINARY, VARBINARY, BLOB) or a `binary`, `_bin` or `_cs` collation to one that ignores case or accents, ' +
      'the data was written by code that relied on telling such values apart, and from then on the second of ' +
      'two values that differ only in case or accents fails with ERROR 1062 (23000), in an import, a backfill ' +
      'or a plain INSERT. The existing rows are add-unique-key\'s concern; this rule is about what the key ' +
      'means from then on. The other reason is the column itself: a new key over a column named like a ' +
      'machine-made value whose case is part of it (token, code, sesskey, share, hash, secret, nonce, path, ' +
      "file, image) under a case-insensitive collation: random tokens 'aB3x' and 'Ab3X', or file names " +
      "'Photo.jpg' and 'photo.jpg', are different values that collide. It is information, not an error: " +
      'folding case can be the point of the change, and the name is only a hint. ' +
      'Sources: MySQL 8.0 manual 10.3.1 "Collation Naming Conventions", 10.8.5 "The binary Collation Compared ' +
      'to _bin Collations", 10.10.1 "Unicode Character Sets", 15.1.9 "ALTER TABLE Statement" (CONVERT TO ' +
      'CHARACTER SET); MariaDB knowledge base "Setting Character Sets and Collations". Columns that hold UUID ' +
      'text (CHAR/VARCHAR(36) id columns, names with uuid or guid) are not flagged: hex digits cannot merge two ' +
      'distinct UUIDs.',
    defaultSeverity: 'info',
    tags: ['ddl', 'mysql', 'mariadb'],
    fix:
      'Decide what "the same value" means for the key. If values that differ in case or accents are ' +
      'different, keep a binary or case- and accent-sensitive collation on the column, e.g. ' +
      '`name VARCHAR(64) COLLATE utf8mb4_bin` (or `utf8mb4_0900_as_cs` on MySQL 8); with CONVERT TO ' +
      'CHARACTER SET, MODIFY the column back to it in the same ALTER. If they are the same entity, keep the ' +
      'change and normalise the values where they are written (LOWER(), trimming) so imports of mixed-case ' +
      'data are deduplicated before they hit the key.',
    equivalents: ['Skeema: none (lint-charset / lint-collate check the allowed list only)'],
    examples: {
      invalid: [
        {
          description: "MODIFY moves a unique label from utf8mb4_bin to utf8mb4_general_ci: 'Go', 'go' and 'GO' become one tag.",
          sql: 'ALTER TABLE tags MODIFY label VARCHAR(64) COLLATE utf8mb4_general_ci NOT NULL;',
          history: 'CREATE TABLE tags (id INT PRIMARY KEY, label VARCHAR(64) COLLATE utf8mb4_bin NOT NULL, UNIQUE KEY uk_label (label)) DEFAULT CHARSET=utf8mb4;',
        },
        {
          description: 'A VARBINARY token becomes VARCHAR under the default, case-insensitive collation.',
          sql: 'ALTER TABLE api_tokens MODIFY token VARCHAR(64) NOT NULL;',
          history: 'CREATE TABLE api_tokens (id INT PRIMARY KEY, token VARBINARY(64) NOT NULL, UNIQUE KEY uk_token (token)) DEFAULT CHARSET=utf8mb4;',
        },
        {
          description: "A new unique key over random share ids under the default collation: 'aB3x' and 'Ab3X' collide.",
          sql: 'CREATE TABLE website (id INT PRIMARY KEY, share_id VARCHAR(50) NOT NULL, UNIQUE KEY uk_share_id (share_id)) DEFAULT CHARSET=utf8mb4;',
        },
      ],
      valid: [
        {
          description: 'A new table whose unique label compares under the default collation: folding case is taken as intended.',
          sql: 'CREATE TABLE tags (id INT PRIMARY KEY, label VARCHAR(64) NOT NULL, UNIQUE KEY uk_label (label)) DEFAULT CHARSET=utf8mb4;',
        },
        {
          description: 'Configuration keys are identifiers written by code: `key` alone is no reason.',
          sql: 'CREATE TABLE settings (id INT PRIMARY KEY, config_key VARCHAR(64) NOT NULL, UNIQUE KEY uk_config_key (config_key)) DEFAULT CHARSET=utf8mb4;',
        },
        {
          description: 'A token column with a binary collation tells case apart.',
          sql: 'CREATE TABLE sessions (id INT PRIMARY KEY, token VARCHAR(64) COLLATE utf8mb4_bin NOT NULL UNIQUE);',
        },
        {
          description: 'CREATE UNIQUE INDEX on a column that was case-insensitive all along.',
          sql: 'CREATE UNIQUE INDEX uk_name ON products (name);',
          history: 'CREATE TABLE products (id INT PRIMARY KEY, name VARCHAR(32) COLLATE latin1_swedish_ci NOT NULL);',
        },
        {
          description: 'A binary collation tells case and accents apart.',
          sql: 'CREATE TABLE tags (id INT PRIMARY KEY, label VARCHAR(64) COLLATE utf8mb4_bin NOT NULL, UNIQUE KEY uk_label (label));',
        },
        {
          description: 'CONVERT TO CHARACTER SET from one case-insensitive collation to another changes nothing about case.',
          sql: 'ALTER TABLE users CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;',
          history: 'CREATE TABLE users (id INT PRIMARY KEY, email VARCHAR(191) NOT NULL, UNIQUE KEY uk_email (email)) DEFAULT CHARSET=utf8 COLLATE=utf8_general_ci;',
        },
      ],
    },
  },
  check(context) {
    const { ir } = context.statement;
    const changes = replayColumnChanges(ir, context.schema, context.dialect);
    const candidates: { key: KeyUnderCheck; defined: boolean; changeOf: (part: string) => ColumnChange | undefined }[] = [];
    for (const key of definedUniqueKeys(ir, context.schema, context.dialect)) {
      candidates.push({ key, defined: true, changeOf: (part) => (changes ? columnAfter(changes, part) : undefined) });
    }
    // Existing keys whose columns the statement redefines (MODIFY, CHANGE, CONVERT TO CHARACTER SET).
    if (changes?.table) {
      for (const existing of changes.table.uniqueKeys) {
        if (changes.droppedKeys.has(existing.name.toLowerCase())) continue;
        const redefined = existing.parts.map((part) => columnBefore(changes, part.column));
        if (!redefined.some((change) => change?.redefinedBy)) continue;
        const span = redefined.find((change) => change?.redefinedBy)?.span;
        candidates.push({
          key: {
            table: changes.tableName,
            name: existing.name,
            primary: existing.primary,
            parts: existing.parts,
            columns: redefined.map((change) => change?.after),
            ...(span ? { span } : {}),
          },
          defined: false,
          changeOf: (part) => columnBefore(changes, part),
        });
      }
    }
    for (const { key, defined, changeOf } of candidates) {
      const folding: Folding[] = [];
      const named: Folding[] = [];
      key.parts.forEach((part, index) => {
        const column = key.columns[index];
        if (!column?.collation || !isTextType(column.type.name)) return;
        if (holdsUuidText(column.name, column.type.length)) return;
        const sensitivity = caseSensitivity(column.collation);
        if (!sensitivity.known || sensitivity.binary) return;
        const before = changeOf(part.column);
        const was = before?.before && before.redefinedBy ? sensitivityBefore(before.before) : undefined;
        if (!was) {
          // No change to judge by: a key the statement defines over a column whose name says its case matters.
          const word = defined && !sensitivity.caseSensitive ? caseMeaningfulWord(column.name) : undefined;
          if (word) named.push({ column: column.name, collation: column.collation, what: 'letter case', charset: column.charset, nameWord: word });
          return;
        }
        const ignored = [
          !sensitivity.caseSensitive && was.caseSensitive ? 'letter case' : '',
          !sensitivity.accentSensitive && was.accentSensitive ? 'accents' : '',
        ].filter(Boolean);
        if (ignored.length === 0) return;
        folding.push({ column: column.name, collation: column.collation, what: ignored.join(' and '), charset: column.charset, before: was.label, clause: before!.redefinedBy! });
      });
      if (folding.length === 0 && named.length > 0) {
        reportByName(context, key, named);
        continue;
      }
      if (folding.length === 0) continue;
      const label = key.primary ? `PRIMARY KEY ${formatKeyParts(key.parts)}` : `unique key ${quoteIdentifier(key.name)} ${formatKeyParts(key.parts)}`;
      const accents = folding.some((entry) => entry.what.includes('accents'));
      const first = folding[0]!;
      const options = alternatives(first.collation, first.charset);
      context.report({
        message:
          `${first.clause} makes ${label} on ${quoteTableName(key.table)} ignore ${first.what}: ` +
          `${accents && !first.what.includes('letter case') ? "'resume' and 'résumé'" : "'Alice' and 'alice'"} become one value`,
        notes: [
          ...folding.map((entry) => `${quoteIdentifier(entry.column)} was ${entry.before!} and becomes ${entry.collation}, which ignores ${entry.what}`),
          'the data was written under case-sensitive comparison, so values that differ only that way may be meant as different; ' +
            'from now on a second such value fails with ERROR 1062',
        ],
        help: [
          `if such values are different for this data, keep ${quoteIdentifier(first.column)} under COLLATE ${options.join(' or ')}; ` +
            'if they are the same entity, normalise them where they are written so imports do not stop on them',
        ],
        range: statementSpanRange(context, key.span),
        data: {
          table: key.table,
          key: key.name,
          columns: folding.map((entry) => ({ column: entry.column, collation: entry.collation, before: entry.before })),
          alternatives: options,
        },
      });
    }
  },
});
