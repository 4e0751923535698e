/**
 * The rule registry: every rule uniqlint runs, listed explicitly. A rule's id equals its file
 * name under `rules/`; docs pages and the README rule table are generated from this list.
 */
import type { Rule } from '../src/rule.js';
import addAutoIncrementOverRows from './add-auto-increment-over-rows.js';
import addUniqueKey from './add-unique-key.js';
import alterIgnoreAddUnique from './alter-ignore-add-unique.js';
import autoIncrementDrift from './auto-increment-drift.js';
import autoIncrementHeadroom from './auto-increment-headroom.js';
import autoIncrementReset from './auto-increment-reset.js';
import checkThenInsert from './check-then-insert.js';
import caseInsensitiveUniqueKey from './case-insensitive-unique-key.js';
import dbtIncrementalWithoutUniqueKey from './dbt-incremental-without-unique-key.js';
import dropUniqueKeyColumn from './drop-unique-key-column.js';
import dumpRestoreIntoExistingTable from './dump-restore-into-existing-table.js';
import duplicateKeyInInsertedRows from './duplicate-key-in-inserted-rows.js';
import explicitAutoIncrementValue from './explicit-auto-increment-value.js';
import ignoreWithNullableKey from './ignore-with-nullable-key.js';
import insertIgnore from './insert-ignore.js';
import insertSelectWithoutDedup from './insert-select-without-dedup.js';
import intAutoIncrement from './int-auto-increment.js';
import onlineSchemaChangeUnique from './online-schema-change-unique.js';
import parseError from './parse-error.js';
import pipelineInsertWithoutUpsert from './pipeline-insert-without-upsert.js';
import replaceInto from './replace-into.js';
import secondAutoIncrementColumn from './second-auto-increment-column.js';
import serverSettings from './server-settings.js';
import uniqueKeyNullableColumn from './unique-key-nullable-column.js';
import unusedDisable from './unused-disable.js';
import updateUniqueKey from './update-unique-key.js';
import upsertValuesFunction from './upsert-values-function.js';

/** All rules, in the order the docs list them. */
export const allRules: Rule[] = [
  addUniqueKey,
  intAutoIncrement,
  replaceInto,
  insertIgnore,
  duplicateKeyInInsertedRows,
  insertSelectWithoutDedup,
  explicitAutoIncrementValue,
  autoIncrementReset,
  alterIgnoreAddUnique,
  onlineSchemaChangeUnique,
  updateUniqueKey,
  dropUniqueKeyColumn,
  secondAutoIncrementColumn,
  addAutoIncrementOverRows,
  upsertValuesFunction,
  uniqueKeyNullableColumn,
  caseInsensitiveUniqueKey,
  dbtIncrementalWithoutUniqueKey,
  checkThenInsert,
  ignoreWithNullableKey,
  dumpRestoreIntoExistingTable,
  pipelineInsertWithoutUpsert,
  autoIncrementDrift,
  autoIncrementHeadroom,
  serverSettings,
  parseError,
  unusedDisable,
];

/** Every rule id, in registry order. */
export function knownRuleIds(): string[] {
  return allRules.map((rule) => rule.meta.id);
}
