import path from 'node:path';
import vm from 'node:vm';
import { spawn, type ChildProcess } from 'node:child_process';
import { STACK_STOP_GRACE_MS } from './timeouts';

/**
 * Every process the test harness starts, and the guarantee that none outlives the process that started it.
 *
 * - Each child is started `detached`, as the leader of its own process group, and is stopped by signalling the whole
 *   group (`hostProcess.kill(-pid)`): whatever it started itself goes too.
 * - When the harness process ends normally or by `process.exit`, an `exit` handler SIGKILLs every live group
 *   synchronously and runs the registered synchronous cleanups (test databases); SIGINT, SIGTERM and SIGHUP do the
 *   same and then end the process as the signal would have; a jest worker whose parent went away does the same.
 * - A harness process killed outright (SIGKILL, or a crash the handlers never see) cannot clean up: each child is
 *   started with `--require parent-watch.js`, which SIGKILLs its own group as soon as the pipe from the harness closes.
 */
export interface ManagedProcess {
  /** what the process is, for messages: a subgraph's name, "gateway", ... */
  name: string;
  child: ChildProcess;
  pid: number;
  /** the last 20,000 characters of its stdout and stderr together */
  output(): string;
}

const PARENT_WATCH = path.join(__dirname, '../../tools/parent-watch.js');

/**
 * The real process: inside a jest test file `process` is a copy whose `exit` and signal events never fire, so the
 * handlers go on the host's process object, and the registry lives there too, shared by every test file that jest
 * runs in this process (each has its own copy of this module).
 */
const hostProcess: NodeJS.Process = vm.runInThisContext('process');
interface Registry {
  live: Set<ManagedProcess>;
  syncCleanups: Set<() => void>;
  spawned: { name: string; pid: number }[];
  handlersInstalled: boolean;
}
const REGISTRY = Symbol.for('aidgraph.test-harness.processes');
const registry: Registry = ((hostProcess as unknown as Record<symbol, Registry>)[REGISTRY] ??= {
  live: new Set(),
  syncCleanups: new Set(),
  spawned: [],
  handlersInstalled: false,
});
const { live, syncCleanups, spawned } = registry;

/** Whether a process has ended (exited, or was killed by a signal). */
export function hasEnded(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/** Whether any process of this process group still exists (a zombie not yet reaped counts as existing). */
export function groupExists(pgid: number): boolean {
  try {
    hostProcess.kill(-pgid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Signal a managed process's whole group; never throws (the group may be gone already). */
export function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    hostProcess.kill(-pid, signal);
  } catch {
    try {
      hostProcess.kill(pid, signal);
    } catch {
      /* gone */
    }
  }
}

/** SIGKILL every live process group, synchronously, and run every registered synchronous cleanup once. */
export function killAllSync(): void {
  killAllSyncIn(registry);
}

function killAllSyncIn({ live, syncCleanups }: Registry): void {
  for (const p of live) signalGroup(p.pid, 'SIGKILL');
  live.clear();
  for (const cleanup of [...syncCleanups]) {
    syncCleanups.delete(cleanup);
    try {
      cleanup();
    } catch {
      /* best effort: the process is ending */
    }
  }
}

/**
 * Register a synchronous cleanup (remove a test database) to run if the harness process ends before it is done;
 * returns the function that unregisters it once the asynchronous cleanup has happened.
 */
export function onExitSync(cleanup: () => void): () => void {
  installHandlers();
  syncCleanups.add(cleanup);
  return () => syncCleanups.delete(cleanup);
}

function installHandlers(): void {
  if (registry.handlersInstalled) return;
  registry.handlersInstalled = true;
  // the handlers must not keep a test file's module alive: they reach the shared registry only
  const killAll = () => killAllSyncIn(registry);
  hostProcess.on('exit', killAll);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const onSignal = () => {
      killAll();
      hostProcess.removeListener(signal, onSignal);
      // end as the signal would have, unless someone else handles it
      if (hostProcess.listenerCount(signal) === 0) hostProcess.kill(hostProcess.pid, signal);
    };
    hostProcess.on(signal, onSignal);
  }
  // a jest worker: when its parent goes away, no one will end the tests properly
  if (hostProcess.send) hostProcess.once('disconnect', killAll);
}

/**
 * Start `node <script>` as a managed process (own process group, killed with the harness), with exactly `env` plus PATH.
 */
export function spawnManaged(name: string, script: string, env: Record<string, string>, args: string[] = []): ManagedProcess {
  installHandlers();
  let out = '';
  const child = spawn(hostProcess.execPath, ['--require', PARENT_WATCH, script, ...args], {
    env: { PATH: hostProcess.env.PATH ?? '', ...env },
    // stdin is the pipe parent-watch.js watches: it closes when this process ends, however it ends
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: true,
  });
  if (child.pid === undefined) throw new Error(`could not start ${name} (${script})`);
  const managed: ManagedProcess = { name, child, pid: child.pid, output: () => out };
  live.add(managed);
  spawned.push({ name, pid: child.pid });
  child.stdout!.on('data', (d) => (out = (out + d).slice(-20000)));
  child.stderr!.on('data', (d) => (out = (out + d).slice(-20000)));
  child.stdin!.on('error', () => undefined);
  child.once('exit', () => {
    live.delete(managed);
    // whatever it started itself goes with it
    signalGroup(managed.pid, 'SIGKILL');
  });
  return managed;
}

/**
 * Stop a managed process: SIGTERM to its group, SIGKILL to the group after `graceMs`; resolves once it has ended.
 */
export async function stopManaged(p: ManagedProcess | null | undefined, graceMs = STACK_STOP_GRACE_MS): Promise<void> {
  if (!p) return;
  if (hasEnded(p.child)) {
    signalGroup(p.pid, 'SIGKILL');
    return;
  }
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => signalGroup(p.pid, 'SIGKILL'), graceMs);
    p.child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    signalGroup(p.pid, 'SIGTERM');
  });
}

/** The processes this harness process has started so far (live or not), oldest first: for tests of the harness. */
export function spawnedProcesses(): { name: string; pid: number }[] {
  return [...spawned];
}

/** The managed processes still running. */
export function liveProcesses(): ManagedProcess[] {
  return [...live];
}
