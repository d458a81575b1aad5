import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { envFilesFor, loadEnvFiles, packageDirOf, readEnvFiles, workspaceRootOf } from './env-file';

// `.env` files: the real environment > <package>/.env > <repository root>/.env, read before configuration is validated.
describe('.env files', () => {
  let root: string;
  let pkg: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'aidgraph-env-'));
    pkg = path.join(root, 'subgraphs/education');
    fs.mkdirSync(path.join(pkg, 'dist'), { recursive: true });
    fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify({ workspaces: ['subgraphs/*'] }));
    fs.writeFileSync(path.join(pkg, 'package.json'), JSON.stringify({ name: '@aidgraph/education' }));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('fill in what the environment does not set: the package\'s own file over the root\'s', () => {
    fs.writeFileSync(path.join(root, '.env'), 'AIDGRAPH_MODE=development\nLOG_LEVEL=debug\nGATEWAY_SIGNING_KEY="a shared secret # not a comment"\nSEED_SIZE=100\n');
    fs.writeFileSync(path.join(pkg, '.env'), '# the education subgraph\nPORT=4102\nLOG_LEVEL=warn\nSEED_SIZE=200\n');
    const env: NodeJS.ProcessEnv = { SEED_SIZE: '300', INTROSPECTION: '' };
    const files = loadEnvFiles(pkg, env);
    expect(files).toEqual([path.join(pkg, '.env'), path.join(root, '.env')]);
    expect(env).toEqual({
      SEED_SIZE: '300', // the environment wins
      INTROSPECTION: '', // set, even empty: never replaced
      PORT: '4102',
      LOG_LEVEL: 'warn', // the package's file over the root's
      AIDGRAPH_MODE: 'development',
      GATEWAY_SIGNING_KEY: 'a shared secret # not a comment',
    });
  });

  it('are not read with ENV_FILES=off', () => {
    fs.writeFileSync(path.join(pkg, '.env'), 'PORT=4102\n');
    const env: NodeJS.ProcessEnv = { ENV_FILES: 'off' };
    expect(loadEnvFiles(pkg, env)).toEqual([]);
    expect(env).toEqual({ ENV_FILES: 'off' });
  });

  it('are optional: without any, nothing changes', () => {
    const env: NodeJS.ProcessEnv = { PORT: '4002' };
    expect(loadEnvFiles(pkg, env)).toEqual([]);
    expect(env).toEqual({ PORT: '4002' });
    expect(readEnvFiles(pkg)).toEqual({});
  });

  it('are found from the running program: its package folder, and the workspace root above it', () => {
    fs.writeFileSync(path.join(root, '.env'), 'X=1\n');
    expect(packageDirOf(path.join(pkg, 'dist'))).toBe(pkg);
    expect(workspaceRootOf(pkg)).toBe(root);
    expect(envFilesFor(pkg)).toEqual([path.join(root, '.env')]);
    // run from the root itself, the root's file is read once
    expect(envFilesFor(root)).toEqual([path.join(root, '.env')]);
  });
});
