/**
 * The `sarif` format: SARIF 2.1.0 (OASIS "Static Analysis Results Interchange Format Version
 * 2.1.0"), shaped for GitHub code scanning ("SARIF support for code scanning": rules with
 * `shortDescription`, `fullDescription` and `help`, results with `message.text`, one location
 * with a full region, and partial fingerprints).
 *
 * Artifact URIs are relative to the repository root and carry `uriBaseId: "%SRCROOT%"`, which
 * `run.originalUriBaseIds` maps to the root's file URI (SARIF 2.1.0 §3.14.14), so a run from a
 * subfolder of a monorepo uploads paths code scanning can match to the repository's files.
 *
 * The fingerprint goes under uniqlint's own key, `uniqlint/findingHash/v1`: GitHub computes
 * `primaryLocationLineHash` itself from the line's text and expects its own algorithm under that
 * name ("SARIF support for code scanning", "Preventing duplicate alerts using fingerprints").
 *
 * Columns count UTF-16 code units, as uniqlint's do, and the run says so with
 * `columnKind: "utf16CodeUnits"`; `endColumn` is the column just after the flagged text. The
 * fingerprint hashes the rule id and the flagged statement text, not the line, so an alert
 * survives edits above it. Never contains colour or annotations.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ArtifactLocation, Fix, Log, Region, ReportingDescriptor, Result } from 'sarif';
import { LineIndex, type Diagnostic, type Severity, type SourceRange } from '../diagnostic.js';
import type { RuleMeta } from '../rule.js';
import { docsUrlFor } from '../docs-url.js';
import { escapeMarkdown, markdownDetails } from './markdown.js';
import { identifyFindings } from './fingerprint.js';
import type { RunResult } from './result.js';
import { repositoryPathOf } from './repository-path.js';

/** What the SARIF formatter needs besides the results. */
export interface SarifOptions {
  /** Metadata of every rule, for `tool.driver.rules`. */
  rules: readonly RuleMeta[];
  /** uniqlint's version. */
  toolVersion: string;
  /**
   * Absolute path of the repository root (git's top level); artifact URIs are made relative to it.
   * Without it, the results' paths are used as they are and no base id is set.
   */
  sourceRoot?: string;
  /** Absolute folder the results' paths are relative to (default: the process's working directory). */
  cwd?: string;
}

/** The key of uniqlint's own fingerprint in `partialFingerprints`. */
export const FINGERPRINT_KEY = 'uniqlint/findingHash/v1';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

/** GitHub keeps at most 1024 characters of a description. */
function clip(text: string, limit = 1024): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}

