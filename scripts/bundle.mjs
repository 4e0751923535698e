#!/usr/bin/env node
// Bundles the command line (run after `tsc`): dist/src/cli.js and everything it imports become
// dist/cli/uniqlint.js, the package's `bin`, plus chunks for what loads only on demand (live mode,
// the configuration validator). One file instead of about a hundred modules and their package
// lookups is most of a small run's start-up. The library entry (dist/src/index.js) stays unbundled.
//
// Kept outside the bundle: node-sql-parser (its per-dialect builds load on first use by path) and
// mysql2 (live mode only), both dependencies of the package.
import { chmodSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/**
 * yargs loads its help renderer (cliui, and string-width with its emoji and Unicode-property
 * regular expressions) when it is imported, though it needs it only to print help or a usage
 * error. This plugin gives yargs stand-ins that load the real modules on their first call.
 */
const lazyHelpRendering = {
  name: 'lazy-help-rendering',
  setup(build) {
    const fromYargsShim = /[\\/]yargs[\\/]lib[\\/]platform-shims[\\/]/;
    build.onResolve({ filter: /^(cliui|string-width)$/ }, (args) => {
      if (!fromYargsShim.test(args.importer)) return undefined;
      return { path: args.path, namespace: 'lazy-help-rendering', pluginData: { resolveDir: args.resolveDir } };
    });
    build.onLoad({ filter: /.*/, namespace: 'lazy-help-rendering' }, (args) => ({
      contents: `let loaded;\nexport default function lazy(...parameters) {\n  loaded ??= require(${JSON.stringify(args.path)}).default;\n  return loaded(...parameters);\n}\n`,
      resolveDir: args.pluginData.resolveDir,
      loader: 'js',
    }));
  },
};

/**
 * fdir (under tinyglobby) loads picomatch from node_modules at start-up through its own
 * `createRequire`, a second copy beside the bundled one. A plain `require` lets the bundle give it
 * the bundled copy. Should fdir's text change, it is bundled as it is.
 */
const bundledPicomatchForFdir = {
  name: 'bundled-picomatch-for-fdir',
  setup(build) {
    build.onLoad({ filter: /[\\/]fdir[\\/]dist[\\/]index\.mjs$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      return { contents: text.replace('__require.resolve("picomatch");\n\tpm = __require("picomatch");', 'pm = require("picomatch");'), loader: 'js' };
    });
  },
};

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'dist', 'cli');

rmSync(outdir, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: { uniqlint: 'dist/src/cli.js' },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  chunkNames: 'chunks/[name]-[hash]',
  external: ['node-sql-parser', 'mysql2'],
  // jsonc-parser's `main` is a UMD build whose inner requires a bundler cannot follow; its ES
  // module build (`module`) bundles like any other.
  alias: { 'jsonc-parser': './node_modules/jsonc-parser/lib/esm/main.js' },
  // CommonJS dependencies inside an ES module bundle call `require` for Node's own modules and
  // read `__filename` / `__dirname` (write-file-atomic names its temporary files after a hash of it).
  banner: {
    js: [
      "import { createRequire as __uniqlintCreateRequire } from 'node:module';",
      "import { fileURLToPath as __uniqlintFileURLToPath } from 'node:url';",
      "import { dirname as __uniqlintDirname } from 'node:path';",
      'const require = __uniqlintCreateRequire(import.meta.url);',
      'const __uniqlintFilename = __uniqlintFileURLToPath(import.meta.url);',
      'const __uniqlintDirnameOfFile = __uniqlintDirname(__uniqlintFilename);',
    ].join('\n'),
  },
  define: { __filename: '__uniqlintFilename', __dirname: '__uniqlintDirnameOfFile' },
  legalComments: 'linked',
  plugins: [lazyHelpRendering, bundledPicomatchForFdir],
  logLevel: 'warning',
});
chmodSync(path.join(outdir, 'uniqlint.js'), 0o755);
