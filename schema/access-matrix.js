#!/usr/bin/env node
/**
 * Writes (--write) or checks (--check) the access matrix of README.md, between `<!-- access-matrix:begin -->` and
 * `<!-- access-matrix:end -->`, generated from the data classification (subgraphs/kit/src/access/classification.ts,
 * built into the kit's dist). `npm run access-matrix` writes it; `npm test` (schema) fails when README.md differs.
 */
const { readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { withAccessMatrix } = require('../subgraphs/kit/dist/access/classification');

const file = join(__dirname, '..', 'README.md');
const mode = process.argv[2] ?? '--check';
const readme = readFileSync(file, 'utf8');
const generated = withAccessMatrix(readme);
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
