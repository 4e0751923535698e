/**
 * pipeline-insert-without-upsert beyond its own examples: Copy activities nested in control
 * activities, the line a finding points at, dynamic settings, bad JSON, and how the source stage
 * finds pipeline files in a folder.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lintText } from '../../src/engine/lint.js';
import { lintPaths } from '../../src/run.js';
import { textOf } from './helpers.js';

function findings(text: string, filePath = 'pipeline/load.json') {
  return lintText(text, { filePath }).diagnostics.filter((diagnostic) => diagnostic.ruleId === 'pipeline-insert-without-upsert');
}

const copy = (name: string, sink: object) => ({ name, type: 'Copy', typeProperties: { source: { type: 'DelimitedTextSource' }, sink } });

function pipelineText(activities: object[]): string {
  return JSON.stringify({ name: 'Nightly', properties: { activities } }, null, 2) + '\n';
}

describe('pipeline-insert-without-upsert', () => {
  it('finds Copy activities inside ForEach, IfCondition, Switch and Until, and points at each one\'s name', () => {
    const text = pipelineText([
      { name: 'EachFile', type: 'ForEach', typeProperties: { items: { value: '@pipeline().parameters.files', type: 'Expression' }, activities: [copy('CopyA', { type: 'AzureMySqlSink' })] } },
      { name: 'Check', type: 'IfCondition', typeProperties: { ifTrueActivities: [copy('CopyB', { type: 'MySqlSink' })], ifFalseActivities: [copy('CopyC', { type: 'AzureMySqlSink', writeBehavior: 'upsert', upsertSettings: { keys: ['id'] } })] } },
      { name: 'Route', type: 'Switch', typeProperties: { cases: [{ value: 'x', activities: [copy('CopyD', { type: 'AzureMySqlSink' })] }], defaultActivities: [] } },
      { name: 'Again', type: 'Until', typeProperties: { activities: [copy('CopyE', { type: 'AzureMySqlSink', writeBehavior: 'Insert' })] } },
    ]);
    const found = findings(text);
    expect(found.map((d) => (d.data as { activity: string }).activity)).toEqual(['CopyA', 'CopyB', 'CopyD', 'CopyE']);
    const lines = text.split('\n');
    for (const diagnostic of found) {
      const activity = (diagnostic.data as { activity: string }).activity;
      expect(lines[diagnostic.range.start.line - 1]).toContain(`"name": "${activity}"`);
    }
    expect(textOf(found[0]!)).toContain('"writeBehavior": "upsert"');
  });

  it('leaves dynamic write behaviours and pre-copy scripts alone, and flags a pre-copy script that keeps the rows', () => {
    expect(findings(pipelineText([copy('Dyn', { type: 'AzureMySqlSink', writeBehavior: { value: '@pipeline().parameters.mode', type: 'Expression' } })]))).toEqual([]);
    expect(findings(pipelineText([copy('Dyn', { type: 'AzureMySqlSink', writeBehavior: '@pipeline().parameters.mode' })]))).toEqual([]);
    expect(findings(pipelineText([copy('Del', { type: 'AzureMySqlSink', preCopyScript: 'DELETE FROM orders WHERE day = CURDATE()' })]))).toEqual([]);
    expect(findings(pipelineText([copy('Keep', { type: 'AzureMySqlSink', preCopyScript: 'SET SESSION sql_mode = ""' })]))).toHaveLength(1);
  });

  it('reports a broken pipeline file with its position, and ignores other JSON', () => {
    const broken = '{\n  "name": "Nightly",\n  "properties": {\n    "activities": [\n  }\n}\n';
    const found = findings(broken);
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toContain('not valid JSON');
    expect(found[0]!.range.start.line).toBe(5);
    expect(findings(broken, 'config/settings.json')).toEqual([]);
    expect(findings('{"compilerOptions": {}}\n', 'tsconfig.json')).toEqual([]);
    expect(lintText(broken, { filePath: 'pipeline/load.json' }).diagnostics.map((d) => d.ruleId)).toEqual(['pipeline-insert-without-upsert']);
  });
});

describe('pipeline files in the source stage', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(path.join(tmpdir(), 'uniqlint-pipeline-'));
    mkdirSync(path.join(root, 'pipeline'));
    mkdirSync(path.join(root, 'dataset'));
    writeFileSync(path.join(root, 'pipeline', 'Nightly.json'), pipelineText([copy('CopyOrders', { type: 'AzureMySqlSink' })]));
    writeFileSync(path.join(root, 'dataset', 'Orders.json'), '{"name": "Orders", "properties": {"type": "AzureMySqlTable"}}\n');
    writeFileSync(path.join(root, 'V1__init.sql'), 'CREATE TABLE t (id BIGINT PRIMARY KEY);\n');
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('a folder brings in pipeline/*.json next to the SQL files, and no other JSON', async () => {
    const result = await lintPaths([root], {}, root);
    const paths = result.files.map((file) => file.path).sort();
    expect(paths).toEqual(['V1__init.sql', 'pipeline/Nightly.json']);
    const pipelineFile = result.files.find((file) => file.path === 'pipeline/Nightly.json')!;
    expect(pipelineFile.diagnostics.map((d) => d.ruleId)).toEqual(['pipeline-insert-without-upsert']);
  });

  it('a glob brings in pipeline files too', async () => {
    const result = await lintPaths(['**/*.json'], {}, root);
    expect(result.files.map((file) => file.path)).toEqual(['pipeline/Nightly.json']);
  });
});
