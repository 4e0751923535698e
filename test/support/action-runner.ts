/**
 * Runs the repository's composite action (action.yml) the way the GitHub Actions runner runs a
 * composite action's `run:` steps ("Metadata syntax for GitHub Actions", `runs.steps`): each step
 * in order, as a script file run by `bash --noprofile --norc -eo pipefail {0}` (the runner's
 * command for `shell: bash`), in its `working-directory` resolved against GITHUB_WORKSPACE, with
 * the step's `env:` added, a fresh GITHUB_OUTPUT file per step whose `name=value` lines become
 * `steps.<id>.outputs`, one GITHUB_STEP_SUMMARY file, and the first failing step ending the run.
 *
 * `${{ ... }}` expressions are expanded from the test's values; only the property paths
 * `inputs.<name>`, `github.<path>` and `steps.<id>.outputs.<name>` are understood, and anything
 * else throws, so action.yml cannot come to rely on an expression this harness would not run.
 * `uses:` steps are not run (they need GitHub); they are returned as skipped with their `with:`.
 */
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { runProcess } from './processes.js';

/** The parts of action.yml the runner reads. */
export interface ActionDefinition {
  inputs: Record<string, { description: string; required?: boolean; default?: string }>;
  outputs: Record<string, { description: string; value: string }>;
  runs: { using: string; steps: ActionStep[] };
}

/** One step of a composite action. */
export interface ActionStep {
  name: string;
  id?: string;
  shell?: string;
  run?: string;
  uses?: string;
  if?: string;
  with?: Record<string, string>;
  env?: Record<string, string>;
  'working-directory'?: string;
}

/** What the test sets up: the action's folder, the workspace, the event, the inputs given with `with:`. */
export interface ActionRunOptions {
  actionPath: string;
  workspace: string;
  /** The event payload, written to GITHUB_EVENT_PATH. */
  event: Record<string, unknown>;
  eventName: string;
  /** Inputs as a workflow's `with:` gives them (strings). */
  with?: Record<string, string>;
  /** A scratch folder for RUNNER_TEMP and the runner's files. */
  runnerTemp: string;
  /** Further variables of the job's environment (the default environment variables are set here). */
  env?: Record<string, string>;
  /** github.sha, github.repository, github.server_url. */
  sha: string;
  repository?: string;
  serverUrl?: string;
}

/** How one step went. */
export interface StepOutcome {
  name: string;
  id?: string;
  status: 'success' | 'failure' | 'skipped';
  exitCode?: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  /** For a `uses:` step: the action and its expanded `with:`. */
  uses?: { action: string; with: Record<string, string>; if?: string };
}

/** How the whole action went. */
export interface ActionOutcome {
  steps: StepOutcome[];
  /** The action's `outputs`, expanded from the steps' outputs. */
  outputs: Record<string, string>;
  /** The job summary's text. */
  summary: string;
  /** True when every step that ran succeeded. */
  succeeded: boolean;
}

/** Reads and parses action.yml from `actionPath`. */
export function readAction(actionPath: string): ActionDefinition {
  return parse(readFileSync(path.join(actionPath, 'action.yml'), 'utf8')) as ActionDefinition;
}

type Context = { inputs: Record<string, string>; github: Record<string, unknown>; steps: Record<string, { outputs: Record<string, string> }> };

function lookup(context: Context, expression: string): string {
  const trimmed = expression.trim();
  if (!/^(inputs|github|steps)(\.[A-Za-z_][\w-]*)+$/.test(trimmed)) throw new Error(`the test runner does not evaluate the expression \${{ ${trimmed} }}`);
  let value: unknown = context;
  for (const key of trimmed.split('.')) value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  // A missing property is an empty string, as in the runner's expressions.
  return value === undefined || value === null ? '' : String(value);
}

/** `text` with each `${{ expression }}` replaced by its value. */
export function expandExpressions(text: string, context: Context): string {
  return text.replace(/\$\{\{([^}]*)\}\}/g, (_, expression: string) => lookup(context, expression));
}

/** `name=value` lines of a GITHUB_OUTPUT file (the `name<<DELIMITER` form too). */
function readOutputs(file: string): Record<string, string> {
  if (!existsSync(file)) return {};
  const outputs: Record<string, string> = {};
  const lines = readFileSync(file, 'utf8').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name, delimiter] = heredoc as unknown as [string, string, string];
      const body: string[] = [];
      for (i++; i < lines.length && lines[i] !== delimiter; i++) body.push(lines[i]!);
      outputs[name] = body.join('\n');
      continue;
    }
    const equals = line.indexOf('=');
    if (equals > 0) outputs[line.slice(0, equals)] = line.slice(equals + 1);
  }
  return outputs;
}

