import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import util from 'node:util';
import { Command } from 'commander';
import { parseEnvFile, readEnvFiles } from '@aidgraph/subgraph-kit/env-file';
import { Supervisor, type ServiceEvent, type ServiceSpec, type SupervisorOptions } from './runner';

/**
 * The local runner behind `npm start` (tools/start.js brings the build up to date, then calls `main`): it starts every
 * subgraph listed in schema/subgraphs.json and the gateway, each as its own process, shows one line per service
 * (ready, down, restarted), keeps the others up when one exits, starts a crashed one again with a backoff, and stops
 * them all on Ctrl-C or SIGTERM. It loads nothing of the kit but the `.env` reader, so it is up in a moment.
 */

/** The repository root (tools/dist/start.js or tools/src/start.ts is two levels down). */
export const ROOT = path.resolve(__dirname, '../..');

interface ListedSubgraph {
  name: string;
  dir: string;
  url: string;
}

const GATEWAY_PORT = 4000;
/**
 * The demo population's date (the kit's REFERENCE_DATE: ages and dates of the generated population are as of this day;
 * the runner does not load the kit to read it, a test checks the two agree). In development `npm start` runs the
 * subgraphs with AIDGRAPH_TODAY set to it, so the time limits count as of the demo's day (the open applications are not
 * all months overdue), unless AIDGRAPH_TODAY is set (the environment or a `.env`); `AIDGRAPH_TODAY=now` runs them on the
 * real date.
 */
export const DEMO_TODAY = '2025-12-31';
const TODAY_VARIABLE = 'AIDGRAPH_TODAY';
/** Preloaded into every service: ends it when this runner ends, however it ends (tools/parent-watch.js). */
const PARENT_WATCH = path.join(ROOT, 'tools/parent-watch.js');

/** An address to ask for a service bound to `host` (any-interface binds are asked on loopback). */
function reachableHost(host: string | undefined): string {
  return !host || host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
}

/** What a package's own `.env` sets (not the root's: a `PORT` there would be every process's); nothing with ENV_FILES=off. */
function ownEnvFile(dir: string, env: NodeJS.ProcessEnv): Record<string, string> {
  const file = path.join(dir, '.env');
  return env.ENV_FILES !== 'off' && fs.existsSync(file) ? parseEnvFile(file) : {};
}

/** What a service in `dir` will see (as env-file.ts reads it): the environment over its `.env` files. */
function seenBy(dir: string, env: NodeJS.ProcessEnv): Record<string, string | undefined> {
  return { ...(env.ENV_FILES === 'off' ? {} : readEnvFiles(dir)), ...definedOnly(env) };
}

function definedOnly(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && v !== '') out[k] = v;
  return out;
}

/**
 * The services of the local stack: every subgraph in `schema/subgraphs.json` (its `dist/index.js`), then the gateway.
 * Each subgraph's port is its own `.env`'s `PORT`, else the port of its URL in subgraphs.json (the gateway's: its own
 * `.env`'s, else 4000); the runner passes it explicitly (one `PORT` in the shell or the root `.env` would otherwise send
 * every process to the same port). The gateway is told where a subgraph listens (`SUBGRAPH_<NAME>_URL`) unless its
 * environment or `.env` says so itself. Every process runs with the repository root as its working directory and
 * otherwise the runner's environment (each reads its `.env` files itself).
 */
