/**
 * Speed check of the splitter on a generated 100 MB mysqldump-style file: extended INSERTs of
 * 1,000 rows each, about 1,000,000 rows in all. Run it with:
 *
 *   npx vite-node test/split/split-benchmark.ts [megabytes]
 *
 * It writes the file to a temporary folder, reads it back as one string, splits it and prints
 * the time and heap use of the split alone.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { splitStatements } from '../../src/split/splitter.js';

const targetMegabytes = Number(process.argv[2] ?? '100');

function generateDump(targetBytes: number): string {
  const parts: string[] = [
    '-- MySQL dump 10.13  Distrib 8.0.36, for Linux (x86_64)\n',
    '/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;\n',
    '/*!40101 SET NAMES utf8mb4 */;\n',
    'DROP TABLE IF EXISTS `customer`;\n',
    'CREATE TABLE `customer` (\n  `id` int unsigned NOT NULL AUTO_INCREMENT,\n  `email` varchar(190) NOT NULL,\n' +
      '  `name` varchar(100) DEFAULT NULL,\n  `note` text,\n  `created_at` datetime NOT NULL,\n' +
      '  PRIMARY KEY (`id`),\n  UNIQUE KEY `uq_email` (`email`)\n) ENGINE=InnoDB /*!50100 PARTITION BY HASH (`id`) PARTITIONS 4 */;\n',
    'LOCK TABLES `customer` WRITE;\n',
  ];
  let bytes = parts.reduce((sum, part) => sum + part.length, 0);
  let id = 1;
  while (bytes < targetBytes) {
    const rows: string[] = [];
    for (let row = 0; row < 1000; row += 1, id += 1) {
      rows.push(
        `(${id},'user${id}@example.com','O\\'Brien ${id % 977}','a note with \\"quotes\\" and a ; semicolon #${id}','2024-01-${String((id % 28) + 1).padStart(2, '0')} 12:00:00')`,
      );
    }
    const statement = 'INSERT INTO `customer` VALUES ' + rows.join(',') + ';\n';
    parts.push(statement);
    bytes += statement.length;
  }
  parts.push('UNLOCK TABLES;\n/*!40101 SET CHARACTER_SET_CLIENT=@OLD_CHARACTER_SET_CLIENT */;\n');
  return parts.join('');
}

const folder = mkdtempSync(path.join(tmpdir(), 'uniqlint-split-bench-'));
try {
  const file = path.join(folder, 'dump.sql');
  writeFileSync(file, generateDump(targetMegabytes * 1024 * 1024));
  const text = readFileSync(file, 'utf8');
  const heapBefore = process.memoryUsage().heapUsed;
  const started = performance.now();
  const result = splitStatements(text);
  const elapsed = performance.now() - started;
  const heapAfter = process.memoryUsage().heapUsed;
  const rows = result.statements.length;
  console.log(
    `${(text.length / 1024 / 1024).toFixed(1)} MB, ${rows} statements, ${result.problems.length} problems: ` +
      `split in ${elapsed.toFixed(0)} ms; heap +${((heapAfter - heapBefore) / 1024 / 1024).toFixed(1)} MB, ` +
      `rss ${(process.memoryUsage().rss / 1024 / 1024).toFixed(0)} MB`,
  );
} finally {
  rmSync(folder, { recursive: true, force: true });
}
