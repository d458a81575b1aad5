import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { decodeJwt } from 'jose';
import { createTokenVerifier } from '@aidgraph/common';
import { runTokenCommand } from '../src/token';

/** Run the token command in-process; what it printed and its exit code. */
async function token(args: string[], env: Record<string, string>) {
  let out = '';
  let err = '';
  const code = await runTokenCommand(args, env, { out: (t) => void (out += t), err: (t) => void (err += t) });
  return { code, out, err, last: out.trimEnd().split('\n').pop() ?? '' };
}

describe('npm run token', () => {
  let dir: string;
  let env: Record<string, string>;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aidgraph-token-'));
    env = { DEV_KEYS_DIR: dir };
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const verifier = (maxAge: string) => createTokenVerifier({ devKeysDir: dir, issuer: 'aidgraph-dev', audience: 'aidgraph', algorithms: ['ES256'], maxAge });

  it('prints on the last line of stdout a token the gateway accepts, for 8 hours by default', async () => {
    const r = await token(['--role', 'caseworker', '--township', '370281001'], env);
    expect([r.code, r.err]).toEqual([0, '']);
    expect(r.out.split('\n')).toHaveLength(2);
    expect(await (await verifier('12h'))(`Bearer ${r.last}`)).toEqual({ subject: 'dev-user', role: 'caseworker', township: '370281001', department: undefined });
    const claims = decodeJwt(r.last);
    expect(claims.exp! - claims.iat!).toBe(8 * 3600);
  });

  it('refuses a lifetime longer than JWT_MAX_AGE with a message that says so, and prints no token', async () => {
    const r = await token(['--role', 'analyst', '--expires', '30d'], env);
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toContain('JWT_MAX_AGE=12h');
    expect(r.err).toMatch(/refused: a token for 30d/);
    // exactly the maximum is accepted, and the gateway takes it
    const max = await token(['--role', 'analyst', '--expires', '12h'], env);
    expect(max.code).toBe(0);
    expect((await (await verifier('12h'))(`Bearer ${max.last}`)).role).toBe('analyst');
  });

  it('reads the same JWT_MAX_AGE as the gateway: a longer maximum allows longer tokens, a shorter one shortens the default', async () => {
    const long = await token(['--role', 'auditor', '--expires', '2d'], { ...env, JWT_MAX_AGE: '48h' });
    expect(long.code).toBe(0);
    expect((await (await verifier('48h'))(`Bearer ${long.last}`)).role).toBe('auditor');
    await expect((await verifier('12h'))(`Bearer ${long.last}`)).rejects.toThrow();
    expect((await token(['--role', 'auditor', '--expires', '3d'], { ...env, JWT_MAX_AGE: '48h' })).err).toContain('JWT_MAX_AGE=48h');
    const short = await token(['--role', 'analyst'], { ...env, JWT_MAX_AGE: '1h' });
    const claims = decodeJwt(short.last);
    expect(claims.exp! - claims.iat!).toBe(3600);
    expect((await token(['--role', 'analyst'], { ...env, JWT_MAX_AGE: 'a while' })).code).toBe(2);
  });

  it('refuses production mode, a bad duration and a caseworker without a township', async () => {
    const prod = await token(['--role', 'analyst'], { ...env, AIDGRAPH_MODE: 'production' });
    expect([prod.code, prod.out]).toEqual([1, '']);
    expect(prod.err).toContain('production mode');
    const bad = await token(['--role', 'analyst', '--expires', 'soon'], env);
    expect([bad.code, bad.out]).toEqual([1, '']);
    expect(bad.err).toContain('a duration such as 8h');
    const zero = await token(['--role', 'analyst', '--expires', '0m'], env);
    expect([zero.code, zero.out]).toEqual([1, '']);
    const caseworker = await token(['--role', 'caseworker'], env);
    expect([caseworker.code, caseworker.out]).toEqual([1, '']);
    expect(caseworker.err).toContain('370281001 (阜安街道)');
    expect((await token(['--role', 'department_officer', '--department', 'NOPE'], env)).code).toBe(1);
  });

  it('mints a township approver for a township and a village assistant for a village (its township the village\'s)', async () => {
    const approver = await token(['--role', 'township_approver', '--township', '370281002'], env);
    expect([approver.code, approver.err]).toEqual([0, '']);
    expect(await (await verifier('12h'))(`Bearer ${approver.last}`)).toEqual({ subject: 'dev-user', role: 'township_approver', township: '370281002' });
    const assistant = await token(['--role', 'village_assistant', '--village', '370281002205', '--subject', 'va-7'], env);
    expect([assistant.code, assistant.err]).toEqual([0, '']);
    expect(await (await verifier('12h'))(`Bearer ${assistant.last}`)).toEqual({ subject: 'va-7', role: 'village_assistant', township: '370281002', village: '370281002205' });
    expect(decodeJwt(assistant.last)).toMatchObject({ role: 'village_assistant', township: '370281002', village: '370281002205' });
    // the same village with its own township given is fine
    expect((await token(['--role', 'village_assistant', '--village', '370281002205', '--township', '370281002'], env)).code).toBe(0);
  });

  it('refuses a township approver without a valid township and a village assistant without a valid village, saying what is wanted', async () => {
    const cases: [string[], RegExp][] = [
      [['--role', 'township_approver'], /a township_approver token needs a township, one of: 370281001 \(阜安街道\)/],
      [['--role', 'township_approver', '--township', '370281999'], /unknown township/],
      [['--role', 'village_assistant'], /a village_assistant token needs a village \(--village\), 12 digits/],
      [['--role', 'village_assistant', '--township', '370281001'], /needs a village/],
      [['--role', 'village_assistant', '--village', '37028100100'], /not a village code: 12 digits/],
      [['--role', 'village_assistant', '--village', '37028100100a'], /not a village code/],
      [['--role', 'village_assistant', '--village', '370281999001'], /unknown village: its first 9 digits are no township/],
      [['--role', 'village_assistant', '--village', '370281001001', '--township', '370281002'], /township is its village's \(370281001\)/],
      // a scope the role does not carry is refused, not silently dropped
      [['--role', 'public', '--township', '370281001'], /a public token carries no township, village or department: leave --township out/],
      [['--role', 'public', '--village', '370281001001'], /leave --village out/],
      [['--role', 'analyst', '--department', 'EDUCATION'], /an? analyst token carries no township, village or department: leave --department out/],
      [['--role', 'caseworker', '--township', '370281001', '--village', '370281001001'], /a caseworker token carries a township only: leave --village out/],
      [['--role', 'department_officer', '--department', 'EDUCATION', '--township', '370281001'], /a department_officer token carries a department only: leave --township out/],
    ];
    for (const [args, message] of cases) {
      const r = await token(args, env);
      expect({ args, code: r.code, out: r.out }).toEqual({ args, code: 1, out: '' });
      expect(r.err).toMatch(message);
    }
  });

  it('imports only what it needs: not the kit, only small modules of @aidgraph/common (not its index)', () => {
    // the module graph of src/token.ts, followed through relative and @aidgraph/common deep imports
    const commonSrc = path.resolve(__dirname, '../../common/src');
    const files = new Set<string>();
    const packages = new Set<string>();
    const visit = (file: string) => {
      if (files.has(file)) return;
      files.add(file);
      for (const { fileName: spec } of ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, true).importedFiles) {
        const common = /^@aidgraph\/common(?:\/(.+))?$/.exec(spec);
        if (common) visit(common[1] ? path.join(commonSrc, `${common[1]}.ts`) : path.join(commonSrc, 'index.ts'));
        else if (spec.startsWith('.')) {
          const base = path.resolve(path.dirname(file), spec);
          const candidates = [`${base}.ts`, path.join(base, 'index.ts'), base];
          const found = candidates.find((c) => fs.existsSync(c) && fs.statSync(c).isFile());
          if (found?.endsWith('.ts')) visit(found);
        } else packages.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]);
      }
    };
    visit(path.resolve(__dirname, '../src/token.ts'));
    expect(files.has(path.join(commonSrc, 'index.ts'))).toBe(false);
    expect([...packages].sort()).toEqual(['commander', 'graphql', 'jose', 'lru-cache', 'node:crypto', 'node:fs', 'node:path', 'node:util', 'zod']);
    expect([...files].filter((f) => f.startsWith(commonSrc)).map((f) => path.relative(commonSrc, f)).sort()).toEqual([
      'access/identity.ts',
      'access/keys.ts',
      'access/tokens.ts',
      'domain/departments.ts',
      'domain/divisions.ts',
      'env-file.ts',
      'errors.ts',
    ]);
  });
});
