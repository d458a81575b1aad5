#!/usr/bin/env node
// `npm start`, step 1 of 2: bring the compiled code up to date, then hand over to the local runner (tools/src/start.ts).
// The build is turbo's, with its cache: a package whose sources did not change is not compiled again, so a second start
// takes seconds. The supergraph is never composed here: the gateway loads the committed schema/supergraph.graphql, and
// composing it is `npm run build`'s job (and CI's). Plain JavaScript, because it runs before anything is compiled.
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const started = Date.now();
const json = process.env.AIDGRAPH_MODE === 'production'; // then every line is JSON, as the runner's
const tty = Boolean(process.stdout.isTTY) && !json;
/** One line about the build: readable, or JSON in production. */
function say(msg, level = 30) {
  process.stdout.write(json ? `${JSON.stringify({ level, time: Date.now(), name: 'runner', event: 'build', msg: `build: ${msg}` })}\n` : `build      ${msg}\n`);
}
if (tty) process.stdout.write('build      checking (a first start compiles every package: a minute or more)…');
else say('checking');
const turbo = spawnSync(
  process.execPath,
  [
    require.resolve('turbo/bin/turbo', { paths: [root] }),
    'run', 'build',
    // what the stack runs: the kit, every subgraph, the gateway, and the runner itself (tools)
    '--filter=./subgraphs/*', '--filter=@aidgraph/gateway', '--filter=@aidgraph/tools',
    '--output-logs=errors-only', '--ui=stream',
  ],
  { cwd: root, encoding: 'utf8', env: { TURBO_TELEMETRY_DISABLED: '1', TURBO_NO_UPDATE_NOTIFIER: '1', ...process.env } },
);
const output = `${turbo.stdout ?? ''}${turbo.stderr ?? ''}`;
if (tty) process.stdout.write('\r\x1b[K');
if (turbo.signal) process.exit(1); // Ctrl-C while building: nothing to say
if (turbo.status !== 0) {
  process.stdout.write(output);
  say(`failed${turbo.error ? `: ${turbo.error.message}` : ''} (see above)`, 50);
  process.exit(turbo.status || 1);
}
const summary = /Cached:\s+(\d+) cached, (\d+) total/.exec(output.replace(/\x1b\[[0-9;]*m/g, ''));
const compiled = summary ? Number(summary[2]) - Number(summary[1]) : undefined;
const seconds = ((Date.now() - started) / 1000).toFixed(1);
say(`${compiled === 0 ? 'up to date' : compiled ? `compiled ${compiled} package${compiled > 1 ? 's' : ''}` : 'done'} (${seconds} s)`);

require('./dist/start.js').main(process.argv);