/**
 * Runs the action's steps (module docstring). Never rejects for a failing step; rejects when
 * bash cannot be started or an expression is not understood.
 */
export async function runAction(options: ActionRunOptions): Promise<ActionOutcome> {
  const action = readAction(options.actionPath);
  if (action.runs.using !== 'composite') throw new Error(`action.yml runs '${action.runs.using}', not a composite action`);
  mkdirSync(options.runnerTemp, { recursive: true });
  const eventPath = path.join(options.runnerTemp, 'event.json');
  writeFileSync(eventPath, JSON.stringify(options.event));
  const summaryPath = path.join(options.runnerTemp, 'step_summary.md');
  writeFileSync(summaryPath, '');
  const repository = options.repository ?? 'acme/shop';
  const serverUrl = options.serverUrl ?? 'https://github.com';
  const github: Record<string, unknown> = {
    action_path: options.actionPath,
    workspace: options.workspace,
    event: options.event,
    event_name: options.eventName,
    event_path: eventPath,
    sha: options.sha,
    repository,
    server_url: serverUrl,
  };
  const context: Context = { inputs: {}, github, steps: {} };
  for (const [name, input] of Object.entries(action.inputs)) {
    context.inputs[name] = options.with?.[name] ?? expandExpressions(input.default ?? '', context);
  }
  for (const name of Object.keys(options.with ?? {})) if (!(name in action.inputs)) throw new Error(`the action has no input '${name}'`);

  const baseEnv: NodeJS.ProcessEnv = {};
  // The job's environment: PATH and HOME from this process, nothing of its GitHub variables.
  for (const key of ['PATH', 'HOME', 'LANG', 'TMPDIR']) if (process.env[key] !== undefined) baseEnv[key] = process.env[key];
  Object.assign(baseEnv, {
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: options.workspace,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_EVENT_NAME: options.eventName,
    GITHUB_SHA: options.sha,
    GITHUB_REPOSITORY: repository,
    GITHUB_SERVER_URL: serverUrl,
    GITHUB_RUN_ID: '4242',
    GITHUB_STEP_SUMMARY: summaryPath,
    RUNNER_TEMP: options.runnerTemp,
    ...options.env,
  });

  const steps: StepOutcome[] = [];
  let failed = false;
  for (const [index, step] of action.runs.steps.entries()) {
    if (step.uses !== undefined) {
      const withValues = Object.fromEntries(Object.entries(step.with ?? {}).map(([key, value]) => [key, expandExpressions(String(value), context)]));
      steps.push({ name: step.name, status: 'skipped', stdout: '', stderr: '', outputs: {}, uses: { action: step.uses, with: withValues, ...(step.if ? { if: step.if } : {}) } });
      continue;
    }
    if (failed) {
      steps.push({ name: step.name, status: 'skipped', stdout: '', stderr: '', outputs: {} });
      continue;
    }
    if (step.shell !== 'bash') throw new Error(`step '${step.name}' must say shell: bash (a composite action's run steps need a shell)`);
    if (step.if !== undefined) throw new Error(`the test runner does not evaluate the condition of run step '${step.name}'`);
    const outputPath = path.join(options.runnerTemp, `output_${index}`);
    writeFileSync(outputPath, '');
    const scriptPath = path.join(options.runnerTemp, `step_${index}.sh`);
    writeFileSync(scriptPath, expandExpressions(step.run ?? '', context));
    const stepEnv = Object.fromEntries(Object.entries(step.env ?? {}).map(([key, value]) => [key, expandExpressions(String(value), context)]));
    const workingDirectory = path.resolve(options.workspace, expandExpressions(step['working-directory'] ?? '.', context));
    const run = await runProcess('bash', ['--noprofile', '--norc', '-eo', 'pipefail', scriptPath], {
      cwd: workingDirectory,
      env: { ...baseEnv, ...stepEnv, GITHUB_OUTPUT: outputPath, GITHUB_ACTION: step.id ?? `__run_${index}` },
      timeoutMs: 300_000,
    });
    const outputs = readOutputs(outputPath);
    if (step.id) context.steps[step.id] = { outputs };
    const ok = run.code === 0;
    steps.push({ name: step.name, ...(step.id ? { id: step.id } : {}), status: ok ? 'success' : 'failure', exitCode: run.code, stdout: run.stdout, stderr: run.stderr, outputs });
    if (!ok) failed = true;
  }
  const outputs = Object.fromEntries(Object.entries(action.outputs ?? {}).map(([name, output]) => [name, expandExpressions(output.value, context)]));
  return { steps, outputs, summary: readFileSync(summaryPath, 'utf8'), succeeded: !failed };
}
