import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { DataSource } from 'typeorm';
import { generatePopulation } from '@aidgraph/population';
import { TEST_POSTGRES_URL, testDatabaseKinds } from '@aidgraph/subgraph-kit/testing';
import { startStack, supergraphSubgraphs } from '../support/stack';
import { spawnManaged, spawnedProcesses, stopManaged, type ManagedProcess } from '../support/processes';

/**
 * The test harness itself (issue 13, item 4): on a machine kept busy by another CPU-bound process, a stack starts and
 * closes; a start that fails, or that runs out of its budget, kills everything it started (children of its processes
 * too) and drops its databases; and a harness process that ends — by SIGTERM, SIGINT, SIGKILL or exit — takes its
 * processes with it. "No process" is checked by process group in /proc (zombies, which no one may reap here, count as
 * gone).
 */
const FIXTURES = path.join(__dirname, '../support/fixtures');

/** The pids of the processes of group `pgid` that are running (not zombies). */
function runningInGroup(pgid: number): number[] {
  const pids: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // ended meanwhile
    }
    // pid (comm) state ppid pgrp ...: comm may hold spaces and parentheses, so read after the last ')'
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(pgrp) === pgid && state !== 'Z') pids.push(Number(entry));
  }
  return pids;
}

function running(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

/** Wait (up to `ms`) until `check` holds; resolves with whether it did. Waiting for an effect, not timing it. */
async function eventually(check: () => boolean, ms = 60000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 100));
  }
  return true;
}

/** The test databases this jest process has that still exist: SQLite files and PostgreSQL schemas named with its pid. */
async function databasesOfThisProcess(): Promise<string[]> {
  const mark = `_${process.pid}_`;
  const files = fs
    .readdirSync(os.tmpdir())
    .filter((d) => d.startsWith('aidgraph-'))
    .flatMap((d) => {
      try {
        return fs.readdirSync(path.join(os.tmpdir(), d)).filter((f) => f.includes(mark)).map((f) => path.join(d, f));
      } catch {
        return [];
      }
    });
  if (!testDatabaseKinds().includes('postgres')) return files;
  const ds = new DataSource({ type: 'postgres', url: TEST_POSTGRES_URL });
  await ds.initialize();
  try {
    const rows: { name: string }[] = await ds.query(`SELECT schema_name AS name FROM information_schema.schemata WHERE schema_name LIKE $1`, [`t\\_%\\_${process.pid}\\_%`]);
    return [...files, ...rows.map((r) => `schema ${r.name}`)];
  } finally {
    await ds.destroy();
  }
}

/** The processes started since `from` (an index into spawnedProcesses()) that still run, with any of their children. */
function leftRunning(from: number): string[] {
  return spawnedProcesses()
    .slice(from)
    .flatMap((p) => runningInGroup(p.pid).map((pid) => `${p.name} group ${p.pid}: pid ${pid}`));
}

