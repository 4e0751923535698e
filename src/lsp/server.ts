/**
 * `uniqlint lsp`: the language server. Speaks the Language Server Protocol (3.17) over stdin and
 * stdout with the `vscode-languageserver` library.
 *
 * - Diagnostics: a document is linted when it is opened and saved, and 300 ms after the last
 *   change (`CHANGE_DEBOUNCE_MS`), as `uniqlint lint <file>` run from its workspace folder lints it
 *   (src/lsp/document-lint.ts): the earlier files of its folder are history, the workspace's
 *   configuration and baseline apply. Results of a text that has changed since are dropped.
 *   Saving a document, or a change the client reports to a watched `*.sql` or configuration file,
 *   lints every open document again (an earlier migration is the history of later ones).
 * - Live mode runs only when the configuration turns it on, only on open and save, in the
 *   background: the static diagnostics are published first, and the live ones replace them when
 *   they arrive for the same text. A live run that fails or takes longer than `LIVE_RUN_LIMIT_MS`
 *   is logged and leaves the static diagnostics standing.
 * - Code actions (src/lsp/protocol.ts): the safe suggested fixes (those `--fix` writes) and a
 *   `uniqlint-disable-next-statement` comment; none for a file that may be an applied migration.
 * - Hover on a finding: the rule's summary and a link to its page.
 *
 * Nothing but protocol messages goes to stdout: `console` output is sent as log messages. A
 * handler that throws is logged and answered with an empty result; the server keeps running.
 * The process ends on the `exit` notification (exit code 0 after `shutdown`, else 1), or when
 * the client closes stdin.
 */
import { fileURLToPath } from 'node:url';
import { format } from 'node:util';
import {
  CodeActionKind,
  createConnection,
  DiagnosticSeverity,
  DidChangeWatchedFilesNotification,
  TextDocuments,
  TextDocumentSyncKind,
  type CodeAction,
  type CodeActionParams,
  type Connection,
  type Diagnostic as LspDiagnostic,
  type Hover,
  type HoverParams,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CONFIG_SEARCH_PLACES, ConfigError } from '../config/load.js';
import { DEFAULT_BASELINE_FILE } from '../baseline/baseline.js';
import type { Diagnostic } from '../diagnostic.js';
import type { RunOptions } from '../run.js';
import { MissingPathError } from '../source/discover.js';
import { appliedReasonOf, lintEditorDocument, placeOf, settingsFor, type DocumentPlace, type DocumentSettings } from './document-lint.js';
import { codeActionsFor, DIAGNOSTIC_SOURCE, FIX_ALL_KIND, hoverAt, toLspDiagnostic } from './protocol.js';

/** How long after the last change a document is linted, in milliseconds. */
export const CHANGE_DEBOUNCE_MS = 300;

/** Longest a live run of one document may take before it is abandoned, in milliseconds. */
export const LIVE_RUN_LIMIT_MS = 120_000;

/** What the server knows about one open document. */
interface DocumentState {
  /** Pending debounced lint. */
  timer?: NodeJS.Timeout;
  /** Increased by every lint started and by closing; a lint publishes only if it is still the latest. */
  generation: number;
  /** The lint in progress, and the version it lints. */
  running?: { version: number; done: Promise<void> };
  /** The last published lint. */
  linted?: LintedDocument;
  /** Live runs of this document, one after the other. */
  liveChain: Promise<void>;
}

/** A published lint: the text it read (as a document, for offsets) and its findings. */
interface LintedDocument {
  version: number;
  snapshot: TextDocument;
  place: DocumentPlace;
  settings?: DocumentSettings;
  diagnostics: Diagnostic[];
}

