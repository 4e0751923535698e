#!/usr/bin/env node
// Empties dist/ before a build, so the package never ships a file left by an earlier build
// (a module since removed or renamed, a source map from before maps were turned off).
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
rmSync(path.join(root, 'dist'), { recursive: true, force: true });
