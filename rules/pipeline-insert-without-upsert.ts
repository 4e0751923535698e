/**
 * pipeline-insert-without-upsert: an Azure Data Factory or Synapse Copy activity writes to a MySQL
 * or Azure Database for MySQL sink with the default insert behaviour, so a rerun after a partial
 * load fails on every row the first attempt wrote.
 */
import { defineRule } from '../src/rule.js';
import { PIPELINE_DEFINITION_STATEMENT, readPipelineDefinition, type CopyActivity } from '../src/source/pipeline-definition.js';

/** Sink types of the MySQL connectors (Azure Database for MySQL; MySQL). */
const MYSQL_SINKS = new Set(['azuremysqlsink', 'mysqlsink']);

/** A pre-copy script that empties the target before the load makes a rerun start clean. */
const EMPTIES_TARGET = /\b(TRUNCATE|DELETE\s+FROM|DELETE\s+\w)/i;

function insertsByDefault(copy: CopyActivity): boolean {
  if (copy.sinkType === undefined || !MYSQL_SINKS.has(copy.sinkType.toLowerCase())) return false;
  if (copy.writeBehavior !== undefined && copy.writeBehavior.toLowerCase() !== 'insert') return false;
  if (copy.preCopyScript !== undefined && (copy.preCopyScript === 'expression' || EMPTIES_TARGET.test(copy.preCopyScript))) return false;
  return true;
}

const pipeline = (sink: string) =>
  JSON.stringify(
    {
      name: 'LoadOrders',
      properties: {
        activities: [
          {
            name: 'CopyOrdersToMySql',
            type: 'Copy',
            policy: { retry: 2, timeout: '0.02:00:00' },
            typeProperties: { source: { type: 'AzureSqlSource' }, sink: JSON.parse(sink) as unknown },
            inputs: [{ referenceName: 'SqlOrders', type: 'DatasetReference' }],
            outputs: [{ referenceName: 'MySqlOrders', type: 'DatasetReference' }],
          },
        ],
      },
    },
    null,
    2,
  ) + '\n';

export default defineRule({
  meta: {
    id: 'pipeline-insert-without-upsert',
    summary: 'A Data Factory or Synapse Copy activity loads a MySQL sink with the default insert behaviour, so a rerun after a partial load fails with ERROR 1062.',
    rationale:
      'A Copy activity whose sink is Azure Database for MySQL (AzureMySqlSink) or MySQL (MySqlSink) inserts ' +
      'the rows it reads unless writeBehavior says upsert. Loads fail part-way (a timeout, a throttled ' +
      'connection, a bad row in a later batch) after earlier batches were committed, and the activity is ' +
      'then retried (policy.retry) or the run is rerun from the failed activity: the retry inserts the same ' +
      'rows again, and every row the first attempt wrote fails with ERROR 1062 against the table\'s PRIMARY ' +
      'KEY or UNIQUE key, so the pipeline cannot recover without a hand clean-up. With writeBehavior upsert ' +
      'and the key columns in upsertSettings.keys, the sink merges on the key and a retry is harmless. ' +
      'uniqlint reads pipeline definitions kept in git (pipeline/*.json, the layout of Data Factory and ' +
      'Synapse git integration) with a JSON parser and points at the activity. Sources: Azure Data Factory ' +
      'documentation "Copy and transform data in Azure Database for MySQL" and "Copy data from and to MySQL" ' +
      '(sink properties writeBehavior, upsertSettings, preCopyScript), "Pipelines and activities" (activity ' +
      'policy, retry), "Rerun pipelines and activities"; MySQL 8.0 manual 15.2.7 "INSERT Statement".',
    defaultSeverity: 'warning',
    tags: ['dml', 'mysql', 'mariadb'],
    fix:
      'Set the sink to upsert on the table\'s key: `"writeBehavior": "upsert", "upsertSettings": {"keys": ' +
      '["order_id"]}`. If the load must replace the data, empty the target first with a preCopyScript ' +
      '(`TRUNCATE TABLE orders`) so a rerun starts clean.',
    equivalents: [],
    examples: {
      invalid: [
        {
          description: 'A Copy activity into Azure Database for MySQL with the default insert behaviour.',
          sql: pipeline('{"type": "AzureMySqlSink", "writeBatchSize": 10000}'),
        },
        {
          description: 'writeBehavior insert, stated.',
          sql: pipeline('{"type": "MySqlSink", "writeBehavior": "insert"}'),
        },
      ],
      valid: [
        {
          description: 'Upsert with key columns: a retry merges on the key.',
          sql: pipeline('{"type": "AzureMySqlSink", "writeBehavior": "upsert", "upsertSettings": {"useTempDB": true, "keys": ["order_id"]}}'),
        },
        {
          description: 'A pre-copy script empties the table, so a rerun starts clean.',
          sql: pipeline('{"type": "AzureMySqlSink", "preCopyScript": "TRUNCATE TABLE orders"}'),
        },
        {
          description: 'A sink that is not MySQL.',
          sql: pipeline('{"type": "AzureSqlSink"}'),
        },
      ],
    },
  },
  check(context) {
    const { ir, unit } = context.statement;
    if (ir.kind !== 'other' || ir.what !== PIPELINE_DEFINITION_STATEMENT) return;
    const reading = readPipelineDefinition(unit.sql);
    if (reading.kind === 'invalid-json') {
      // Only files kept where pipelines live are expected to be pipelines.
      if (!/(^|[\\/])pipeline[\\/][^\\/]+\.json$/i.test(context.filePath)) return;
      context.report({
        message: `this pipeline definition is not valid JSON (${reading.message}): its Copy activities were not checked`,
        range: context.rangeOf(reading.offset, Math.min(unit.sql.length, reading.offset + reading.length)),
        data: { error: reading.message },
      });
      return;
    }
    if (reading.kind !== 'pipeline') return;
    for (const copy of reading.copyActivities) {
      if (!insertsByDefault(copy)) continue;
      const span = copy.nameSpan ?? { start: copy.span.start, end: copy.span.start + 1 };
      const stated = copy.writeBehavior === undefined ? 'the default insert behaviour' : 'writeBehavior "insert"';
      context.report({
        message: `Copy activity "${copy.name}" loads ${copy.sinkType} with ${stated}: a retry after a partial load fails with ERROR 1062 on every row already written`,
        notes: [
          'a load that fails part-way keeps the batches it committed; the activity retry, or a rerun from the failed activity, inserts the same rows again and each one that exists fails on the PRIMARY KEY or UNIQUE key',
        ],
        help: ['upsert on the table\'s key instead:', '  "writeBehavior": "upsert", "upsertSettings": { "keys": ["<key column>"] }', 'or empty the target first in a preCopyScript (TRUNCATE TABLE ...) when the load replaces the data'],
        range: context.rangeOf(span.start, span.end),
        data: { pipeline: reading.name, activity: copy.name, sinkType: copy.sinkType, writeBehavior: copy.writeBehavior ?? null },
      });
    }
  },
});