/** The absolute path of a `file:` URI, else undefined (an untitled document). */
function pathOfUri(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Starts the server on stdin and stdout. The returned promise never settles: the protocol's
 * `exit` notification (or stdin closing) ends the process.
 */
export function startLanguageServer(): Promise<never> {
  const connection = createConnection(process.stdin, process.stdout);
  new LanguageServer(connection).listen();
  return new Promise<never>(() => {});
}

/** The server's state and handlers; one per connection. */
class LanguageServer {
  private readonly documents = new TextDocuments(TextDocument);
  private readonly states = new Map<string, DocumentState>();
  private workspaceFolders: string[] = [];
  private disabledSupport = false;
  private watchRegistration = false;
  private shuttingDown = false;
  /** Live-mode warnings already shown to the user (each is shown once, and always logged). */
  private readonly shownWarnings = new Set<string>();
  /** Documents whose "not linted" reason was logged, with the reason. */
  private readonly loggedSkips = new Map<string, string>();

  constructor(private readonly connection: Connection) {}

  listen(): void {
    const { connection, documents } = this;
    this.redirectConsole();
    process.on('uncaughtException', (error) => this.logError('internal error', error));
    process.on('unhandledRejection', (error) => this.logError('internal error', error));

    connection.onInitialize(this.guarded('initialize', (params: InitializeParams) => this.initialize(params), { capabilities: {} }));
    connection.onInitialized(this.guarded('initialized', () => this.registerWatchers(), undefined));
    connection.onShutdown(
      this.guarded('shutdown', () => {
        this.shuttingDown = true;
        for (const state of this.states.values()) clearTimeout(state.timer);
      }, undefined),
    );
    documents.onDidOpen(this.guarded('didOpen', (event: { document: TextDocument }) => void this.lintNow(event.document.uri, { live: true }), undefined));
    documents.onDidChangeContent(this.guarded('didChange', (event: { document: TextDocument }) => this.lintSoon(event.document.uri, event.document.version), undefined));
    documents.onDidSave(this.guarded('didSave', (event: { document: TextDocument }) => this.lintAll(event.document.uri), undefined));
    documents.onDidClose(this.guarded('didClose', (event: { document: TextDocument }) => this.close(event.document.uri), undefined));
    connection.onDidChangeWatchedFiles(this.guarded('didChangeWatchedFiles', () => this.lintAll(undefined), undefined));
    connection.onCodeAction(this.guarded('codeAction', (params: CodeActionParams) => this.codeActions(params), [] as CodeAction[]));
    connection.onHover(this.guarded('hover', (params: HoverParams) => this.hover(params), null as Hover | null));
    documents.listen(connection);
    connection.listen();
  }

  /** Sends what `console` would print to the client's log, keeping stdout for the protocol. */
  private redirectConsole(): void {
    const remote = this.connection.console;
    console.log = (...values: unknown[]) => remote.log(format(...values));
    console.info = (...values: unknown[]) => remote.info(format(...values));
    console.debug = (...values: unknown[]) => remote.log(format(...values));
    console.warn = (...values: unknown[]) => remote.warn(format(...values));
    console.error = (...values: unknown[]) => remote.error(format(...values));
  }

  private logError(what: string, error: unknown): void {
    try {
      this.connection.console.error(`uniqlint: ${what}: ${reasonOf(error)}`);
    } catch {
      // The connection itself is gone; the process ends with it.
    }
  }

  /**
   * Wraps a handler: a throw, or a rejected promise, is logged and answered with `fallback`, so
   * no message kills the server.
   */
  private guarded<A extends unknown[], R>(name: string, handler: (...args: A) => R | Promise<R>, fallback: R): (...args: A) => Promise<R> {
    return async (...args: A) => {
      try {
        return await handler(...args);
      } catch (error) {
        this.logError(`${name} failed`, error);
        return fallback;
      }
    };
  }

  private initialize(params: InitializeParams): InitializeResult {
    const folders = params.workspaceFolders?.map((folder) => pathOfUri(folder.uri)) ?? [params.rootUri ? pathOfUri(params.rootUri) : (params.rootPath ?? undefined)];
    this.workspaceFolders = folders.filter((folder): folder is string => folder !== undefined);
    this.disabledSupport = params.capabilities.textDocument?.codeAction?.disabledSupport === true;
    this.watchRegistration = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
        hoverProvider: true,
      },
      serverInfo: { name: 'uniqlint' },
    };
  }

  /** Asks the client to report changes to migrations, configuration files and the baseline. */
  private async registerWatchers(): Promise<void> {
    if (!this.watchRegistration) return;
    const names = [...CONFIG_SEARCH_PLACES, DEFAULT_BASELINE_FILE].join(',');
    await this.connection.client.register(DidChangeWatchedFilesNotification.type, {
      watchers: [{ globPattern: '**/*.sql' }, { globPattern: `**/{${names}}` }],
    });
  }

  private stateOf(uri: string): DocumentState {
    let state = this.states.get(uri);
    if (!state) {
      state = { generation: 0, liveChain: Promise.resolve() };
      this.states.set(uri, state);
    }
    return state;
  }

  /**
   * Lints the document after `CHANGE_DEBOUNCE_MS` without a further request. With `version` (a
   * change event), nothing is scheduled when that text is already linted or being linted.
   */
  private lintSoon(uri: string, version?: number): void {
    const state = this.stateOf(uri);
    // The open event is followed by a change event for the same text.
    if (version !== undefined && (state.running?.version === version || state.linted?.version === version)) return;
    clearTimeout(state.timer);
    state.timer = setTimeout(() => void this.lintNow(uri, { live: false }), CHANGE_DEBOUNCE_MS);
  }

  /**
   * Lints every open document again, since a saved or changed file may be the history of others:
   * the saved one (if any) now, with live mode when it is on; the others after the debounce delay,
   * so that a burst of file events lints each document once.
   */
  private lintAll(savedUri: string | undefined): void {
    for (const document of this.documents.all()) {
      if (document.uri === savedUri) void this.lintNow(document.uri, { live: true });
      else this.lintSoon(document.uri);
    }
  }

  private close(uri: string): void {
    const state = this.states.get(uri);
    if (state) {
      clearTimeout(state.timer);
      state.generation++;
      this.states.delete(uri);
    }
    this.loggedSkips.delete(uri);
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  /**
   * Lints the document's current text now and publishes the diagnostics, unless the text changed
   * or the document was closed meanwhile. With `live`, a live run follows in the background when
   * the configuration turns live mode on. Never rejects.
   */
  private lintNow(uri: string, request: { live: boolean }): Promise<void> {
    const document = this.documents.get(uri);
    if (!document || this.shuttingDown) return Promise.resolve();
    const state = this.stateOf(uri);
    clearTimeout(state.timer);
    state.timer = undefined;
    const generation = ++state.generation;
    const version = document.version;
    const snapshot = TextDocument.create(uri, document.languageId, version, document.getText());
    const done = this.lintSnapshot(uri, snapshot, generation, request.live).catch((error: unknown) => this.logError(`linting ${uri} failed`, error));
    state.running = { version, done };
    void done.finally(() => {
      if (state.running?.done === done) state.running = undefined;
    });
    return done;
  }

  private isCurrent(uri: string, generation: number): boolean {
    return !this.shuttingDown && this.states.get(uri)?.generation === generation;
  }

  private async lintSnapshot(uri: string, snapshot: TextDocument, generation: number, live: boolean): Promise<void> {
    const place = placeOf(pathOfUri(uri), this.workspaceFolders, process.cwd());
    let settings: DocumentSettings;
    let outcome: Awaited<ReturnType<typeof lintEditorDocument>>;
    try {
      settings = await settingsFor(place.root);
      outcome = await lintEditorDocument(snapshot.getText(), place, settings);
    } catch (error) {
      if (!this.isCurrent(uri, generation)) return;
      // Linting with default settings would report what the configuration may turn off.
      const message =
        error instanceof ConfigError || error instanceof MissingPathError
          ? `uniqlint: the configuration cannot be used, so this file was not checked: ${reasonOf(error)}`
          : `uniqlint: this file could not be checked: ${reasonOf(error)}`;
      if (!(error instanceof ConfigError)) this.logError(`linting ${uri} failed`, error);
      const diagnostic: LspDiagnostic = { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, severity: DiagnosticSeverity.Warning, source: DIAGNOSTIC_SOURCE, message };
      this.publish(uri, { version: snapshot.version, snapshot, place, diagnostics: [] }, [diagnostic]);
      return;
    }
    if (!this.isCurrent(uri, generation)) return;
    for (const note of outcome.kind === 'linted' ? outcome.notes : []) this.connection.console.warn(`uniqlint: ${note}`);
    if (outcome.kind === 'not-linted') {
      if (this.loggedSkips.get(uri) !== outcome.reason) this.connection.console.info(`uniqlint: ${uri} is not linted: ${outcome.reason}`);
      this.loggedSkips.set(uri, outcome.reason);
      this.publish(uri, { version: snapshot.version, snapshot, place, settings, diagnostics: [] });
      return;
    }
    this.publish(uri, { version: snapshot.version, snapshot, place, settings, diagnostics: outcome.file.diagnostics });
    if (live && settings.live) {
      const state = this.stateOf(uri);
      state.liveChain = state.liveChain.then(() => this.liveRun(uri, snapshot, place, settings)).catch((error: unknown) => this.logError('live mode failed', error));
    }
  }

  private publish(uri: string, linted: LintedDocument, diagnostics: LspDiagnostic[] = linted.diagnostics.map((diagnostic) => toLspDiagnostic(diagnostic, linted.snapshot))): void {
    this.stateOf(uri).linted = linted;
    void this.connection.sendDiagnostics({ uri, version: linted.version, diagnostics });
  }

  /**
   * One live run of a document's text (src/live/run-live.ts): publishes its diagnostics when the
   * static diagnostics of that text are still the ones shown. A failure or a run longer than
   * LIVE_RUN_LIMIT_MS is logged (and shown once); the static diagnostics stay.
   */
  private async liveRun(uri: string, snapshot: TextDocument, place: DocumentPlace, settings: DocumentSettings): Promise<void> {
    // The static lint of this very text is still the one shown (not a newer text, nor a reopened document).
    const stillCurrent = () => !this.shuttingDown && this.states.get(uri)?.linted?.snapshot === snapshot;
    if (!stillCurrent()) return;
    // The database driver loads only when live mode runs.
    const { openLiveRun } = await import('../live/run-live.js');
    let timer: NodeJS.Timeout | undefined;
    let opened: Awaited<ReturnType<typeof openLiveRun>> | undefined;
    let timedOut = false;
    const work = (async () => {
      opened = await openLiveRun({ ...(settings.settings.live ? { config: settings.settings.live } : {}) });
      if (!opened || timedOut) return undefined;
      const options: RunOptions = { ...settings.options, dialect: settings.settings.dialect ?? opened.server.flavor, live: opened };
      const outcome = await lintEditorDocument(snapshot.getText(), place, settings, options);
      const lost = opened.connectionLost;
      if (lost) this.warnLive(`the connection to ${opened.description} was lost (${lost.reason}); the checks after it are unknown`);
      return outcome;
    })();
    const limit = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), LIVE_RUN_LIMIT_MS);
    });
    try {
      const outcome = await Promise.race([work, limit]);
      if (outcome === 'timeout') {
        timedOut = true;
        this.warnLive(`the live run did not finish within ${LIVE_RUN_LIMIT_MS / 1000} s and was abandoned; the diagnostics are the static ones`);
        void work.catch(() => {});
        return;
      }
      if (outcome?.kind === 'linted' && stillCurrent()) {
        this.publish(uri, { version: snapshot.version, snapshot, place, settings, diagnostics: outcome.file.diagnostics });
      }
    } catch (error) {
      this.warnLive(`${reasonOf(error)}; the diagnostics are the static ones`);
    } finally {
      clearTimeout(timer);
      const run = opened;
      if (run) {
        await run.close().catch(() => {});
        for (const note of run.notes) this.connection.console.info(`uniqlint: live: ${note}`);
      } else if (timedOut) {
        // The connection may still open after the limit: close it then.
        void work.then(() => opened?.close(), () => {});
      }
    }
  }

  private warnLive(message: string): void {
    const text = `uniqlint: live: ${message}`;
    this.connection.console.warn(text);
    if (this.shownWarnings.has(text)) return;
    this.shownWarnings.add(text);
    this.connection.window.showWarningMessage(text);
  }

  /** The published lint of the document's current text, linting it first when it is out of date. */
  private async current(uri: string): Promise<LintedDocument | undefined> {
    const document = this.documents.get(uri);
    if (!document) return undefined;
    const state = this.stateOf(uri);
    if (state.linted?.version !== document.version) {
      if (state.running?.version === document.version) await state.running.done;
      else await this.lintNow(uri, { live: false });
    }
    const linted = this.states.get(uri)?.linted;
    return linted?.version === document.version ? linted : undefined;
  }

  private async codeActions(params: CodeActionParams): Promise<CodeAction[]> {
    const uri = params.textDocument.uri;
    const linted = await this.current(uri);
    if (!linted || !linted.settings || linted.diagnostics.length === 0) return [];
    const appliedReason = linted.place.absolutePath === undefined ? undefined : await appliedReasonOf(linted.place.absolutePath, linted.settings.settings);
    return codeActionsFor({
      uri,
      document: linted.snapshot,
      diagnostics: linted.diagnostics,
      range: params.range,
      ...(params.context.only ? { only: params.context.only } : {}),
      appliedReason,
      disabledSupport: this.disabledSupport,
      ...(linted.settings.options.serverVersion !== undefined ? { serverVersion: linted.settings.options.serverVersion } : {}),
    });
  }

  private async hover(params: HoverParams): Promise<Hover | null> {
    const linted = await this.current(params.textDocument.uri);
    if (!linted) return null;
    return hoverAt(linted.diagnostics, linted.snapshot, params.position);
  }
}
