#!/usr/bin/env node
/**
 * Writes (--write) or checks (--check) the access matrix of README.md, between `<!-- access-matrix:begin -->` and
 * `<!-- access-matrix:end -->`, generated from the data classification (subgraphs/kit/src/access/classification.ts,
 * built into the kit's dist) and from what each subgraph declares in its own files (`dist/index.js --print-access`). `npm run access-matrix` writes it; `npm test` (schema) fails when README.md differs.
 */
const { readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { execFileSync } = require('node:child_process');
const { withAccessMatrix } = require('../subgraphs/kit/dist/access/classification');

const root = join(__dirname, '..');
const file = join(root, 'README.md');
const mode = process.argv[2] ?? '--check';
const readme = readFileSync(file, 'utf8');
// what each subgraph of schema/subgraphs.json declares outside the kit's table (a rule on a whole record type, a field's
// own rule, the filters and sort keys it classified itself): its built entry point prints them (`--print-access`)
const subgraphs = require('./subgraph-list').listedSubgraphs();
const declared = subgraphs.flatMap((s) => {
  const entry = join(root, s.dir, 'dist', 'index.js');
  try {
    return JSON.parse(execFileSync(process.execPath, [entry, '--print-access'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LOG_LEVEL: 'silent', ENV_FILES: 'off' } }));
  } catch (e) {
    console.error(`${s.name}: its access declarations could not be read (${s.dir}/dist/index.js --print-access; run npm run build): ${String(e.stderr || e.message).trim().split('\n')[0]}`);
    process.exit(1);
  }
});
const generated = withAccessMatrix(readme, declared);
if (mode === '--write') {
  if (generated !== readme) writeFileSync(file, generated);
  console.log(generated === readme ? 'README.md access matrix up to date' : 'README.md access matrix written');
} else if (mode === '--check') {
  if (generated !== readme) {
    console.error('README.md\'s access matrix differs from the classification: run `npm run access-matrix`');
    process.exit(1);
  }
  console.log('README.md access matrix matches the classification');
} else {
  console.error('usage: node schema/access-matrix.js --write | --check');
  process.exit(2);
}
