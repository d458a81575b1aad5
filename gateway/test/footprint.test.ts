import { spawnSync } from 'node:child_process';
import path from 'node:path';

/**
 * The gateway runs on @aidgraph/common alone: loading it must not load the subgraph kit or what only subgraphs need
 * (TypeORM, the database drivers, type-graphql, class-validator, exceljs). Checked in a fresh Node process that loads
 * the gateway's sources (server.ts and config.ts, through a small swc require hook; @aidgraph/* resolved to their
 * sources as jest maps them) and then lists every module in require.cache.
 */
const ROOT = path.resolve(__dirname, '../..');

const PROBE = `
const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');
const swc = require('@swc/core');
const ROOT = ${JSON.stringify(ROOT)};
const SOURCES = { '@aidgraph/common': 'common/src', '@aidgraph/subgraph-kit': 'subgraphs/kit/src' };
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, parent, ...rest) {
  for (const [name, dir] of Object.entries(SOURCES)) {
    if (request === name) request = path.join(ROOT, dir, 'index.ts');
    else if (request.startsWith(name + '/')) request = path.join(ROOT, dir, request.slice(name.length + 1));
  }
  if (request.startsWith('/') || request.startsWith('.')) {
    const base = path.resolve(path.dirname(parent?.filename ?? ROOT), request);
    for (const candidate of [base + '.ts', path.join(base, 'index.ts')]) if (fs.existsSync(candidate)) return candidate;
  }
  return resolve.call(this, request, parent, ...rest);
};
Module._extensions['.ts'] = (module, filename) => {
  const { code } = swc.transformSync(fs.readFileSync(filename, 'utf8'), {
    filename,
    jsc: { parser: { syntax: 'typescript', decorators: true }, transform: { legacyDecorator: true, decoratorMetadata: true }, target: 'es2022' },
    module: { type: 'commonjs' },
  });
  module._compile(code, filename);
};
require(path.join(ROOT, 'gateway/src/server.ts'));
require(path.join(ROOT, 'gateway/src/config.ts'));
process.stdout.write(JSON.stringify(Object.keys(require.cache)));
`;

describe("the gateway's footprint", () => {
  it('loads @aidgraph/common, and neither the subgraph kit nor an ORM, database driver, schema builder or spreadsheet library', () => {
    const r = spawnSync(process.execPath, ['-e', PROBE], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, APOLLO_TELEMETRY_DISABLED: '1' }, maxBuffer: 64 * 1024 * 1024 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const loaded: string[] = JSON.parse(r.stdout);
    const rel = loaded.map((f) => path.relative(ROOT, f));
    // the probe did load the gateway and the shared package from their sources
    expect(rel).toEqual(expect.arrayContaining(['gateway/src/server.ts', 'gateway/src/config.ts', 'common/src/index.ts', 'common/src/access/tokens.ts']));
    const packageOf = (f: string) => /node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!.*node_modules\/)/.exec(f)?.[1];
    const packages = new Set(rel.map(packageOf).filter(Boolean));
    // what loads is what the gateway does, e.g. @apollo/gateway, jose, pino
    expect([...packages]).toEqual(expect.arrayContaining(['@apollo/gateway', '@apollo/server', 'jose', 'pino', 'graphql']));
    const forbidden = ['typeorm', 'better-sqlite3', 'pg', 'pg-copy-streams', 'type-graphql', 'class-validator', 'exceljs', 'csv-parse', 'dataloader', 'reflect-metadata'];
    expect(forbidden.filter((p) => packages.has(p))).toEqual([]);
    expect(rel.filter((f) => f.startsWith('subgraphs/'))).toEqual([]);
  });
});
