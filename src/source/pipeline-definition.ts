/**
 * Azure Data Factory and Synapse pipeline definitions kept in git.
 *
 * With git integration, Data Factory and Synapse store each pipeline as `pipeline/<name>.json`:
 * `{"name": ..., "properties": {"activities": [...]}}`. Activities nest inside control activities
 * (ForEach and Until: `typeProperties.activities`; IfCondition: `ifTrueActivities`,
 * `ifFalseActivities`; Switch: `cases[].activities`, `defaultActivities`). A Copy activity names
 * its sink in `typeProperties.sink` (`type`, `writeBehavior`, `upsertSettings`, `preCopyScript`).
 * Sources: Azure Data Factory documentation "Source control in Azure Data Factory" (folder layout),
 * "Pipelines and activities", "Copy activity", "Copy and transform data in Azure Database for
 * MySQL" and "Copy data from and to MySQL" (sink properties).
 *
 * The file is read with jsonc-parser, which keeps the offset of every value, so findings point at
 * the activity's line.
 */
import path from 'node:path';
import { findNodeAtLocation, getNodeValue, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';

/** The `what` of the single statement a JSON file becomes (IR `{kind: 'other', what}`). */
export const PIPELINE_DEFINITION_STATEMENT = 'pipeline definition';

/** True for the JSON files uniqlint reads as pipeline definitions: `*.json` (found in folders only under a folder named `pipeline`). */
export function isJsonFile(file: string): boolean {
  return /\.json$/i.test(file);
}

/**
 * True when the file is read as JSON rather than SQL: its name ends in `.json`, or its text starts
 * (after blanks) with a JSON object's `{"` or `{}`, which no MySQL statement and no Jinja
 * template (`{{`, `{%`) does.
 */
export function isJsonDocument(file: string, text: string): boolean {
  return isJsonFile(file) || /^\s*\{\s*["}]/.test(text.slice(0, 256));
}

/** True when `file` is `pipeline/<name>.json`, the place Data Factory and Synapse git integration keeps pipelines. */
export function isPipelineDefinitionPath(file: string): boolean {
  return isJsonFile(file) && path.basename(path.dirname(file)).toLowerCase() === 'pipeline';
}

/** The sink of one Copy activity, as written. */
export interface CopyActivity {
  /** The activity's `name`, or `''`. */
  name: string;
  /** File offsets `[start, end)` of the activity object. */
  span: { start: number; end: number };
  /** File offsets of the activity's `"name": "..."` property (key to value), when present. */
  nameSpan?: { start: number; end: number };
  /** `typeProperties.sink.type`, e.g. `AzureMySqlSink`; undefined when absent or not a string. */
  sinkType?: string;
  /**
   * `typeProperties.sink.writeBehavior`: the string as written, `expression` when it is a dynamic
   * expression (an object or an `@...` string), undefined when absent (the default, insert).
   */
  writeBehavior?: string;
  /** `typeProperties.sink.upsertSettings.keys`, when it is an array of strings. */
  upsertKeys?: string[];
  /** `typeProperties.sink.preCopyScript` when it is a string; `expression` for a dynamic one. */
  preCopyScript?: string;
}

/** What a JSON file holds, as far as pipelines go. */
export type PipelineReading =
  | { kind: 'pipeline'; name: string; copyActivities: CopyActivity[] }
  | { kind: 'not-a-pipeline' }
  | { kind: 'invalid-json'; message: string; offset: number; length: number };

const NESTED_ACTIVITY_LISTS: readonly (readonly (string | number)[])[] = [
  ['typeProperties', 'activities'],
  ['typeProperties', 'ifTrueActivities'],
  ['typeProperties', 'ifFalseActivities'],
  ['typeProperties', 'defaultActivities'],
];

function stringAt(node: Node | undefined, pathInNode: (string | number)[]): string | undefined {
  const found = node && findNodeAtLocation(node, pathInNode);
  return found?.type === 'string' ? (found.value as string) : undefined;
}

function readCopy(activity: Node): CopyActivity {
  const nameNode = findNodeAtLocation(activity, ['name']);
  const copy: CopyActivity = {
    name: nameNode?.type === 'string' ? (nameNode.value as string) : '',
    span: { start: activity.offset, end: activity.offset + activity.length },
  };
  if (nameNode?.parent) copy.nameSpan = { start: nameNode.parent.offset, end: nameNode.parent.offset + nameNode.parent.length };
  const sink = findNodeAtLocation(activity, ['typeProperties', 'sink']);
  if (sink?.type !== 'object') return copy;
  const sinkType = stringAt(sink, ['type']);
  if (sinkType !== undefined) copy.sinkType = sinkType;
  const behavior = findNodeAtLocation(sink, ['writeBehavior']);
  if (behavior !== undefined) {
    const value = behavior.type === 'string' ? (behavior.value as string) : undefined;
    copy.writeBehavior = value === undefined || value.startsWith('@') ? 'expression' : value;
  }
  const keys = findNodeAtLocation(sink, ['upsertSettings', 'keys']);
  if (keys?.type === 'array') {
    const values = getNodeValue(keys) as unknown[];
    copy.upsertKeys = values.filter((value): value is string => typeof value === 'string');
  }
  const script = findNodeAtLocation(sink, ['preCopyScript']);
  if (script !== undefined) copy.preCopyScript = script.type === 'string' ? (script.value as string) : 'expression';
  return copy;
}

function collectCopies(list: Node | undefined, into: CopyActivity[]): void {
  if (list?.type !== 'array') return;
  for (const activity of list.children ?? []) {
    if (activity.type !== 'object') continue;
    if (stringAt(activity, ['type'])?.toLowerCase() === 'copy') into.push(readCopy(activity));
    for (const nested of NESTED_ACTIVITY_LISTS) collectCopies(findNodeAtLocation(activity, [...nested]), into);
    const cases = findNodeAtLocation(activity, ['typeProperties', 'cases']);
    if (cases?.type === 'array') for (const entry of cases.children ?? []) collectCopies(findNodeAtLocation(entry, ['activities']), into);
  }
}

/**
 * Reads `text` as a pipeline definition. Comments and trailing commas are refused as JSON
 * errors (Data Factory writes strict JSON). Never throws.
 */
export function readPipelineDefinition(text: string): PipelineReading {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: false, disallowComments: true });
  if (errors.length > 0 || root === undefined) {
    const first = errors[0];
    return {
      kind: 'invalid-json',
      message: first ? printParseErrorCode(first.error).replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase() : 'empty file',
      offset: first?.offset ?? 0,
      length: Math.max(1, first?.length ?? 1),
    };
  }
  const activities = root.type === 'object' ? findNodeAtLocation(root, ['properties', 'activities']) : undefined;
  if (activities?.type !== 'array') return { kind: 'not-a-pipeline' };
  const copyActivities: CopyActivity[] = [];
  collectCopies(activities, copyActivities);
  return { kind: 'pipeline', name: stringAt(root, ['name']) ?? '', copyActivities };
}
