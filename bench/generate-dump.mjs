/**
 * Writes a mysqldump-style file: a header of SET statements and conditional comments, CREATE
 * TABLE statements, then extended INSERTs of 1,000 rows each until the file reaches the target
 * size. Deterministic: the same size always gives the same bytes.
 *
 * Usage: node bench/generate-dump.mjs <output path> [megabytes = 100]
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

/** Writes the dump; resolves to { bytes, rows }. */
export async function generateDump(outputPath, megabytes = 100) {
  const target = megabytes * 1024 * 1024;
  const out = createWriteStream(outputPath);
  let bytes = 0;
  let rows = 0;
  const write = async (text) => {
    bytes += Buffer.byteLength(text);
    if (!out.write(text)) await once(out, 'drain');
  };
  await write(`-- MySQL dump 10.13  Distrib 8.0.36, for Linux (x86_64)
/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;
/*!40101 SET NAMES utf8mb4 */;
/*!40014 SET @OLD_UNIQUE_CHECKS=@@UNIQUE_CHECKS, UNIQUE_CHECKS=0 */;
/*!40014 SET @OLD_FOREIGN_KEY_CHECKS=@@FOREIGN_KEY_CHECKS, FOREIGN_KEY_CHECKS=0 */;

DROP TABLE IF EXISTS \`customers\`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
CREATE TABLE \`customers\` (
  \`id\` int unsigned NOT NULL AUTO_INCREMENT,
  \`email\` varchar(191) COLLATE utf8mb4_unicode_ci NOT NULL,
  \`name\` varchar(100) NOT NULL DEFAULT '',
  \`balance\` decimal(12,2) NOT NULL DEFAULT '0.00',
  \`created_at\` datetime NOT NULL,
  \`note\` text,
  PRIMARY KEY (\`id\`),
  UNIQUE KEY \`uk_customers_email\` (\`email\`)
) ENGINE=InnoDB AUTO_INCREMENT=1 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
/*!40101 SET character_set_client = @saved_cs_client */;

LOCK TABLES \`customers\` WRITE;
/*!40000 ALTER TABLE \`customers\` DISABLE KEYS */;
`);
  let id = 1;
  while (bytes < target) {
    const values = [];
    for (let i = 0; i < 1000; i++, id++) {
      const note = id % 5 === 0 ? `'it''s ${id}\\'s; -- no /* comment */'` : 'NULL';
      values.push(`(${id},'u${id}@example.com','Customer ${id}',${(id % 100000) / 100},'2024-01-${String((id % 28) + 1).padStart(2, '0')} 12:00:00',${note})`);
    }
    rows += values.length;
    await write(`INSERT INTO \`customers\` VALUES ${values.join(',')};\n`);
  }
  await write(`/*!40000 ALTER TABLE \`customers\` ENABLE KEYS */;
UNLOCK TABLES;
/*!40014 SET FOREIGN_KEY_CHECKS=@OLD_FOREIGN_KEY_CHECKS */;
/*!40014 SET UNIQUE_CHECKS=@OLD_UNIQUE_CHECKS */;
-- Dump completed
`);
  out.end();
  await once(out, 'finish');
  return { bytes, rows };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [outputPath, megabytes] = process.argv.slice(2);
  if (!outputPath) {
    process.stderr.write('usage: node bench/generate-dump.mjs <output path> [megabytes]\n');
    process.exit(2);
  }
  const { bytes, rows } = await generateDump(outputPath, Number(megabytes ?? 100));
  process.stdout.write(`wrote ${outputPath}: ${bytes} bytes, ${rows} rows\n`);
}
