import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import zlib from 'node:zlib';
import { JSDOM } from 'jsdom';
import { ConfigError } from '@aidgraph/subgraph-kit';
import { loadGatewayConfig } from '../src/config';
import { startTestGateway, type TestGateway } from './support/test-gateway';

interface RawAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** the body as sent, still compressed when content-encoding says so */
  raw: Buffer;
  /** the body decoded (gunzip / brotli as content-encoding says) */
  text: string;
}

/** One HTTP request with node:http, so that what is on the wire (content-encoding, sizes, CORS headers) is seen as sent. */
function request(url: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: options.method ?? 'GET', headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const raw = Buffer.concat(chunks);
        const encoding = res.headers['content-encoding'];
        const decoded = encoding === 'gzip' ? zlib.gunzipSync(raw) : encoding === 'br' ? zlib.brotliDecompressSync(raw) : raw;
        resolve({ status: res.statusCode!, headers: res.headers, raw, text: decoded.toString('utf8') });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    if (options.body) req.write(options.body);
    req.end();
  });
}

const PREFLIGHT = { 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,authorization,apollo-require-preflight' };
const TYPENAME = JSON.stringify({ query: '{ __typename }' });

describe('CORS on /graphql', () => {
  let dev: TestGateway;
  let configured: TestGateway;
  let production: TestGateway;
  beforeAll(async () => {
    dev = await startTestGateway();
    configured = await startTestGateway({ CORS_ORIGINS: 'https://portal.jiaozhou.example, http://localhost:5173' });
    production = await startTestGateway({ AIDGRAPH_MODE: 'production' });
  });
  afterAll(async () => {
    await dev?.close();
    await configured?.close();
    await production?.close();
  });

  it('answers an allowed origin\'s preflight 204 with the allowed methods, headers and max-age', async () => {
    const r = await request(configured.url, { method: 'OPTIONS', headers: { origin: 'https://portal.jiaozhou.example', ...PREFLIGHT } });
    expect(r.status).toBe(204);
    expect(r.headers['access-control-allow-origin']).toBe('https://portal.jiaozhou.example');
    expect(r.headers['access-control-allow-methods']).toBe('GET,POST,OPTIONS');
    expect(String(r.headers['access-control-allow-headers']).split(',')).toEqual(
      expect.arrayContaining(['content-type', 'authorization', 'apollo-require-preflight', 'x-apollo-operation-name', 'x-request-id']),
    );
    expect(r.headers['access-control-max-age']).toBe('600');
    expect(r.headers['access-control-allow-credentials']).toBeUndefined();
    expect(String(r.headers.vary)).toMatch(/Origin/);
  });

  it('gives a disallowed origin no CORS header at all, preflight or request', async () => {
    for (const origin of ['https://evil.example', 'https://portal.jiaozhou.example.evil.example', 'http://localhost:3000']) {
      const pre = await request(configured.url, { method: 'OPTIONS', headers: { origin, ...PREFLIGHT } });
      expect(pre.status).toBe(204);
      expect(Object.keys(pre.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
      const post = await request(configured.url, {
        method: 'POST',
        headers: { origin, 'content-type': 'application/json', authorization: `Bearer ${configured.token}` },
        body: TYPENAME,
      });
      expect(Object.keys(post.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
      expect(String(post.headers.vary)).toMatch(/Origin/);
    }
  });

  it("puts Access-Control-Allow-Origin and Vary: Origin on an allowed origin's answer", async () => {
    const r = await request(configured.url, {
      method: 'POST',
      headers: { origin: 'http://localhost:5173', 'content-type': 'application/json', authorization: `Bearer ${configured.token}` },
      body: TYPENAME,
    });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.text)).toEqual({ data: { __typename: 'Query' } });
    expect(r.headers['access-control-allow-origin']).toBe('http://localhost:5173');
    expect(String(r.headers.vary)).toMatch(/Origin/);
  });

  it('allows loopback origins by default in development, and no origin by default in production', async () => {
    for (const origin of ['http://localhost:5173', 'http://127.0.0.1:8080', 'http://[::1]:3000']) {
      const r = await request(dev.url, { method: 'OPTIONS', headers: { origin, ...PREFLIGHT } });
      expect([r.status, r.headers['access-control-allow-origin']]).toEqual([204, origin]);
    }
    const remote = await request(dev.url, { method: 'OPTIONS', headers: { origin: 'https://localhost.evil.example', ...PREFLIGHT } });
    expect(remote.headers['access-control-allow-origin']).toBeUndefined();
    const prod = await request(production.url, { method: 'OPTIONS', headers: { origin: 'http://localhost:5173', ...PREFLIGHT } });
    expect(prod.status).toBe(204);
    expect(prod.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('validates CORS_ORIGINS: exact origins only, `none` for none', () => {
    expect(loadGatewayConfig({ CORS_ORIGINS: 'none' }).CORS_ORIGINS).toEqual([]);
    expect(loadGatewayConfig({ CORS_ORIGINS: 'https://a.example,http://b.example:8080' }).CORS_ORIGINS).toEqual(['https://a.example', 'http://b.example:8080']);
    expect(loadGatewayConfig({}).CORS_ORIGINS).toBeUndefined();
    for (const bad of ['*', 'https://a.example/', 'https://a.example/app', 'a.example', 'ftp://a.example', 'https://A.example', 'https://a.example:443']) {
      let err: unknown;
      try {
        loadGatewayConfig({ CORS_ORIGINS: `https://ok.example,${bad}` });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).issues).toEqual([expect.stringMatching(/^CORS_ORIGINS: entry 2 is not an exact origin/)]);
    }
  });
});

describe('sizes on the wire', () => {
  let gw: TestGateway;
  let plain: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway();
    plain = await startTestGateway({ COMPRESSION: 'false' });
  });
  afterAll(async () => {
    await gw?.close();
    await plain?.close();
  });

  const introspection = JSON.stringify({ query: '{ __schema { types { name description } } }' });
  const post = (g: TestGateway, body: string, headers: Record<string, string> = {}) =>
    request(g.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${g.token}`, ...headers }, body });

  it('compresses a GraphQL answer when the client accepts gzip or br, and not otherwise', async () => {
    const identity = await post(gw, introspection);
    expect(identity.headers['content-encoding']).toBeUndefined();
    const types = JSON.parse(identity.text).data.__schema.types as { name: string }[];
    expect(types.map((t) => t.name)).toContain('Person');
    const gzip = await post(gw, introspection, { 'accept-encoding': 'gzip' });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(String(gzip.headers.vary)).toMatch(/Accept-Encoding/);
    expect(JSON.parse(gzip.text)).toEqual(JSON.parse(identity.text));
    expect(gzip.raw.length).toBeLessThan(identity.raw.length / 3);
    const br = await post(gw, introspection, { 'accept-encoding': 'br, gzip' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(JSON.parse(br.text)).toEqual(JSON.parse(identity.text));
  });

  it('leaves answers under the threshold (1 kB) uncompressed, and all of them with COMPRESSION=false', async () => {
    const small = await post(gw, TYPENAME, { 'accept-encoding': 'gzip' });
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(small.text)).toEqual({ data: { __typename: 'Query' } });
    const off = await post(plain, introspection, { 'accept-encoding': 'gzip' });
    expect(off.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(off.text).data.__schema.types.length).toBeGreaterThan(20);
  });

  it('serves GraphiQL as a small page whose scripts, style and workers are cacheable files of the gateway', async () => {
    const page = await request(`${gw.base}/graphiql`);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.raw.length).toBeLessThan(12_000);
    expect(page.headers['cache-control']).toBe('no-cache');
    expect(page.text).toContain('<title>AidGraph GraphiQL</title>');
    expect(page.text).not.toMatch(/(src|href)="https?:/);
    const settings = JSON.parse(/<script id="aidgraph-graphiql-settings" type="application\/json">(.*?)<\/script>/s.exec(page.text)![1]);
    const urls = [
      ...[...page.text.matchAll(/(?:src|href)="(\/graphiql\/assets\/[^"]+)"/g)].map((m) => m[1]),
      ...(Object.values(settings.workers) as string[]),
    ];
    expect(urls).toHaveLength(7);
    let total = 0;
    for (const url of urls) {
      expect(url).toMatch(/^\/graphiql\/assets\/[a-z.]+\.[0-9a-f]{12}\.(js|css)$/);
      const a = await request(`${gw.base}${url}`);
      expect(a.status).toBe(200);
      expect(a.headers['content-type']).toMatch(url.endsWith('.js') ? /^application\/javascript/ : /^text\/css/);
      expect(a.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(a.headers.etag).toMatch(/^"[0-9a-f]{64}"$/);
      const again = await request(`${gw.base}${url}`, { headers: { 'if-none-match': a.headers.etag! } });
      expect([again.status, again.raw.length]).toEqual([304, 0]);
      total += a.raw.length;
    }
    // everything the old single page inlined (8.9 MB) is in these files, fetched once and then cached
    expect(total).toBeGreaterThan(8_000_000);
    expect((await request(`${gw.base}/graphiql/assets/graphiql.000000000000.js`)).status).toBe(404);
  });

  it('compresses the page and its assets when the client accepts it', async () => {
    const page = await request(`${gw.base}/graphiql`, { headers: { 'accept-encoding': 'gzip' } });
    expect(page.headers['content-encoding']).toBe('gzip');
    expect(page.text).toContain('AidGraph GraphiQL');
    const js = /src="(\/graphiql\/assets\/graphiql\.[0-9a-f]{12}\.js)"/.exec(page.text)![1];
    const plainJs = await request(`${gw.base}${js}`);
    const gzipJs = await request(`${gw.base}${js}`, { headers: { 'accept-encoding': 'gzip' } });
    expect(gzipJs.headers['content-encoding']).toBe('gzip');
    expect(gzipJs.text).toBe(plainJs.text);
    expect(gzipJs.raw.length).toBeLessThan(plainJs.raw.length / 2);
  });
});

describe('GraphiQL sign-in', () => {
  let dir: string;
  let dev: TestGateway;
  let production: TestGateway;
  let jwks: TestGateway;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aidgraph-signin-'));
    // JWKS_FILE '' = unset: the development key set in DEV_KEYS_DIR, as `npm start` runs it
    dev = await startTestGateway({ JWKS_FILE: '', DEV_KEYS_DIR: dir });
    production = await startTestGateway({ AIDGRAPH_MODE: 'production', GRAPHIQL: 'true' });
    jwks = await startTestGateway();
  });
  afterAll(async () => {
    await dev?.close();
    await production?.close();
    await jwks?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const mint = (g: TestGateway, body: unknown) =>
    request(`${g.base}/dev/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const ask = (g: TestGateway, token: string) =>
    request(g.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: TYPENAME });

  it('mints in development a token by role that the gateway accepts', async () => {
    const r = await mint(dev, { role: 'caseworker', township: '370281102' });
    expect(r.status).toBe(200);
    expect(r.headers['cache-control']).toBe('no-store');
    const answer = JSON.parse(r.text);
    expect(answer).toMatchObject({ role: 'caseworker', township: '370281102', subject: 'dev-user' });
    const lifetime = Date.parse(answer.expiresAt) - Date.now();
    expect(lifetime).toBeGreaterThan(8 * 3600_000 - 60_000);
    expect(lifetime).toBeLessThanOrEqual(8 * 3600_000);
    expect(JSON.parse((await ask(dev, answer.token)).text)).toEqual({ data: { __typename: 'Query' } });
    // without a token the same request is refused
    const none = await request(dev.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: TYPENAME });
    expect(JSON.parse(none.text).errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a bad request with BAD_USER_INPUT naming the field, HTTP 400', async () => {
    const cases: [unknown, string, string][] = [
      [{ role: 'caseworker' }, 'township', 'TOWNSHIP_REQUIRED'],
      [{ role: 'caseworker', township: '999999999' }, 'township', 'UNKNOWN_TOWNSHIP'],
      [{ role: 'township_approver' }, 'township', 'TOWNSHIP_REQUIRED'],
      [{ role: 'village_assistant' }, 'village', 'VILLAGE_REQUIRED'],
      [{ role: 'village_assistant', village: '3702810010' }, 'village', 'INVALID_VILLAGE'],
      [{ role: 'village_assistant', village: '999999999001' }, 'village', 'UNKNOWN_VILLAGE'],
      [{ role: 'village_assistant', village: '370281001001', township: '370281002' }, 'township', 'TOWNSHIP_NOT_THE_VILLAGES'],
      [{ role: 'department_officer', department: 'NOPE' }, 'department', 'UNKNOWN_DEPARTMENT'],
      [{ role: 'department_officer' }, 'department', 'DEPARTMENT_REQUIRED'],
      [{ role: 'analyst', expires: '30d' }, 'expires', 'LONGER_THAN_JWT_MAX_AGE'],
      [{ role: 'mayor' }, 'role', 'INVALID'],
      [{ role: 'analyst', extra: 1 }, 'request', 'INVALID'],
    ];
    for (const [body, field, reason] of cases) {
      const r = await mint(dev, body);
      expect(r.status).toBe(400);
      const error = JSON.parse(r.text).errors[0];
      expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason });
      expect(error.extensions.field ?? 'request').toBe(field);
    }
    const notJson = await request(`${dev.base}/dev/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{role' });
    expect(notJson.status).toBe(400);
    expect(notJson.text).not.toMatch(/ at |node_modules/);
  });

  it('refuses a page of another site that reaches it by DNS rebinding (Host or Origin not loopback), 403', async () => {
    const port = new URL(dev.base).port;
    const send = (headers: Record<string, string>) =>
      request(`${dev.base}/dev/token`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ role: 'auditor' }) });
    for (const headers of <Record<string, string>[]>[{ host: 'evil.example' }, { host: `evil.example:${port}`, origin: 'http://evil.example' }, { origin: 'http://evil.example' }]) {
      const r = await send(headers);
      expect({ headers, status: r.status, reason: JSON.parse(r.text).errors?.[0]?.extensions?.reason }).toEqual({ headers, status: 403, reason: 'NOT_LOOPBACK' });
    }
    for (const headers of <Record<string, string>[]>[{ host: `localhost:${port}` }, { host: `127.0.0.1:${port}`, origin: 'http://localhost:5173' }]) {
      const r = await send(headers);
      expect({ headers, status: r.status, role: JSON.parse(r.text).role }).toEqual({ headers, status: 200, role: 'auditor' });
    }
  });

  it('is absent (404) in production, and with a configured key set', async () => {
    expect((await mint(production, { role: 'auditor' })).status).toBe(404);
    expect((await mint(jwks, { role: 'auditor' })).status).toBe(404);
    expect((await request(`${production.base}/graphiql`)).status).toBe(200);
  });

  it('offers the sign-in on the page in development only, and persists GraphiQL headers', async () => {
    const settingsOf = async (g: TestGateway) =>
      JSON.parse(/<script id="aidgraph-graphiql-settings" type="application\/json">(.*?)<\/script>/s.exec((await request(`${g.base}/graphiql`)).text)![1]);
    const d = await settingsOf(dev);
    expect(d.graphiql.shouldPersistHeaders).toBe(true);
    expect(d.devSignIn).toMatchObject({ url: '/dev/token', roles: ['caseworker', 'township_approver', 'village_assistant', 'department_officer', 'analyst', 'auditor', 'public'], maxAge: '12h' });
    expect(d.devSignIn.townships).toHaveLength(14);
    expect(d.devSignIn.departments).toContain('MEDICAL_SECURITY');
    const p = await settingsOf(production);
    expect(p.graphiql.shouldPersistHeaders).toBe(true);
    expect(p.devSignIn).toBeNull();
  });

  /**
   * The page in a DOM (jsdom) with its sign-in script running against the gateway; GraphiQL itself (5 MB, Monaco) is
   * replaced by a stand-in that records what it is started with.
   */
  async function openPage(g: TestGateway, stored?: string) {
    const html = (await request(`${g.base}/graphiql`)).text;
    const dom = new JSDOM(html, { url: `${g.base}/graphiql`, runScripts: 'outside-only' });
    const w = dom.window as any;
    const started: { root: Element; props: any }[] = [];
    w.YogaGraphiQL = { renderYogaGraphiQL: (root: Element, props: any) => started.push({ root, props }) };
    w.fetch = (url: string, init: RequestInit) => fetch(new URL(String(url), `${g.base}/`), init);
    if (stored) w.localStorage.setItem('aidgraph:graphiql:token', stored);
    const src = /<script src="(\/graphiql\/assets\/signin\.[0-9a-f]{12}\.js)"><\/script>/.exec(html)![1];
    w.eval((await request(`${g.base}${src}`)).text);
    const doc = w.document as Document;
    return { dom, w, doc, started, text: () => doc.getElementById('aidgraph-signin')!.textContent ?? '' };
  }
  async function until(what: string, condition: () => boolean) {
    for (let i = 0; i < 500 && !condition(); i++) await new Promise((r) => setTimeout(r, 10));
    if (!condition()) throw new Error(`never happened: ${what}`);
  }
  const submit = (w: any, form: Element) => form.dispatchEvent(new w.Event('submit', { cancelable: true }));

  it('asks for a token before GraphiQL starts, signs in by role, and starts GraphiQL with the token on every request', async () => {
    const page = await openPage(dev);
    await until('the sign-in form', () => page.doc.querySelectorAll('form').length === 2);
    expect(page.started).toHaveLength(0);
    expect(page.text()).toContain('Development sign-in');
    const role = page.doc.getElementById('aidgraph-role') as HTMLSelectElement;
    role.value = 'caseworker';
    role.dispatchEvent(new page.w.Event('change'));
    expect((page.doc.getElementById('aidgraph-township')!.parentElement as HTMLElement).hidden).toBe(false);
    (page.doc.getElementById('aidgraph-township') as HTMLSelectElement).value = '370281105';
    submit(page.w, page.doc.querySelectorAll('form')[1]);
    await until('GraphiQL started', () => page.started.length === 1);
    const { props, root } = page.started[0];
    expect(root.id).toBe('root');
    expect(props).toMatchObject({ endpoint: '/graphql', shouldPersistHeaders: true, title: 'AidGraph GraphiQL' });
    const token = page.w.localStorage.getItem('aidgraph:graphiql:token');
    expect(page.text()).toMatch(/^caseworker 370281105 · dev-user · until /);
    // what GraphiQL sends for the schema's introspection (no Headers tab yet): the token, and the gateway answers it
    const headers = props.additionalHeaders({ extensions: {} });
    expect(headers).toEqual({ Authorization: `Bearer ${token}` });
    const schema = await request(dev.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query: '{ __schema { queryType { name } } }' }),
    });
    expect(JSON.parse(schema.text)).toEqual({ data: { __schema: { queryType: { name: 'Query' } } } });
    page.dom.window.close();

    // after a reload GraphiQL starts at once with the saved token
    const again = await openPage(dev, token);
    await until('GraphiQL started again', () => again.started.length === 1);
    expect(again.doc.querySelectorAll('form')).toHaveLength(0);
    expect(again.started[0].props.additionalHeaders({})).toEqual({ Authorization: `Bearer ${token}` });
    again.dom.window.close();
  });

  it('signs in a village assistant by its village, and shows the gateway\'s refusal of a bad village code', async () => {
    const page = await openPage(dev);
    await until('the sign-in form', () => page.doc.querySelectorAll('form').length === 2);
    const role = page.doc.getElementById('aidgraph-role') as HTMLSelectElement;
    const row = (id: string) => page.doc.getElementById(id)!.parentElement as HTMLElement;
    role.value = 'township_approver';
    role.dispatchEvent(new page.w.Event('change'));
    expect([row('aidgraph-township').hidden, row('aidgraph-village').hidden]).toEqual([false, true]);
    role.value = 'village_assistant';
    role.dispatchEvent(new page.w.Event('change'));
    expect([row('aidgraph-township').hidden, row('aidgraph-village').hidden, row('aidgraph-department').hidden]).toEqual([true, false, true]);
    const village = page.doc.getElementById('aidgraph-village') as HTMLInputElement;
    village.value = '3702810';
    submit(page.w, page.doc.querySelectorAll('form')[1]);
    await until('the refusal', () => page.text().includes('not a village code'));
    expect(page.started).toHaveLength(0);
    village.value = ' 370281105203 ';
    submit(page.w, page.doc.querySelectorAll('form')[1]);
    await until('GraphiQL started', () => page.started.length === 1);
    expect(page.text()).toMatch(/^village_assistant 370281105203 · dev-user · until /);
    page.dom.window.close();
  });

  it('takes a pasted token, and says why one is refused', async () => {
    const page = await openPage(dev);
    await until('the sign-in form', () => page.doc.querySelectorAll('form').length === 2);
    const pasted = page.doc.getElementById('aidgraph-token') as HTMLTextAreaElement;
    const form = page.doc.querySelectorAll('form')[0];
    // signed by another key: the gateway refuses it, GraphiQL does not start
    pasted.value = `Bearer ${jwks.token}`;
    submit(page.w, form);
    await until('the refusal', () => page.text().includes('The gateway refuses this token'));
    expect(page.started).toHaveLength(0);
    pasted.value = 'hello';
    submit(page.w, form);
    await until('the refusal', () => page.text().includes('This is not a token'));
    const token = JSON.parse((await mint(dev, { role: 'auditor', expires: '1h' })).text).token;
    pasted.value = `  Bearer ${token} `;
    submit(page.w, form);
    await until('GraphiQL started', () => page.started.length === 1);
    expect(page.w.localStorage.getItem('aidgraph:graphiql:token')).toBe(token);
    page.dom.window.close();

    // a saved token the gateway no longer accepts: back to the form, with the reason
    const stale = await openPage(dev, jwks.token);
    await until('the form', () => stale.doc.querySelectorAll('form').length === 2);
    expect(stale.text()).toContain('Your saved token is no longer accepted');
    expect(stale.w.localStorage.getItem('aidgraph:graphiql:token')).toBeNull();
    stale.dom.window.close();
  });

  it('offers no development sign-in where the gateway has none', async () => {
    const page = await openPage(production);
    await until('the form', () => page.doc.querySelectorAll('form').length === 1);
    expect(page.text()).not.toContain('Development sign-in');
    expect(page.text()).toContain('Paste your token');
    page.dom.window.close();
  });

  it("ships a sign-in script that sends the token with every request (introspection included) unless the Headers tab has one", async () => {
    const page = (await request(`${dev.base}/graphiql`)).text;
    const src = /<script src="(\/graphiql\/assets\/signin\.[0-9a-f]{12}\.js)"><\/script>\s*<\/body>/.exec(page)![1];
    const code = (await request(`${dev.base}${src}`)).text;
    const context: Record<string, any> = { atob: (s: string) => Buffer.from(s, 'base64').toString('latin1') };
    vm.runInNewContext(code, context);
    const s = context.AidGraphSignIn;
    const token = (await JSON.parse((await mint(dev, { role: 'analyst' })).text)).token as string;
    const now = Date.now() / 1000;
    expect(s.normalizeToken(`  "Bearer ${token}"\n`)).toBe(token);
    expect(s.tokenProblem(token, now)).toBeNull();
    expect(s.tokenProblem(token, now + 9 * 3600)).toMatch(/^This token expired at /);
    expect(s.tokenProblem('not-a-token', now)).toMatch(/not a token/);
    expect(s.decodeClaims(token)).toMatchObject({ role: 'analyst', sub: 'dev-user' });
    expect(s.authorizationFor(undefined, token)).toEqual({ Authorization: `Bearer ${token}` });
    expect(s.authorizationFor({ 'x-request-id': 'a' }, token)).toEqual({ Authorization: `Bearer ${token}` });
    expect(s.authorizationFor({ authorization: 'Bearer other' }, token)).toEqual({});
    // a new sign-in drops an older Authorization from GraphiQL's persisted headers and tabs, and keeps the rest
    const store = new Map<string, string>([
      ['graphiql:headers', JSON.stringify({ Authorization: 'Bearer old', 'x-request-id': 'r1' })],
      ['graphiql:tabState', JSON.stringify({ activeTabIndex: 0, tabs: [{ id: 't', query: '{ a }', headers: '{"authorization":"Bearer old"}' }, { id: 'u', headers: 'not json' }] })],
    ]);
    s.forgetStoredAuthorization({ getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => store.set(k, v) });
    expect(JSON.parse(store.get('graphiql:headers')!)).toEqual({ 'x-request-id': 'r1' });
    const tabs = JSON.parse(store.get('graphiql:tabState')!).tabs;
    expect([JSON.parse(tabs[0].headers), tabs[0].query, tabs[1].headers]).toEqual([{}, '{ a }', 'not json']);
  });
});