export function stackServices(root: string = ROOT, env: NodeJS.ProcessEnv = process.env, without: string[] = []): ServiceSpec[] {
  const listed = (JSON.parse(fs.readFileSync(path.join(root, 'schema/subgraphs.json'), 'utf8')) as { subgraphs: ListedSubgraph[] }).subgraphs;
  const unknown = without.filter((n) => n !== 'gateway' && !listed.some((s) => s.name === n));
  if (unknown.length) throw new Error(`--without: no service named ${unknown.join(', ')} (services: ${[...listed.map((s) => s.name), 'gateway'].join(', ')})`);
  const shared: NodeJS.ProcessEnv = { ...env };
  delete shared.PORT;
  // AIDGRAPH_TODAY=now: the real date (the services get no AIDGRAPH_TODAY from the runner)
  const realClock = env[TODAY_VARIABLE] === 'now';
  if (realClock) delete shared[TODAY_VARIABLE];
  const gatewayDir = path.join(root, 'gateway');
  const gatewaySees = seenBy(gatewayDir, env);
  const gatewayEnv: NodeJS.ProcessEnv = { ...shared, PORT: ownEnvFile(gatewayDir, env).PORT ?? String(GATEWAY_PORT) };
  const services: ServiceSpec[] = [];
  const placed = listed.map((s) => {
    const dir = path.join(root, s.dir);
    const port = ownEnvFile(dir, env).PORT ?? new URL(s.url).port;
    const host = reachableHost(seenBy(dir, env).HOST);
    return { ...s, dir, port, host, url: `http://${host}:${port}/graphql` };
  });
  // the departments ask civil affairs whether a person exists (REGISTRY_URL): where this runner put it
  const registry = placed.find((s) => s.name === 'civil-affairs')?.url;
  for (const { dir, port, host, url, ...s } of placed) {
    const variable = `SUBGRAPH_${s.name.toUpperCase().replace(/-/g, '_')}_URL`;
    if (gatewaySees[variable] === undefined) gatewayEnv[variable] = url;
    if (without.includes(s.name)) continue;
    const own: NodeJS.ProcessEnv = { PORT: port };
    const sees = seenBy(dir, env);
    if (registry && s.name !== 'civil-affairs' && sees.REGISTRY_URL === undefined) own.REGISTRY_URL = registry;
    // a clock from a .env is passed on explicitly too, so that the line below can name it
    if (!realClock && sees.AIDGRAPH_MODE !== 'production') own[TODAY_VARIABLE] = sees[TODAY_VARIABLE] ?? DEMO_TODAY;
    services.push({
      name: s.name,
      command: process.execPath,
      args: ['--require', PARENT_WATCH, path.join(dir, 'dist/index.js')],
      cwd: root,
      env: { ...shared, ...own },
      url,
      readyUrl: `http://${host}:${port}/ready`,
    });
  }
  if (!without.includes('gateway')) {
    const host = reachableHost(gatewaySees.HOST);
    const shown = host === '127.0.0.1' ? 'localhost' : host;
    services.push({
      name: 'gateway',
      command: process.execPath,
      args: ['--require', PARENT_WATCH, path.join(gatewayDir, 'dist/index.js')],
      cwd: root,
      env: gatewayEnv,
      url: `http://${shown}:${gatewayEnv.PORT}/graphql`,
      readyUrl: `http://${host}:${gatewayEnv.PORT}/ready`,
    });
  }
  return services;
}

/**
 * The line that says which day the subgraphs' time limits count as of (null when the runner sets no clock and the
 * environment none either: production). `services` as stackServices made them from `env`.
 */
export function clockNote(services: ServiceSpec[], env: NodeJS.ProcessEnv = process.env): string | null {
  const days = [...new Set(services.filter((s) => s.name !== 'gateway').map((s) => s.env?.[TODAY_VARIABLE]).filter((d): d is string => Boolean(d)))];
  const change = `${TODAY_VARIABLE}=YYYY-MM-DD npm start for another day, ${TODAY_VARIABLE}=now npm start for the real date`;
  if (env[TODAY_VARIABLE] === 'now' || (days.length === 1 && days[0] === 'now')) return `clock: the real date (${TODAY_VARIABLE}=now); the demo population is as of ${DEMO_TODAY}, so its open applications are overdue`;
  if (days.length === 1 && days[0] === DEMO_TODAY && !env[TODAY_VARIABLE])
    return `demo clock: the time limits (due dates, overdue list) count as of ${DEMO_TODAY}, the demo population's date (${change})`;
  if (days.length) return `clock: the time limits count as of ${days.join(', ')} (${TODAY_VARIABLE}); the demo population is as of ${DEMO_TODAY} (${change})`;
  return null;
}

/** The warning-rules engine's service account (README "Supervision"): an auditor, so every read it makes is audited. */
export const SUPERVISION_SUBJECT = 'svc-supervision-rules';
const SUPERVISION_TOKEN_RENEW_MS = 60 * 60 * 1000;

