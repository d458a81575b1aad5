#!/usr/bin/env node
/**
 * The warning rules' benchmark (issue 10 item 6): runs each rule, one after another, against a running stack (the
 * gateway of SUPERVISION_GATEWAY_URL with the service token SUPERVISION_TOKEN / SUPERVISION_TOKEN_FILE, an auditor's
 * token whose subject has an allowance in the gateway's RATE_LIMIT_SUBJECTS), storing the alerts in a supervision
 * database of its own (--database-url; default a fresh SQLite file under the OS temp folder), and prints per page the
 * rows read, rows/s and the process's memory (RSS and V8 heap used, MiB), then per rule the totals and the range of
 * RSS and heap over its pages: flat memory means the heap's range does not grow with the pages read.
 *
 *   npm run build
 *   npm run generate -- --size 1000000 --postgres postgres://postgres@127.0.0.1:5432/aidgraph --replace
 *   (start the stack on that database; RATE_LIMIT_SUBJECTS for the token's subject, SUBGRAPH_TIMEOUT_MS as needed)
 *   SUPERVISION_GATEWAY_URL=http://127.0.0.1:4000/graphql SUPERVISION_TOKEN=$(npm run -s token -- --role auditor) \
 *     npm run bench:rules -- [--rule DECEASED_OR_MOVED_WITH_BENEFITS] [--every 10] [--gc]
 *
 * --every N prints every Nth page (default 1); --gc runs a full GC before each memory reading (node --expose-gc is
 * added by re-executing itself).
 */
const path = require('node:path');
const os = require('node:os');
const fs = require('node:fs');
const { spawnSync } = require('node:child_process');

if (process.argv.includes('--gc') && typeof global.gc !== 'function') {
  const r = spawnSync(process.execPath, ['--expose-gc', __filename, ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}
require('reflect-metadata');
const { Command } = require('commander');
const dist = path.join(__dirname, '..', 'dist');
const { openDatabase, definitionEntities } = require('@aidgraph/subgraph-kit');
const { supervision } = require(path.join(dist, 'subgraph'));
const { RULES } = require(path.join(dist, 'modules/rules/index'));
const { readRulesConfig, rulesEnabled, RULES_DISABLED_WARNING } = require(path.join(dist, 'modules/rules/config'));
const { runRules } = require(path.join(dist, 'modules/rules/engine'));

const MiB = (n) => (n / 1048576).toFixed(1);

async function main() {
  const program = new Command('bench:rules')
    .option('--rule <code...>', 'the rules (default: all)')
    .option('--database-url <url>', 'the supervision database the alerts go to (default: a fresh SQLite file)')
    .option('--every <n>', 'print every nth page', '1')
    .option('--gc', 'a full GC before each memory reading')
    .parse();
  const o = program.opts();
  const config = readRulesConfig();
  if (!rulesEnabled(config)) throw new Error(RULES_DISABLED_WARNING);
  const url = o.databaseUrl ?? `sqlite:${path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'aidgraph-rules-bench-')), 'supervision.sqlite')}`;
  const db = await openDatabase({ url, ...definitionEntities(supervision) });
  const every = Math.max(1, Number(o.every) || 1);
  const rules = o.rule ?? RULES.map((r) => r.code);
  console.log(`rules benchmark: ${rules.length} rule(s), page size ${config.SUPERVISION_PAGE_SIZE}, gateway ${config.SUPERVISION_GATEWAY_URL}, alerts to ${url.split('?')[0]}`);
  console.log('rule                               page      rows   rows/s  raised    seen  RSS MiB  heap MiB');
  const summary = [];
  let t0 = 0;
  let stats;
  const reading = () => {
    if (o.gc && global.gc) global.gc();
    const m = process.memoryUsage();
    return { rss: m.rss, heap: m.heapUsed };
  };
  const runs = await runRules(db, rules, 'CLI', {
    config,
    onRunStart: (run) => {
      t0 = performance.now();
      const m = reading();
      stats = { rule: run.rule, rssMin: m.rss, rssMax: m.rss, heapMin: m.heap, heapMax: m.heap, heapFirst: m.heap, heapLast: m.heap, pages: 0 };
      summary.push(stats);
    },
    onPage: (p) => {
      const m = reading();
      Object.assign(stats, {
        pages: p.page, rssMin: Math.min(stats.rssMin, m.rss), rssMax: Math.max(stats.rssMax, m.rss),
        heapMin: Math.min(stats.heapMin, m.heap), heapMax: Math.max(stats.heapMax, m.heap), heapLast: m.heap,
      });
      if (p.page % every) return;
      const s = (performance.now() - t0) / 1000;
      console.log(
        `${p.rule.padEnd(34)} ${String(p.page).padStart(5)} ${String(p.rowsRead).padStart(9)} ${String(Math.round(p.rowsRead / s)).padStart(8)} ` +
          `${String(p.raised).padStart(7)} ${String(p.seen).padStart(7)} ${MiB(m.rss).padStart(8)} ${MiB(m.heap).padStart(9)}`,
      );
    },
  });
  console.log('\nrule                               status        rows   seconds   rows/s  raised  RSS MiB (min-max)  heap MiB (min-max, last)');
  for (const r of runs) {
    const s = summary.find((x) => x.rule === r.rule);
    const secs = r.finishedAt ? (Date.parse(r.finishedAt) - Date.parse(r.startedAt)) / 1000 : 0;
    console.log(
      `${r.rule.padEnd(34)} ${r.status.padEnd(9)} ${String(r.rowsRead).padStart(9)} ${secs.toFixed(1).padStart(9)} ${String(secs ? Math.round(r.rowsRead / secs) : 0).padStart(8)} ` +
        `${String(r.alertsRaised).padStart(7)}  ${s ? `${MiB(s.rssMin)}-${MiB(s.rssMax)}`.padStart(17) : ''}  ${s ? `${MiB(s.heapMin)}-${MiB(s.heapMax)}, ${MiB(s.heapLast)}` : ''}${r.errorCode ? `  ${r.errorCode}` : ''}`,
    );
  }
  await db.destroy();
}

main().catch((e) => {
  console.error(`bench:rules: ${e.message}`);
  process.exit(1);
});
