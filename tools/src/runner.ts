import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import readline from 'node:readline';

/**
 * The process supervisor of the local runner (`npm start`, see start.ts): it starts each service as a child process,
 * watches it, and when one exits keeps the others up and starts it again after an exponential backoff.
 * Nothing here knows AidGraph: a service is a command, a URL and a readiness URL.
 */

/** One long-running service the supervisor keeps up. */
export interface ServiceSpec {
  /** short name shown in the terminal, e.g. `civil-affairs`, `gateway` */
  name: string;
  command: string;
  args: string[];
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** the URL shown for it, e.g. `http://127.0.0.1:4001/graphql` */
  url: string;
  /** answered with 2xx once it is ready (`/ready`); probed after each start until it answers */
  readyUrl: string;
}

/** When a crashed service is started again: `initialMs`, doubling per consecutive crash, capped at `maxMs`. */
export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
  /** a service that ran at least this long before it exited starts again from `initialMs` */
  resetAfterMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 1000, maxMs: 30_000, resetAfterMs: 60_000 };

/** The delay before the start after the `failures`-th consecutive crash (1, 2, ...): initial × 2^(failures−1), capped. */
export function backoffDelay(failures: number, o: BackoffOptions = DEFAULT_BACKOFF): number {
  return Math.min(o.maxMs, o.initialMs * 2 ** Math.max(0, failures - 1));
}

/** The exit code of a service whose configuration is invalid (the kit's and the gateway's start-up): not restarted. */
export const CONFIG_ERROR_EXIT_CODE = 2;

export type ServiceEvent =
  | { type: 'starting'; service: string; pid: number; restarts: number }
  /** answered its readiness URL; `restarts` > 0: it is back after that many restarts */
  | { type: 'ready'; service: string; url: string; ms: number; restarts: number }
  /** exited while it should run; `restartInMs` null: not started again (invalid configuration) */
  | { type: 'down'; service: string; code: number | null; signal: string | null; restartInMs: number | null; upMs: number }
  | { type: 'log'; service: string; stream: 'stdout' | 'stderr'; line: string }
  | { type: 'stopped'; service: string; code: number | null; signal: string | null };

export interface SupervisorOptions {
  backoff?: Partial<BackoffOptions>;
  /** how often a starting service's readiness URL is asked (ms) */
  probeIntervalMs?: number;
  /** on stop, how long a service may take to exit after SIGTERM before it is killed (ms) */
  stopTimeoutMs?: number;
}

interface Running {
  spec: ServiceSpec;
  child?: ChildProcess;
  /** increases with every start, so that a late probe of an earlier process is ignored */
  generation: number;
  startedAt: number;
  restarts: number;
  failures: number;
  ready: boolean;
  restartTimer?: NodeJS.Timeout;
  probeTimer?: NodeJS.Timeout;
  exited?: Promise<void>;
}

/**
 * Keeps a set of services running. Events (`on('event', ...)`) say what happens: starting, ready (again), down with the
 * delay before the next start, each line of output, stopped. `stop()` ends every service (SIGTERM, then SIGKILL after
 * `stopTimeoutMs`) and resolves when none is left.
 */
export class Supervisor extends EventEmitter {
  private readonly backoff: BackoffOptions;
  private readonly probeIntervalMs: number;
  private readonly stopTimeoutMs: number;
  private readonly services: Running[];
  private stopping = false;

  constructor(specs: ServiceSpec[], options: SupervisorOptions = {}) {
    super();
    this.backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
    this.probeIntervalMs = options.probeIntervalMs ?? 300;
    this.stopTimeoutMs = options.stopTimeoutMs ?? 5000;
    this.services = specs.map((spec) => ({ spec, generation: 0, startedAt: 0, restarts: 0, failures: 0, ready: false }));
  }

  /** Start every service (each at once; a service does not wait for another). */
  start(): void {
    for (const s of this.services) this.launch(s);
  }

