/**
 * uniqlint's own version, read from the package's package.json.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/**
 * uniqlint's version (`0.1.0`), from the nearest package.json named `uniqlint` above this module
 * (dist/src/version.js, or the command-line bundle dist/cli/uniqlint.js, both two folders below
 * it); `0.0.0` when none is found. Never throws.
 */
export function toolVersion(): string {
  if (cached !== undefined) return cached;
  let directory = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    try {
      const manifest = JSON.parse(readFileSync(path.join(directory, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (manifest.name === 'uniqlint' && manifest.version) return (cached = manifest.version);
    } catch {
      // keep looking upward
    }
    directory = path.dirname(directory);
  }
  return (cached = '0.0.0');
}
