import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Supervisor, backoffDelay, type ServiceEvent, type ServiceSpec } from '../src/runner';
import { DEMO_TODAY, SUPERVISION_SUBJECT, clockNote, createReporter, main, stackServices, supervisionServiceToken } from '../src/start';
import { createTokenVerifier } from '@aidgraph/common/access/tokens';
import { REFERENCE_DATE } from '@aidgraph/population';

// The local runner (`npm start`): fake services (test/fixtures/fake-service.js, a small HTTP server each) stand in for
// the subgraphs and the gateway; a real process is killed and must come back while the others keep answering.

const FAKE = path.join(__dirname, 'fixtures/fake-service.js');

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

async function fakeService(name: string, env: Record<string, string> = {}): Promise<ServiceSpec> {
  const port = await freePort();
  return {
    name,
    command: process.execPath,
    args: [FAKE],
    cwd: __dirname,
    env: { ...process.env, SERVICE_NAME: name, PORT: String(port), ...env },
    url: `http://127.0.0.1:${port}/graphql`,
    readyUrl: `http://127.0.0.1:${port}/ready`,
  };
}

async function ask(spec: ServiceSpec): Promise<{ name: string; pid: number }> {
  const res = await fetch(spec.url, { signal: AbortSignal.timeout(5000) });
  return (await res.json()) as { name: string; pid: number };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Collects a supervisor's events; `next` resolves with the first event (seen or coming) that matches. */
function recorder(supervisor: Supervisor) {
  const events: ServiceEvent[] = [];
  const waiting: { match: (e: ServiceEvent) => boolean; resolve: (e: ServiceEvent) => void; from: number }[] = [];
  supervisor.on('event', (e: ServiceEvent) => {
    events.push(e);
    for (const w of [...waiting]) if (w.match(e)) {
      waiting.splice(waiting.indexOf(w), 1);
      w.resolve(e);
    }
  });
  return {
    events,
    next<T extends ServiceEvent['type']>(type: T, service: string, where: (e: Extract<ServiceEvent, { type: T }>) => boolean = () => true, from = 0) {
      const match = (e: ServiceEvent) => e.type === type && e.service === service && where(e as Extract<ServiceEvent, { type: T }>);
      const seen = events.slice(from).find(match);
      if (seen) return Promise.resolve(seen as Extract<ServiceEvent, { type: T }>);
      return new Promise<Extract<ServiceEvent, { type: T }>>((resolve) => waiting.push({ match, resolve: resolve as (e: ServiceEvent) => void, from }));
    },
  };
}

describe('a service of a runner that is killed outright (SIGKILL)', () => {
  it('ends too (tools/parent-watch.js: its stdin pipe from the runner closes), freeing its port', async () => {
    const spec = await fakeService('medical');
    // a stand-in runner: spawns the service as the Supervisor does (stdin a pipe, parent-watch preloaded), prints its pid
    const runner = require('node:child_process').spawn(process.execPath, ['-e', `
      const { spawn } = require('node:child_process');
      const child = spawn(process.execPath, ['--require', ${JSON.stringify(path.resolve(__dirname, '../parent-watch.js'))}, ${JSON.stringify(FAKE)}], { stdio: ['pipe', 'ignore', 'ignore'], env: process.env });
      console.log(child.pid);
      setInterval(() => {}, 1000);
    `], { env: spec.env, stdio: ['ignore', 'pipe', 'ignore'] });
    const servicePid = Number(await new Promise<string>((resolve) => runner.stdout.once('data', (d: Buffer) => resolve(d.toString()))));
    for (let i = 0; i < 100 && !(await ask(spec).then(() => true, () => false)); i++) await new Promise((r) => setTimeout(r, 100));
    expect((await ask(spec)).pid).toBe(servicePid);
    runner.kill('SIGKILL');
    for (let i = 0; i < 50 && alive(servicePid); i++) await new Promise((r) => setTimeout(r, 100));
    expect(alive(servicePid)).toBe(false);
  });
});

describe('backoff', () => {
  it('doubles from the initial delay per consecutive crash, up to the cap', () => {
    const o = { initialMs: 1000, maxMs: 30_000, resetAfterMs: 60_000 };
    expect([1, 2, 3, 4, 5, 6, 7, 20].map((n) => backoffDelay(n, o))).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
  });
});

describe('the local runner', () => {
  let supervisor: Supervisor | undefined;
  afterEach(async () => {
    await supervisor?.stop();
    supervisor = undefined;
  });

  it('keeps the others up when one is killed, restarts it and reports it down and back', async () => {
    const specs = [await fakeService('civil-affairs'), await fakeService('medical'), await fakeService('gateway')];
    const out: string[] = [];
    const reporter = createReporter({ json: false, verbose: false, color: false, write: (t) => out.push(t), services: specs, mode: 'development' });
    supervisor = new Supervisor(specs, { backoff: { initialMs: 200, maxMs: 1000 }, probeIntervalMs: 50 });
    supervisor.on('event', reporter.event);
    const rec = recorder(supervisor);
    supervisor.start();
    await Promise.all(specs.map((s) => rec.next('ready', s.name)));
    expect(out.join('')).toContain('AidGraph is up: http://127.0.0.1:');

    const medicalPid = supervisor.pids().medical!;
    expect((await ask(specs[1])).pid).toBe(medicalPid);
    const mark = rec.events.length;
    process.kill(medicalPid, 'SIGKILL');
    const down = await rec.next('down', 'medical', () => true, mark);
    expect(down).toMatchObject({ signal: 'SIGKILL', code: null, restartInMs: 200 });
    // while it is down the others answer, from the processes they had
    const others = [supervisor.pids()['civil-affairs'], supervisor.pids().gateway];
    expect([(await ask(specs[0])).pid, (await ask(specs[2])).pid]).toEqual(others);

    const back = await rec.next('ready', 'medical', (e) => e.restarts === 1, mark);
    expect(back.url).toBe(specs[1].url);
    const answer = await ask(specs[1]);
    expect(answer.name).toBe('medical');
    expect(answer.pid).not.toBe(medicalPid);
    expect(alive(medicalPid)).toBe(false);

    const text = out.join('');
    expect(text).toMatch(/medical\s+down\s+killed by SIGKILL; restarting in 0\.2 s/);
    expect(text).toMatch(new RegExp(`medical\\s+restarted\\s+${specs[1].url.replace(/[.]/g, '\\.')}\\s+\\(back after 1 restart;`));
    // one ready line per service, warnings and plain output shown, info lines left out (no --verbose)
    for (const s of specs) expect(text.match(new RegExp(`${s.name}\\s+ready\\s`, 'g'))).toHaveLength(1);
    expect(text).toContain('medical warns');
    expect(text).toContain('| plain text on stderr');
    expect(text).not.toContain('medical listening');
  });

  it('says which service is down when the rest are up (a subgraph whose schema does not build exits with code 2)', async () => {
    const specs = [await fakeService('civil-affairs'), await fakeService('education', { FAKE_EXIT_CODE: '2' }), await fakeService('gateway')];
    const out: string[] = [];
    const reporter = createReporter({ json: false, verbose: false, color: false, write: (t) => out.push(t), services: specs, mode: 'development' });
    supervisor = new Supervisor(specs, { backoff: { initialMs: 200, maxMs: 1000 }, probeIntervalMs: 50 });
    supervisor.on('event', reporter.event);
    const rec = recorder(supervisor);
    supervisor.start();
    await Promise.all([rec.next('ready', 'civil-affairs'), rec.next('ready', 'gateway'), rec.next('down', 'education')]);
    const text = out.join('');
    expect(text).toContain('AidGraph is up (without education: down, see above): http://127.0.0.1:');
    expect(text).not.toContain('AidGraph is up: ');
  });

  it('waits longer after each consecutive crash, and does not restart a service whose configuration is invalid', async () => {
    const crashing = await fakeService('housing', { FAKE_EXIT_CODE: '1' });
    const misconfigured = await fakeService('charity', { FAKE_EXIT_CODE: '2' });
    supervisor = new Supervisor([crashing, misconfigured], { backoff: { initialMs: 20, maxMs: 80 }, probeIntervalMs: 50 });
    const rec = recorder(supervisor);
    supervisor.start();
    const delays: (number | null)[] = [];
    for (let i = 0; i < 5; i++) {
      const from = rec.events.length;
      delays.push((await rec.next('down', 'housing', () => true, from)).restartInMs);
    }
    expect(delays).toEqual([20, 40, 80, 80, 80]);
    const charity = await rec.next('down', 'charity');
    expect(charity).toMatchObject({ code: 2, restartInMs: null });
    expect(rec.events.filter((e) => e.type === 'starting' && e.service === 'charity')).toHaveLength(1);
  });

  it('stops every process on stop, killing one that ignores SIGTERM, and starts none again', async () => {
    const specs = [await fakeService('education'), await fakeService('disability', { FAKE_IGNORE_SIGTERM: '1' })];
    supervisor = new Supervisor(specs, { probeIntervalMs: 50, stopTimeoutMs: 300 });
    const rec = recorder(supervisor);
    supervisor.start();
    await Promise.all(specs.map((s) => rec.next('ready', s.name)));
    const pids = Object.values(supervisor.pids()) as number[];
    expect(pids.every(alive)).toBe(true);
    await supervisor.stop();
    expect(pids.filter(alive)).toEqual([]);
    expect(rec.events.filter((e) => e.type === 'stopped').map((e) => [e.service, (e as { signal: string | null }).signal])).toEqual(
      expect.arrayContaining([['education', null], ['disability', 'SIGKILL']]),
    );
    expect(rec.events.some((e) => e.type === 'down')).toBe(false);
    expect(supervisor.pids()).toEqual({ education: undefined, disability: undefined });
  });

  it('ends, saying so, when every service is down for good', async () => {
    const specs = [await fakeService('civil-affairs', { FAKE_EXIT_CODE: '2' }), await fakeService('gateway', { FAKE_EXIT_CODE: '2' })];
    const out: string[] = [];
    const code = await new Promise<number>((resolve) => {
      void main(['node', 'start'], { services: specs, write: (t) => out.push(t), exit: resolve, signals: false, supervisor: { probeIntervalMs: 50 } }).then((s) => (supervisor = s));
    });
    expect(code).toBe(1);
    const text = out.join('');
    expect(text).toContain('starting 1 subgraph and the gateway in development mode');
    expect(text).toMatch(/civil-affairs\s+down\s+exit code 2; invalid configuration or a schema that does not build \(see its message above\): not restarted/);
    expect(text).toMatch(/gateway\s+down\s+exit code 2; invalid configuration or a schema that does not build \(see its message above\): not restarted/);
    expect(text).toContain('every service has stopped and none is restarted');
  });

  it('refuses to start when a port it needs is in use', async () => {
    const spec = await fakeService('gateway');
    const busy = net.createServer().listen(Number(new URL(spec.url).port), '127.0.0.1');
    await new Promise((r) => busy.once('listening', r));
    try {
      const out: string[] = [];
      let code: number | undefined;
      const result = await main(['node', 'start'], { services: [spec], write: (t) => out.push(t), exit: (c) => (code = c), signals: false });
      expect(result).toBeUndefined();
      expect(code).toBe(1);
      expect(out.join('')).toContain(`gateway (${new URL(spec.url).port}): the port is in use; is AidGraph already running?`);
    } finally {
      busy.close();
    }
  });

  it('writes JSON lines in production, passing the services\' own log lines through unchanged', () => {
    const specs: ServiceSpec[] = [{ name: 'gateway', command: 'node', args: [], cwd: '.', url: 'http://localhost:4000/graphql', readyUrl: 'http://127.0.0.1:4000/ready' }];
    const out: string[] = [];
    const reporter = createReporter({ json: true, verbose: false, color: false, write: (t) => out.push(t), services: specs, mode: 'production' });
    const own = JSON.stringify({ level: 30, time: 1, name: 'gateway', msg: 'gateway ready' });
    reporter.event({ type: 'log', service: 'gateway', stream: 'stdout', line: own });
    reporter.event({ type: 'log', service: 'gateway', stream: 'stderr', line: 'a stack trace line' });
    reporter.event({ type: 'ready', service: 'gateway', url: specs[0].url, ms: 1200, restarts: 0 });
    reporter.event({ type: 'down', service: 'gateway', code: 1, signal: null, restartInMs: 1000, upMs: 5000 });
    const lines = out.join('').trimEnd().split('\n');
    expect(lines[0]).toBe(own);
    const parsed = lines.map((l) => JSON.parse(l));
    expect(parsed[1]).toMatchObject({ level: 50, name: 'gateway', msg: 'a stack trace line' });
    expect(parsed[2]).toMatchObject({ name: 'runner', event: 'ready', service: 'gateway', url: 'http://localhost:4000/graphql', ms: 1200 });
    expect(parsed.find((p) => p.event === 'down')).toMatchObject({ level: 50, service: 'gateway', code: 1, restartInMs: 1000 });
  });
});

describe('the services of the stack', () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'aidgraph-start-'));
    const subgraphs = [
      { name: 'civil-affairs', dir: 'subgraphs/civil-affairs', url: 'http://127.0.0.1:4001/graphql', personFields: [] },
      { name: 'legal-aid', dir: 'subgraphs/legal-aid', url: 'http://127.0.0.1:4007/graphql', personFields: [] },
    ];
    fs.mkdirSync(path.join(root, 'schema'));
    fs.writeFileSync(path.join(root, 'schema/subgraphs.json'), JSON.stringify({ subgraphs }));
    fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify({ workspaces: ['subgraphs/*', 'gateway'] }));
    for (const dir of [...subgraphs.map((s) => s.dir), 'gateway']) {
      fs.mkdirSync(path.join(root, dir), { recursive: true });
      fs.writeFileSync(path.join(root, dir, 'package.json'), '{}');
    }
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('are every subgraph of schema/subgraphs.json, then the gateway, on their own ports', () => {
    fs.writeFileSync(path.join(root, 'subgraphs/legal-aid/.env'), 'PORT=5107\n');
    fs.writeFileSync(path.join(root, '.env'), 'PORT=9999\nHOST=0.0.0.0\n');
    const services = stackServices(root, { PATH: '/bin', PORT: '1234', LOG_LEVEL: 'warn' });
    expect(services.map((s) => [s.name, s.url, s.readyUrl, s.env?.PORT])).toEqual([
      ['civil-affairs', 'http://127.0.0.1:4001/graphql', 'http://127.0.0.1:4001/ready', '4001'],
      ['legal-aid', 'http://127.0.0.1:5107/graphql', 'http://127.0.0.1:5107/ready', '5107'],
      ['gateway', 'http://localhost:4000/graphql', 'http://127.0.0.1:4000/ready', '4000'],
    ]);
    expect(services.every((s) => s.args[0] === '--require' && s.args[1].endsWith(path.join('tools', 'parent-watch.js')))).toBe(true);
    expect(services.map((s) => s.args[2])).toEqual(
      ['subgraphs/civil-affairs', 'subgraphs/legal-aid', 'gateway'].map((d) => path.join(root, d, 'dist/index.js')),
    );
    const gateway = services[2].env!;
    expect(gateway.SUBGRAPH_LEGAL_AID_URL).toBe('http://127.0.0.1:5107/graphql');
    expect(gateway.LOG_LEVEL).toBe('warn');
    expect(services.every((s) => s.cwd === root)).toBe(true);
    // the departments ask the civil-affairs subgraph this runner started, not a default address
    expect(services.map((s) => s.env?.REGISTRY_URL)).toEqual([undefined, 'http://127.0.0.1:4001/graphql', undefined]);
  });

  it('point the departments at civil affairs where its .env puts it, unless they set REGISTRY_URL themselves', () => {
    fs.writeFileSync(path.join(root, 'subgraphs/civil-affairs/.env'), 'PORT=5101\n');
    expect(stackServices(root, {})[1].env?.REGISTRY_URL).toBe('http://127.0.0.1:5101/graphql');
    fs.writeFileSync(path.join(root, 'subgraphs/legal-aid/.env'), 'REGISTRY_URL=http://127.0.0.1:4000/graphql\n');
    expect(stackServices(root, {})[1].env?.REGISTRY_URL).toBeUndefined();
  });

  it('give the supervision subgraph the gateway and an auditor token of the development key, unless something configures it', async () => {
    const list = JSON.parse(fs.readFileSync(path.join(root, 'schema/subgraphs.json'), 'utf8'));
    list.subgraphs.push({ name: 'supervision', dir: 'subgraphs/supervision', url: 'http://127.0.0.1:4010/graphql', personFields: [] });
    fs.writeFileSync(path.join(root, 'schema/subgraphs.json'), JSON.stringify(list));
    fs.mkdirSync(path.join(root, 'subgraphs/supervision'));
    const env = { DEV_KEYS_DIR: path.join(root, '.dev/keys') };
    const services = stackServices(root, env);
    const file = await supervisionServiceToken(services, root, env);
    expect(file).toBe(path.join(root, 'data/dev-supervision-token.jwt'));
    const supervision = services.find((s) => s.name === 'supervision')!;
    expect(supervision.env?.SUPERVISION_GATEWAY_URL).toBe('http://127.0.0.1:4000/graphql');
    expect(supervision.env?.SUPERVISION_TOKEN_FILE).toBe(file);
    expect(fs.statSync(file!).mode & 0o777).toBe(0o600);
    // a token the stack's services accept, of the engine's auditor account
    const verify = await createTokenVerifier({ devKeysDir: env.DEV_KEYS_DIR, issuer: 'aidgraph-dev', audience: 'aidgraph', algorithms: ['ES256'], maxAge: '12h' });
    expect(await verify(`Bearer ${fs.readFileSync(file!, 'utf8').trim()}`)).toMatchObject({ subject: SUPERVISION_SUBJECT, role: 'auditor' });
    // configured by its .env (or a configured key set, or no gateway): the runner leaves it alone
    fs.writeFileSync(path.join(root, 'subgraphs/supervision/.env'), 'SUPERVISION_TOKEN_FILE=/run/secrets/token\n');
    expect(await supervisionServiceToken(stackServices(root, env), root, env)).toBeNull();
    fs.rmSync(path.join(root, 'subgraphs/supervision/.env'));
    expect(await supervisionServiceToken(stackServices(root, { ...env, JWKS_FILE: '/etc/jwks.json' }), root, env)).toBeNull();
    expect(await supervisionServiceToken(stackServices(root, env, ['gateway']), root, env)).toBeNull();
  });

  it('run the subgraphs on the demo clock (AIDGRAPH_TODAY = the population\'s REFERENCE_DATE) unless it is set, or set to now', () => {
    expect(DEMO_TODAY).toBe(REFERENCE_DATE);
    const today = (env: NodeJS.ProcessEnv) => stackServices(root, env).map((s) => s.env?.AIDGRAPH_TODAY);
    expect(today({})).toEqual([REFERENCE_DATE, REFERENCE_DATE, undefined]);
    expect(clockNote(stackServices(root, {}), {})).toBe(
      'demo clock: the time limits (due dates, overdue list) count as of 2025-12-31, the demo population\'s date (AIDGRAPH_TODAY=YYYY-MM-DD npm start for another day, AIDGRAPH_TODAY=now npm start for the real date)',
    );
    expect(today({ AIDGRAPH_TODAY: '2026-01-20' })).toEqual(['2026-01-20', '2026-01-20', '2026-01-20']);
    expect(clockNote(stackServices(root, { AIDGRAPH_TODAY: '2026-01-20' }), { AIDGRAPH_TODAY: '2026-01-20' })).toMatch(/^clock: the time limits count as of 2026-01-20 \(AIDGRAPH_TODAY\)/);
    expect(today({ AIDGRAPH_TODAY: 'now' })).toEqual([undefined, undefined, undefined]);
    expect(clockNote(stackServices(root, { AIDGRAPH_TODAY: 'now' }), { AIDGRAPH_TODAY: 'now' })).toMatch(/^clock: the real date/);
    expect(today({ AIDGRAPH_MODE: 'production' })).toEqual([undefined, undefined, undefined]);
    expect(clockNote(stackServices(root, { AIDGRAPH_MODE: 'production' }), { AIDGRAPH_MODE: 'production' })).toBeNull();
    // a service's own .env says the day itself: the runner passes it on and the line names it
    fs.writeFileSync(path.join(root, 'subgraphs/legal-aid/.env'), 'AIDGRAPH_TODAY=2026-02-02\n');
    expect(today({})).toEqual([REFERENCE_DATE, '2026-02-02', undefined]);
    expect(clockNote(stackServices(root, {}), {})).toMatch(/^clock: the time limits count as of 2025-12-31, 2026-02-02 \(AIDGRAPH_TODAY\)/);
    // now from a .env: the services take the real date themselves, and the line says so
    fs.writeFileSync(path.join(root, 'subgraphs/legal-aid/.env'), 'AIDGRAPH_TODAY=now\n');
    fs.writeFileSync(path.join(root, 'subgraphs/civil-affairs/.env'), 'AIDGRAPH_TODAY=now\n');
    expect(today({})).toEqual(['now', 'now', undefined]);
    expect(clockNote(stackServices(root, {}), {})).toMatch(/^clock: the real date/);
  });

  it('ignore the .env files with ENV_FILES=off, as the services then do', () => {
    fs.writeFileSync(path.join(root, 'subgraphs/legal-aid/.env'), 'PORT=5107\n');
    const services = stackServices(root, { ENV_FILES: 'off' });
    expect(services.map((s) => s.env?.PORT)).toEqual(['4001', '4007', '4000']);
    expect(services[2].env?.ENV_FILES).toBe('off');
  });

  it('leave out what --without names, tell the gateway nothing it sets itself, and refuse an unknown name', () => {
    fs.writeFileSync(path.join(root, 'gateway/.env'), 'PORT=4100\nSUBGRAPH_CIVIL_AFFAIRS_URL=http://10.0.0.1:4001/graphql\n');
    const services = stackServices(root, { PATH: '/bin' }, ['legal-aid']);
    expect(services.map((s) => s.name)).toEqual(['civil-affairs', 'gateway']);
    expect(services[1].url).toBe('http://localhost:4100/graphql');
    expect(services[1].env?.SUBGRAPH_CIVIL_AFFAIRS_URL).toBeUndefined();
    expect(services[1].env?.SUBGRAPH_LEGAL_AID_URL).toBe('http://127.0.0.1:4007/graphql');
    expect(() => stackServices(root, {}, ['legal-aids'])).toThrow(/no service named legal-aids/);
  });
});