  /** The process ids of the services running now. */
  pids(): Record<string, number | undefined> {
    return Object.fromEntries(this.services.map((s) => [s.spec.name, s.child?.exitCode === null && s.child.signalCode === null ? s.child.pid : undefined]));
  }

  /** Stop every service and start none again; resolves when every process has exited. */
  async stop(): Promise<void> {
    this.stopping = true;
    const waits: Promise<void>[] = [];
    for (const s of this.services) {
      clearTimeout(s.restartTimer);
      clearTimeout(s.probeTimer);
      const child = s.child;
      if (!child || !s.exited || child.exitCode !== null || child.signalCode !== null) continue;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), this.stopTimeoutMs);
      waits.push(s.exited.finally(() => clearTimeout(killer)));
    }
    await Promise.all(waits);
  }

  private emitEvent(e: ServiceEvent): void {
    this.emit('event', e);
  }

  private launch(s: Running): void {
    if (this.stopping) return;
    s.generation++;
    s.ready = false;
    s.startedAt = Date.now();
    // stdin is a pipe the service never reads but tools/parent-watch.js (preloaded into the stack's services) watches:
    // if this runner is killed outright (SIGKILL), the pipe closes and the service ends with it, freeing its port
    const child = spawn(s.spec.command, s.spec.args, { cwd: s.spec.cwd, env: s.spec.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'] });
    s.child = child;
    for (const stream of ['stdout', 'stderr'] as const) {
      readline.createInterface({ input: child[stream]!, crlfDelay: Infinity }).on('line', (line) =>
        this.emitEvent({ type: 'log', service: s.spec.name, stream, line }),
      );
    }
    s.exited = new Promise<void>((resolve) => {
      let done = false;
      const onEnd = (code: number | null, signal: string | null) => {
        if (done) return;
        done = true;
        this.exited(s, child, code, signal);
        resolve();
      };
      child.once('exit', (code, signal) => onEnd(code, signal));
      // a command that cannot be started at all (ENOENT): reported as an exit without a code
      child.once('error', (e) => {
        if (child.pid === undefined) {
          this.emitEvent({ type: 'log', service: s.spec.name, stream: 'stderr', line: `could not start: ${e.message}` });
          onEnd(null, null);
        }
      });
    });
    if (child.pid !== undefined) this.emitEvent({ type: 'starting', service: s.spec.name, pid: child.pid, restarts: s.restarts });
    this.probe(s, s.generation);
  }

  private exited(s: Running, child: ChildProcess, code: number | null, signal: string | null): void {
    clearTimeout(s.probeTimer);
    if (s.child !== child) return;
    if (this.stopping) {
      this.emitEvent({ type: 'stopped', service: s.spec.name, code, signal });
      return;
    }
    const upMs = Date.now() - s.startedAt;
    if (upMs >= this.backoff.resetAfterMs) s.failures = 0;
    s.failures++;
    if (code === CONFIG_ERROR_EXIT_CODE) {
      this.emitEvent({ type: 'down', service: s.spec.name, code, signal, restartInMs: null, upMs });
      return;
    }
    const delay = backoffDelay(s.failures, this.backoff);
    this.emitEvent({ type: 'down', service: s.spec.name, code, signal, restartInMs: delay, upMs });
    s.restartTimer = setTimeout(() => {
      s.restarts++;
      this.launch(s);
    }, delay);
  }

  private probe(s: Running, generation: number): void {
    s.probeTimer = setTimeout(async () => {
      if (this.stopping || s.generation !== generation) return;
      let ok = false;
      try {
        const res = await fetch(s.spec.readyUrl, { signal: AbortSignal.timeout(2000) });
        ok = res.ok;
        await res.body?.cancel();
      } catch {
        ok = false;
      }
      if (this.stopping || s.generation !== generation || !s.child || s.child.exitCode !== null || s.child.signalCode !== null) return;
      if (ok) {
        s.ready = true;
        this.emitEvent({ type: 'ready', service: s.spec.name, url: s.spec.url, ms: Date.now() - s.startedAt, restarts: s.restarts });
      } else this.probe(s, generation);
    }, this.probeIntervalMs);
  }
}
