/**
 * A Language Server Protocol client for the tests: starts the shipped `uniqlint lsp` as a child
 * process (asynchronously, test/support/processes.ts) and talks JSON-RPC to it over its stdin and
 * stdout with vscode-jsonrpc. Every wait is bounded.
 */
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type {
  CodeAction,
  Diagnostic,
  Hover,
  InitializeResult,
  LogMessageParams,
  PublishDiagnosticsParams,
  Range,
  ShowMessageParams,
  TextEdit,
} from 'vscode-languageserver';
import { shippedCli } from './shipped-cli.js';
import { startProcess, type StartedProcess } from './processes.js';

/** Longest any single wait for the server lasts, in milliseconds (2 busy cores). */
export const WAIT_MS = 30_000;

/** Options of `startLanguageServer`. */
export interface StartOptions {
  /** Working directory of the server process. */
  cwd: string;
  /** Workspace folder URIs given in `initialize`. */
  workspaceFolders?: string[];
  /** `textDocument.codeAction.disabledSupport` of the client capabilities. */
  disabledSupport?: boolean;
  env?: NodeJS.ProcessEnv;
}

/** A running server and the client connected to it. */
export class LanguageServerSession {
  /** Every publishDiagnostics notification received, in order. */
  readonly published: PublishDiagnosticsParams[] = [];
  /** Every window/logMessage notification received, in order. */
  readonly logs: LogMessageParams[] = [];
  /** Every window/showMessage notification received, in order. */
  readonly shown: ShowMessageParams[] = [];
  private readonly waiters: (() => void)[] = [];

  private constructor(
    readonly process: StartedProcess,
    readonly connection: MessageConnection,
  ) {
    connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      this.published.push(params);
      this.wake();
    });
    connection.onNotification('window/logMessage', (params: LogMessageParams) => {
      this.logs.push(params);
      this.wake();
    });
    connection.onNotification('window/showMessage', (params: ShowMessageParams) => {
      this.shown.push(params);
      this.wake();
    });
    connection.onRequest('client/registerCapability', () => null);
    connection.onRequest('window/showMessageRequest', () => null);
  }

  /** Starts `uniqlint lsp --stdio` and completes the initialize handshake. */
  static async start(options: StartOptions): Promise<{ session: LanguageServerSession; initialized: InitializeResult }> {
    const child = startProcess(process.execPath, [shippedCli, 'lsp', '--stdio'], { cwd: options.cwd, env: options.env ?? process.env, timeoutMs: 240_000 });
    const connection = createMessageConnection(new StreamMessageReader(child.child.stdout), new StreamMessageWriter(child.child.stdin));
    connection.onError(() => {});
    connection.onClose(() => {});
    const session = new LanguageServerSession(child, connection);
    connection.listen();
    const initialized = await session.request<InitializeResult>('initialize', {
      processId: process.pid,
      rootUri: options.workspaceFolders?.[0] ?? null,
      workspaceFolders: (options.workspaceFolders ?? []).map((uri, index) => ({ uri, name: `folder${index}` })),
      capabilities: {
        textDocument: {
          publishDiagnostics: { versionSupport: true },
          codeAction: {
            codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source.fixAll'] } },
            ...(options.disabledSupport ? { disabledSupport: true } : {}),
          },
          hover: { contentFormat: ['markdown', 'plaintext'] },
          synchronization: { didSave: true },
        },
      },
    });
    await connection.sendNotification('initialized', {});
    return { session, initialized };
  }

  private wake(): void {
    for (const waiter of this.waiters.splice(0)) waiter();
  }

  /** Sends a request and waits at most WAIT_MS for the answer. */
  request<T>(method: string, params: unknown): Promise<T> {
    return withTimeout(this.connection.sendRequest<T>(method, params), `the answer to ${method}`);
  }

  notify(method: string, params: unknown): Promise<void> {
    return this.connection.sendNotification(method, params);
  }

  /**
   * Waits until a notification satisfies `test` (checked on every new message, from index `from`
   * of `list`), at most WAIT_MS.
   */
  async waitFor<T>(list: readonly T[], test: (entry: T) => boolean, what: string, from = 0): Promise<T> {
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const found = list.slice(from).find(test);
      if (found !== undefined) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}; stderr: ${this.process.stderr().slice(0, 2000)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** The next diagnostics published for `uri` (after the `from`-th notification) matching `test`. */
  diagnosticsFor(uri: string, test: (diagnostics: Diagnostic[], version: number | undefined) => boolean = () => true, from = 0): Promise<PublishDiagnosticsParams> {
    return this.waitFor(this.published, (entry) => entry.uri === uri && test(entry.diagnostics, entry.version), `diagnostics of ${uri}`, from);
  }

  open(uri: string, text: string, version = 1): Promise<void> {
    return this.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'sql', version, text } });
  }

  /** Replaces the whole text of the document. */
  change(uri: string, text: string, version: number): Promise<void> {
    return this.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
  }

  codeActions(uri: string, range: Range, only?: string[]): Promise<CodeAction[] | null> {
    return this.request<CodeAction[] | null>('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics: [], ...(only ? { only } : {}) } });
  }

  hover(uri: string, position: { line: number; character: number }): Promise<Hover | null> {
    return this.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position });
  }

  /** Shuts the server down politely and resolves to its exit code. */
  async shutdown(): Promise<number | null> {
    await this.request('shutdown', null);
    await this.notify('exit', null);
    const { code } = await withTimeout(this.process.exited, 'the server to exit');
    this.connection.dispose();
    return code;
  }

  /** Ends the session whatever its state: kills the child unless it has exited. */
  async dispose(): Promise<void> {
    this.connection.dispose();
    await this.process.kill();
  }
}

function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), WAIT_MS);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

/**
 * Applies LSP text edits to `text` (the client's job): positions are 0-based lines and UTF-16
 * characters; edits are applied from the last to the first, as they must not overlap.
 */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  const lineStarts = [0];
  for (let index = 0; index < text.length; index++) if (text[index] === '\n') lineStarts.push(index + 1);
  const offsetOf = (position: { line: number; character: number }) => (lineStarts[position.line] ?? text.length) + position.character;
  const sorted = [...edits].sort((a, b) => offsetOf(b.range.start) - offsetOf(a.range.start));
  let result = text;
  for (const edit of sorted) result = result.slice(0, offsetOf(edit.range.start)) + edit.newText + result.slice(offsetOf(edit.range.end));
  return result;
}
