// Preloaded (`node --require`) into every process the test harness (tests/support/processes.ts) and the local runner
// (tools/src/runner.ts) start. Its stdin is a pipe from that parent: when the parent ends, however it ends (even SIGKILL,
// which no handler sees), the pipe closes, and this process ends its whole process group at once (itself alone when it
// leads no group). (It holds stdin open: the servers it is loaded
// into end by signal or process.exit, never by running out of work.)
function end() {
  try {
    process.kill(-process.pid, 'SIGKILL');
  } catch {
    process.kill(process.pid, 'SIGKILL');
  }
}
process.stdin.on('end', end);
process.stdin.on('close', end);
process.stdin.on('error', end);
process.stdin.resume();