/**
 * Development only: lets the supervision subgraph's warning rules read the graph through this stack's gateway, as a
 * deployment does with an auditor token from its identity provider. When the supervision and gateway services run,
 * nothing configures the engine (SUPERVISION_GATEWAY_URL, SUPERVISION_TOKEN, SUPERVISION_TOKEN_FILE) and the token
 * keys are the development key (no JWKS_FILE or JWKS_URL), the runner signs an auditor token for
 * `svc-supervision-rules` with the development key, writes it to `data/dev-supervision-token.jwt` (mode 600; the
 * engine reads the file at each run) and signs it again every hour, before its 8 hours run out.
 */
export async function supervisionServiceToken(services: ServiceSpec[], root: string, env: NodeJS.ProcessEnv): Promise<string | null> {
  const supervision = services.find((s) => s.name === 'supervision');
  const gateway = services.find((s) => s.name === 'gateway');
  if (!supervision || !gateway) return null;
  const sees = { ...seenBy(path.join(root, 'subgraphs/supervision'), env), ...definedOnly(supervision.env ?? {}) };
  if (sees.SUPERVISION_GATEWAY_URL || sees.SUPERVISION_TOKEN || sees.SUPERVISION_TOKEN_FILE || sees.JWKS_FILE || sees.JWKS_URL) return null;
  const { ensureDevKey } = await import('@aidgraph/common/access/keys');
  const { signToken } = await import('@aidgraph/common/access/tokens');
  const key = await ensureDevKey(sees.DEV_KEYS_DIR ? path.resolve(root, sees.DEV_KEYS_DIR) : undefined);
  const file = path.join(root, 'data/dev-supervision-token.jwt');
  const write = async () => {
    const token = await signToken(key.privateJwk, { subject: SUPERVISION_SUBJECT, role: 'auditor', expiresIn: '8h' }, sees.JWT_ISSUER ?? 'aidgraph-dev', sees.JWT_AUDIENCE ?? 'aidgraph');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}`;
    fs.writeFileSync(tmp, `${token}\n`, { mode: 0o600 });
    fs.renameSync(tmp, file);
  };
  await write();
  setInterval(() => void write().catch(() => undefined), SUPERVISION_TOKEN_RENEW_MS).unref();
  supervision.env = { ...supervision.env, SUPERVISION_GATEWAY_URL: gateway.readyUrl.replace(/\/ready$/, '/graphql'), SUPERVISION_TOKEN_FILE: file };
  return file;
}

/** The services whose port something already listens on (another AidGraph still running, say). */
export async function portsInUse(services: ServiceSpec[]): Promise<ServiceSpec[]> {
  const busy = await Promise.all(
    services.map(
      (s) =>
        new Promise<boolean>((resolve) => {
          const u = new URL(s.readyUrl);
          const socket = net.connect({ host: u.hostname, port: Number(u.port) });
          const done = (inUse: boolean) => {
            socket.destroy();
            resolve(inUse);
          };
          socket.setTimeout(1000, () => done(false));
          socket.once('connect', () => done(true));
          socket.once('error', () => done(false));
        }),
    ),
  );
  return services.filter((_, i) => busy[i]);
}

export interface ReporterOptions {
  /** JSON lines (production) instead of readable lines (development) */
  json: boolean;
  /** development: show every log line of the services, not only warnings and errors */
  verbose: boolean;
  color: boolean;
  write: (text: string) => void;
  services: ServiceSpec[];
  mode: string;
}

const LEVEL_WARN = 40;

/**
 * The terminal of the local stack. Development: one readable line per service event (ready, down, restarted), the
 * services' warnings and errors (every line with `--verbose`) formatted by pino-pretty, other output as it comes, and
 * once the stack answers, where to go next. Production: every line is JSON (the services' own log lines unchanged).
 * Log lines are shown as the services wrote them: personal data never reaches them (the kit's logger redacts).
 */
export function createReporter(o: ReporterOptions): { event: (e: ServiceEvent) => void; note: (msg: string, level?: number) => void } {
  const width = Math.max(...o.services.map((s) => s.name.length), 'gateway'.length);
  const paint = (style: Parameters<typeof util.styleText>[0], text: string) => (o.color ? util.styleText(style, text) : text);
  const clock = () => new Date().toTimeString().slice(0, 8);
  const status = (service: string, word: string, style: Parameters<typeof util.styleText>[0], rest: string) =>
    o.write(`${paint('dim', clock())}  ${service.padEnd(width)}  ${paint(style, word.padEnd(9))}  ${rest}\n`);
  const json = (fields: Record<string, unknown>, level = 30) =>
    o.write(`${JSON.stringify({ level, time: Date.now(), name: 'runner', ...fields })}\n`);
  let pretty: ((line: unknown) => string) | undefined;
  const prettify = (log: Record<string, unknown>) => {
    pretty ??= (require('pino-pretty') as typeof import('pino-pretty')).prettyFactory({
      colorize: o.color,
      translateTime: 'SYS:HH:MM:ss',
      ignore: 'pid,hostname',
      singleLine: true,
    });
    return pretty(log);
  };
  const seen = new Map<string, 'ready' | 'down'>();
  let pointed = false;
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const whereNext = () => {
    if (pointed) return;
    const gateway = o.services.find((s) => s.name === 'gateway');
    if (gateway && seen.get('gateway') !== 'ready') return;
    if (o.services.some((s) => !seen.has(s.name))) return;
    pointed = true;
    const down = o.services.filter((s) => seen.get(s.name) === 'down').map((s) => s.name);
    const without = down.length ? ` (without ${down.join(', ')}: down, see above)` : '';
    if (o.json) return json({ event: 'up', down, msg: `every service has started${without}` });
    if (!gateway) return o.write(`every service has started${without}; Ctrl-C stops them\n`);
    const base = gateway.url.replace(/\/graphql$/, '');
    o.write(
      [
        '',
        `AidGraph is up${without}: ${paint('bold', gateway.url)}`,
        ...(o.mode === 'production' ? [] : [`  GraphiQL   ${base}/graphiql`]),
        `  a token    npm run token -- --role analyst      (or caseworker | township_approver --township <code>, village_assistant --village <code>, department_officer --department <code>, auditor, public)`,
        `  Ctrl-C stops everything${o.verbose ? '' : '; npm start -- --verbose shows every log line'}`,
        '',
      ].join('\n') + '\n',
    );
  };

  const event = (e: ServiceEvent) => {
    switch (e.type) {
      case 'ready': {
        const spec = o.services.find((s) => s.name === e.service)!;
        const again = e.restarts > 0;
        seen.set(e.service, 'ready');
        if (o.json) json({ event: again ? 'restarted' : 'ready', service: e.service, url: spec.url, ms: e.ms, restarts: e.restarts, msg: `${e.service} ${again ? 'is back' : 'ready'} at ${spec.url}` });
        else status(e.service, again ? 'restarted' : 'ready', 'green', `${spec.url}  (${again ? `back after ${e.restarts} restart${e.restarts > 1 ? 's' : ''}; ` : ''}${seconds(e.ms)})`);
        whereNext();
        return;
      }
      case 'down': {
        seen.set(e.service, 'down');
        const how = e.code !== null ? `exit code ${e.code}` : e.signal ? `killed by ${e.signal}` : 'could not start';
        const next = e.restartInMs === null ? 'invalid configuration or a schema that does not build (see its message above): not restarted; fix it, then npm start again' : `restarting in ${seconds(e.restartInMs)}`;
        if (o.json) json({ event: 'down', service: e.service, code: e.code, signal: e.signal, restartInMs: e.restartInMs, upMs: e.upMs, msg: `${e.service} is down (${how}); ${next}` }, 50);
        else status(e.service, 'down', 'red', `${how}; ${next}`);
        whereNext();
        return;
      }
      case 'starting':
        if (o.json) json({ event: 'starting', service: e.service, pid: e.pid, restarts: e.restarts, msg: `starting ${e.service}` });
        else if (o.verbose) status(e.service, 'starting', 'dim', `pid ${e.pid}`);
        return;
      case 'stopped':
        if (o.json) json({ event: 'stopped', service: e.service, code: e.code, signal: e.signal, msg: `${e.service} stopped` });
        else if (o.verbose) status(e.service, 'stopped', 'dim', e.code !== null ? `exit code ${e.code}` : `${e.signal}`);
        return;
      case 'log': {
        let log: Record<string, unknown> | undefined;
        if (e.line.startsWith('{')) {
          try {
            const parsed = JSON.parse(e.line);
            if (parsed && typeof parsed === 'object' && typeof parsed.level === 'number') log = parsed;
          } catch {
            // not a log object: shown as it is
          }
        }
        if (o.json) {
          o.write(log ? `${e.line}\n` : `${JSON.stringify({ level: e.stream === 'stderr' ? 50 : 30, time: Date.now(), name: e.service, msg: e.line })}\n`);
        } else if (!log) {
          if (e.line.trim()) o.write(`${paint('dim', clock())}  ${e.service.padEnd(width)}  ${paint('dim', '|')} ${e.line}\n`);
        } else if (o.verbose || (log.level as number) >= LEVEL_WARN) {
          o.write(prettify(log));
        }
      }
    }
  };
  const note = (msg: string, level = 30) => (o.json ? json({ msg }, level) : o.write(`${msg}\n`));
  return { event, note };
}

/**
 * `npm start [-- --without <names>] [-- --verbose]`: runs the stack until Ctrl-C or SIGTERM, then stops every process
 * and exits. Resolves with the supervisor (tests stop it themselves).
 */
export async function main(
  argv: string[] = process.argv,
  o: { root?: string; services?: ServiceSpec[]; supervisor?: SupervisorOptions; write?: (text: string) => void; exit?: (code: number) => void; signals?: boolean } = {},
): Promise<Supervisor | undefined> {
  const program = new Command('npm start')
    .description('Start every subgraph of schema/subgraphs.json and the gateway; keep them up until Ctrl-C')
    .option('--without <names>', 'leave these services out, comma-separated (e.g. medical: see how the graph answers when a department is down)', '')
    .option('--verbose', 'show every log line of the services, not only warnings and errors (development)', false)
    .showHelpAfterError();
  program.parse(argv);
  const opts = program.opts<{ without: string; verbose: boolean }>();
  const write = o.write ?? ((text: string) => void process.stdout.write(text));
  const exit = o.exit ?? ((code: number) => process.exit(code));
  const mode = process.env.AIDGRAPH_MODE === 'production' ? 'production' : 'development';
  const without = opts.without.split(',').map((s) => s.trim()).filter(Boolean);
  let services: ServiceSpec[];
  try {
    services = o.services ?? stackServices(o.root ?? ROOT, process.env, without);
  } catch (e) {
    write(`${(e as Error).message}\n`);
    exit(2);
    return undefined;
  }
  if (mode === 'development' && !o.services) await supervisionServiceToken(services, o.root ?? ROOT, process.env);
  const reporter = createReporter({
    json: mode === 'production',
    verbose: opts.verbose,
    color: o.write === undefined && Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
    write,
    services,
    mode,
  });
  const busy = await portsInUse(services);
  if (busy.length) {
    reporter.note(`${busy.map((s) => `${s.name} (${new URL(s.readyUrl).port})`).join(', ')}: the port is in use; is AidGraph already running? Stop it first.`, 50);
    exit(1);
    return undefined;
  }
  const subgraphs = services.filter((s) => s.name !== 'gateway').length;
  reporter.note(
    `starting ${subgraphs} subgraph${subgraphs === 1 ? '' : 's'}${services.some((s) => s.name === 'gateway') ? ' and the gateway' : ''}` +
      `${without.length ? ` (without ${without.join(', ')})` : ''} in ${mode} mode`,
  );
  const clock = mode === 'production' ? null : clockNote(services);
  if (clock) reporter.note(clock);
  const supervisor = new Supervisor(services, o.supervisor);
  supervisor.on('event', reporter.event);
  // when every service is down for good (invalid configuration), there is nothing left to run
  const givenUp = new Set<string>();
  supervisor.on('event', (e: ServiceEvent) => {
    if (e.type !== 'down' || e.restartInMs !== null) return;
    givenUp.add(e.service);
    if (givenUp.size === services.length) {
      reporter.note('every service has stopped and none is restarted: fix the configuration, then npm start again', 50);
      exit(1);
    }
  });
  // the services are in the runner's process group (Ctrl-C and a group SIGTERM reach them too); should the runner end
  // any other way, it takes them with it
  process.on('exit', () => {
    for (const pid of Object.values(supervisor.pids())) if (pid) try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ }
  });
  if (o.signals !== false) {
    let stopping = false;
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
      process.on(signal, () => {
        if (stopping) return;
        stopping = true;
        reporter.note('stopping every service');
        void supervisor.stop().then(() => {
          reporter.note('stopped');
          exit(0);
        });
      });
  }
  supervisor.start();
  return supervisor;
}

if (require.main === module) void main();
