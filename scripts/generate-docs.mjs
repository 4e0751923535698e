#!/usr/bin/env node
// Writes docs/rules/<id>.md, the README rule table and uniqlint.schema.json from the rules'
// metadata (run after `npm run build`). With --check, writes nothing and exits 1 when a
// generated file is not current.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { staleFiles, writeGeneratedFiles } from '../dist/src/docs/generate.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
if (process.argv.includes('--check')) {
  const stale = await staleFiles(root);
  if (stale.length > 0) {
    console.error(`generated files are not current: ${stale.join(', ')}\nrun: npm run docs`);
    process.exit(1);
  }
  console.log('generated docs are current');
} else {
  const written = await writeGeneratedFiles(root);
  console.log(written.length > 0 ? `wrote ${written.join(', ')}` : 'generated docs were already current');
}