/** `add-unique-key` → `AddUniqueKey`. */
function pascalCase(id: string): string {
  return id
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

/** A relative path as a URI reference: each segment percent-encoded, `/` kept. */
export function pathToUriReference(file: string): string {
  return file
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
}

/** A file URI of a folder, ending in `/` as SARIF requires of a base URI. */
function directoryUri(folder: string): string {
  const uri = pathToFileURL(folder).href;
  return uri.endsWith('/') ? uri : `${uri}/`;
}

/**
 * Where a result's file is: relative to the repository root with `%SRCROOT%` when the root is
 * known and holds the file; else the path as shown (stdin, a file outside the repository).
 */
function artifactLocationOf(shownPath: string, options: SarifOptions): ArtifactLocation {
  const inRepository = options.sourceRoot === undefined ? undefined : repositoryPathOf(shownPath, options.sourceRoot, options.cwd ?? process.cwd());
  if (inRepository === undefined) return { uri: pathToUriReference(shownPath.split(path.sep).join('/')) };
  return { uri: pathToUriReference(inRepository), uriBaseId: '%SRCROOT%' };
}

function descriptor(meta: RuleMeta): ReportingDescriptor {
  const url = docsUrlFor(meta.id);
  return {
    id: meta.id,
    name: pascalCase(meta.id),
    shortDescription: { text: clip(meta.summary) },
    fullDescription: { text: clip(meta.rationale) },
    helpUri: url,
    help: {
      text: `${meta.fix}\n\nDocumentation: ${url}`,
      markdown: `${meta.fix}\n\n[Documentation of ${meta.id}](${url})`,
    },
    defaultConfiguration: { level: LEVEL[meta.defaultSeverity] },
    properties: { tags: [...meta.tags], precision: 'high', 'problem.severity': meta.defaultSeverity === 'info' ? 'recommendation' : meta.defaultSeverity },
  };
}

/** A SARIF region with lines, UTF-16 columns (end exclusive) and character offsets. */
function regionOf(range: SourceRange): Region {
  const { start, end } = range;
  return {
    startLine: start.line,
    startColumn: start.column,
    endLine: end.line,
    endColumn: end.column,
    charOffset: start.offset,
    charLength: Math.max(0, end.offset - start.offset),
  };
}

/**
 * A suggested fix as a SARIF `fix` (SARIF 2.1.0 §3.55): one artifact change replacing the region
 * `[startOffset, endOffset)` of the file with the fix's text. The region gives both the character
 * offset and length and the line and column span, so consumers that read either agree.
 */
function sarifFix(diagnostic: Diagnostic, artifactLocation: ArtifactLocation, lines: LineIndex): Fix | undefined {
  const fix = diagnostic.fix;
  if (!fix) return undefined;
  const range = lines.range(fix.range.startOffset, fix.range.endOffset);
  return {
    description: { text: `${fix.description}${fix.safe ? '' : ' (review before applying: not marked safe)'}` },
    artifactChanges: [
      {
        artifactLocation,
        replacements: [
          {
            deletedRegion: regionOf(range),
            insertedContent: { text: fix.text },
          },
        ],
      },
    ],
  };
}

/**
 * A result's message (SARIF 2.1.0 §3.11): `text` is the headline; when the diagnostic has notes or
 * help, `markdown` holds the headline and them (§3.11.4 lets a viewer that renders Markdown show it
 * in place of `text`).
 */
function messageOf(diagnostic: Diagnostic): Result['message'] {
  const details = markdownDetails(diagnostic);
  return details === '' ? { text: diagnostic.message } : { text: diagnostic.message, markdown: `${escapeMarkdown(diagnostic.message)}\n\n${details}` };
}

/** Renders a run as a SARIF 2.1.0 log (pretty-printed JSON with a trailing newline). */
export function formatSarif(result: RunResult, options: SarifOptions): string {
  const rules = options.rules.map(descriptor);
  const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));
  const results: Result[] = [];
  for (const file of result.files) {
    const artifactLocation = artifactLocationOf(file.path, options);
    const identities = identifyFindings(file.path, file.text, file.diagnostics);
    let lines: LineIndex | undefined;
    file.diagnostics.forEach((diagnostic, index) => {
      const identity = identities[index]!;
      const entry: Result = {
        ruleId: diagnostic.ruleId,
        level: LEVEL[diagnostic.severity],
        message: messageOf(diagnostic),
        locations: [
          {
            physicalLocation: {
              artifactLocation,
              region: regionOf(diagnostic.range),
            },
          },
        ],
        partialFingerprints: { [FINGERPRINT_KEY]: `${identity.textHash}:${identity.occurrence}` },
      };
      if (diagnostic.fix) {
        lines ??= new LineIndex(file.text);
        const fix = sarifFix(diagnostic, artifactLocation, lines);
        if (fix) entry.fixes = [fix];
      }
      const position = ruleIndex.get(diagnostic.ruleId);
      if (position !== undefined) entry.ruleIndex = position;
      const properties: Record<string, unknown> = { statementIndex: diagnostic.statementIndex };
      if (diagnostic.notes) properties.notes = diagnostic.notes;
      if (diagnostic.help) properties.help = diagnostic.help;
      if (diagnostic.live) properties.live = diagnostic.live;
      entry.properties = properties;
      results.push(entry);
    });
  }
  const log: Log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'uniqlint',
            version: options.toolVersion,
            semanticVersion: options.toolVersion,
            informationUri: 'https://github.com/uniqlint/uniqlint',
            rules,
          },
        },
        ...(options.sourceRoot !== undefined ? { originalUriBaseIds: { '%SRCROOT%': { uri: directoryUri(options.sourceRoot) } } } : {}),
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
