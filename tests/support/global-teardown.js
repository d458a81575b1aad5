// jest's globalTeardown for the e2e suite, in jest's own process after every test file: the last line of defence.
// Any process of the harness still registered (tests/support/processes.ts keeps the registry on the process object)
// is named on stderr and its process group killed, so `npm test` returns and leaves nothing behind.
module.exports = async function globalTeardown() {
  const registry = process[Symbol.for('aidgraph.test-harness.processes')];
  if (!registry) return;
  for (const p of registry.live) {
    process.stderr.write(`test harness: ${p.name} (pid ${p.pid}) was still running after the suite; killing its process group\n`);
    try {
      process.kill(-p.pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
  registry.live.clear();
  for (const cleanup of registry.syncCleanups) {
    try {
      cleanup();
    } catch {
      /* best effort */
    }
  }
  registry.syncCleanups.clear();
};