describe('the test harness, under load', () => {
  let burner: ManagedProcess;
  beforeAll(() => {
    burner = spawnManaged('cpu burner', path.join(FIXTURES, 'burn-cpu.js'), {});
  });
  afterAll(() => stopManaged(burner));

  describe.each(testDatabaseKinds())('on %s', (kind) => {
    it('starts a whole stack while another process burns a core, and closing it leaves no process and no database', async () => {
      expect(running(burner.pid)).toBe(true);
      const before = await databasesOfThisProcess();
      const from = spawnedProcesses().length;
      const stack = await startStack(kind, { seed: 'e2e-harness', seedSize: 60 });
      const people = generatePopulation({ seed: 'e2e-harness', size: 60 }).households.flatMap((h) => h.members).length;
      try {
        const r = await stack.query(`{ people(first: 1) { totalCount } }`);
        expect(r.data.people.totalCount).toBe(people);
        expect(spawnedProcesses().slice(from).map((p) => p.name).sort()).toEqual([...stack.subgraphs.keys(), 'gateway'].sort());
        expect(leftRunning(from)).toHaveLength(stack.subgraphs.size + 1);
      } finally {
        await stack.close();
      }
      expect(leftRunning(from)).toEqual([]);
      expect(await databasesOfThisProcess()).toEqual(before);
    });

    it('kills everything a start began when one subgraph exits, and drops the databases, before it throws', async () => {
      const before = await databasesOfThisProcess();
      const from = spawnedProcesses().length;
      // an invalid PORT: the medical subgraph refuses its configuration and exits with 2 while the others seed
      await expect(startStack(kind, { seed: 'e2e-harness', seedSize: 60, subgraphEnv: { medical: { PORT: 'eighty' } } })).rejects.toThrow(/medical exited \(2\) before it was ready/);
      // every subgraph had been started (in parallel), the gateway not yet
      expect(spawnedProcesses().slice(from).map((p) => p.name).sort()).toEqual(supergraphSubgraphs().map((s) => s.name).sort());
      expect(leftRunning(from)).toEqual([]);
      expect(await databasesOfThisProcess()).toEqual(before);
    });
  });

  it('kills everything a start began when it runs out of budget: a process ignoring SIGTERM and its own children too', async () => {
    const kind = testDatabaseKinds()[0];
    const before = await databasesOfThisProcess();
    const from = spawnedProcesses().length;
    const pidFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'aidgraph-harness-')), 'charity.json');
    try {
      const start = startStack(kind, {
        seed: 'e2e-harness',
        seedSize: 60,
        timeoutMs: 12000,
        subgraphScripts: { charity: path.join(FIXTURES, 'never-ready.js') },
        subgraphEnv: { charity: { PID_FILE: pidFile } },
      });
      await expect(start).rejects.toThrow(/charity: the stack not ready within 12000 ms/);
      const standIn = JSON.parse(fs.readFileSync(pidFile, 'utf8'));
      expect(spawnedProcesses().slice(from).find((p) => p.name === 'charity')?.pid).toBe(standIn.pid);
      expect({ standIn: running(standIn.pid), itsChild: running(standIn.child) }).toEqual({ standIn: false, itsChild: false });
      expect(leftRunning(from)).toEqual([]);
      expect(await databasesOfThisProcess()).toEqual(before);
    } finally {
      fs.rmSync(path.dirname(pidFile), { recursive: true, force: true });
    }
  });

  it.each(['SIGTERM', 'SIGINT', 'SIGKILL', 'exit'])('takes its processes and their children along when the harness process ends by %s', async (how) => {
    const harness = spawn(process.execPath, [path.join(FIXTURES, 'harness-child.js')], { stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    let out = '';
    harness.stdout!.on('data', (d) => (out += d));
    harness.stderr!.on('data', (d) => (out += d));
    const exited = new Promise<void>((resolve) => harness.once('exit', () => resolve()));
    let pids: { pid: number; child: number }[] = [];
    try {
      expect(await eventually(() => out.includes('\n') || harness.exitCode !== null)).toBe(true);
      pids = JSON.parse(out.split('\n')[0]);
      expect(pids).toHaveLength(2);
      const all = pids.flatMap((p) => [p.pid, p.child]);
      expect(all.filter(running)).toEqual(all);
      if (how === 'exit') harness.stdin!.write('exit\n');
      else harness.kill(how as NodeJS.Signals);
      await exited;
      expect(how === 'exit' ? harness.exitCode : harness.signalCode).toBe(how === 'exit' ? 0 : how);
      // SIGKILL: no handler runs; the stand-ins notice their pipe from the harness closing and end their own groups
      await eventually(() => pids.every((p) => runningInGroup(p.pid).length === 0));
      expect(pids.flatMap((p) => runningInGroup(p.pid))).toEqual([]);
    } finally {
      for (const p of [harness.pid!, ...pids.map((x) => x.pid)]) {
        try {
          process.kill(-p, 'SIGKILL');
        } catch {
          /* gone, as it should be */
        }
      }
      await exited;
    }
  });
});
