import 'reflect-metadata';
import { Command, Option } from 'commander';
import cliProgress from 'cli-progress';
import { ConfigError, createLogger, defaultDatabaseUrl, definitionEntities, loadEnvFilesAtStart, openDatabase } from '@aidgraph/subgraph-kit';
import { supervision } from './subgraph';
import { RULES } from './modules/rules/index';
import { readRulesConfig, rulesEnabled, RULES_DISABLED_WARNING } from './modules/rules/config';
import { RulesRunningError, runRules, type PageProgress } from './modules/rules/engine';
import { interruptActiveBatches } from './modules/rules/lease';
import { WarningRuleTrigger, type WarningRuleCode } from './modules/warning-alert/warning-alert.enums';

/**
 * `npm run rules -- [--rule X ...] [--skip-if-running]`: run the warning rules now, one after another, against the gateway of
 * SUPERVISION_GATEWAY_URL with the service token, storing the alerts in supervision's database (DATABASE_URL, default
 * data/supervision.sqlite). Shows a progress line per rule (pages, rows, rows/s, raised, seen). The batch takes the
 * rules' lease (one batch at a time across every process on the database): another batch holding it is exit 3
 * (RULES_RUNNING), or exit 0 after a line saying it skipped with --skip-if-running (the CronJob). SIGTERM/SIGINT mark
 * the batch's runs INTERRUPTED (PROCESS_STOPPED) and free the lease before exiting (143/130). Exit 0 when every run
 * SUCCEEDED, 1 when one FAILED, was SKIPPED or INTERRUPTED, 2 for a configuration error.
 */
async function main(): Promise<void> {
  const program = new Command('rules')
    .description('Run the supervision warning rules through the gateway and store their alerts')
    .addOption(new Option('--rule <code...>', 'the rules to run (default: all)').choices(RULES.map((r) => r.code)))
    .option('--database-url <url>', 'supervision\'s database (default: DATABASE_URL, else data/supervision.sqlite)')
    .option('--no-progress', 'no progress bar (one line per run)')
    .option('--skip-if-running', 'another batch holding the lease: say so and exit 0 (a scheduled run) instead of exit 3')
    .showHelpAfterError()
    .parse();
  const o = program.opts<{ rule?: WarningRuleCode[]; databaseUrl?: string; progress: boolean; skipIfRunning?: boolean }>();
  const env = loadEnvFilesAtStart();
  if (env.problem) throw new ConfigError([`.env: ${env.problem}`]);
  const config = readRulesConfig();
  if (!rulesEnabled(config)) throw new ConfigError([RULES_DISABLED_WARNING]);
  const log = createLogger('supervision-rules', process.env.LOG_LEVEL ?? 'warn');
  const db = await openDatabase({ url: o.databaseUrl ?? process.env.DATABASE_URL ?? defaultDatabaseUrl('supervision'), ...definitionEntities(supervision) });
  const rules = o.rule ?? RULES.map((r) => r.code);
  // a graceful stop (the CronJob's pod deleted, Ctrl-C): the batch's runs INTERRUPTED and its lease freed, then exit
  const stop = (signal: NodeJS.Signals) => {
    bar?.stop();
    void interruptActiveBatches('PROCESS_STOPPED', db).finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  let bar: cliProgress.SingleBar | undefined;
  let started = 0;
  const onPage = (p: PageProgress) => {
    const s = (Date.now() - started) / 1000;
    bar?.update(p.page, { rule: p.rule, rows: p.rowsRead, rate: s > 0 ? Math.round(p.rowsRead / s) : 0, raised: p.raised, seen: p.seen });
  };
  try {
    const runs = await runRules(db, rules, WarningRuleTrigger.CLI, {
      config, log, onPage, whenRunning: o.skipIfRunning ? 'skip' : 'throw',
      onRunStart: (run) => {
        bar?.stop();
        started = Date.now();
        if (o.progress && process.stderr.isTTY) {
          bar = new cliProgress.SingleBar(
            { format: '{rule} | pages {value} | rows {rows} | {rate} rows/s | raised {raised} | seen {seen} | {duration_formatted}', stream: process.stderr, fps: 5 },
            cliProgress.Presets.shades_classic,
          );
          bar.start(Number.MAX_SAFE_INTEGER, 0, { rule: run.rule, rows: 0, rate: 0, raised: 0, seen: 0 });
        }
      },
    });
    bar?.stop();
    if (!runs.length) {
      // --skip-if-running and another batch holds the lease (logged with its batch): nothing was started
      process.stdout.write('skipped: another batch of warning rules is running (RULES_RUNNING)\n');
      process.exitCode = 0;
      return;
    }
    for (const r of runs) {
      const s = r.finishedAt ? (Date.parse(r.finishedAt) - Date.parse(r.startedAt)) / 1000 : 0;
      process.stdout.write(
        `${r.rule.padEnd(34)} ${r.status.padEnd(9)} rows ${String(r.rowsRead).padStart(9)}  ${s > 0 ? Math.round(r.rowsRead / s) : 0} rows/s  ` +
          `raised ${r.alertsRaised}  seen ${r.alertsSeen}  ${s.toFixed(1)} s${r.errorCode ? `  ${r.errorCode}` : ''}\n`,
      );
    }
    process.exitCode = runs.every((r) => r.status === 'SUCCEEDED') ? 0 : 1;
  } finally {
    bar?.stop();
    await db.destroy();
  }
}

main().catch((e) => {
  if (e instanceof RulesRunningError) {
    process.stderr.write(`rules: RULES_RUNNING: ${e.message}; run again once it has ended (or pass --skip-if-running)\n`);
    process.exit(3);
  }
  if (e instanceof ConfigError) {
    process.stderr.write(`${e.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`rules: ${(e as Error).name}: ${(e as Error).message}\n`);
  process.exit(1);
});
