import 'reflect-metadata';
import fs from 'node:fs';
import { Command, Option } from 'commander';
import { Presets, SingleBar } from 'cli-progress';
import { DataSource, type SelectQueryBuilder } from 'typeorm';
import { checkCalendarDate, clockToday, dataSourceOptions, defaultDatabaseUrl } from '@aidgraph/subgraph-kit';
import { DishonestyRecord } from './credit.entity';
import { exportLine } from './credit.export';
import { DishonestyStatus } from './credit.policy';

/** Options of the export (the command line's, parsed). */
export interface CreditExportOptions {
  /** statuses as of this date (ISO) */
  asOf: string;
  /** only records of this status on asOf; ALL: every record (the platform learns expiries and revocations too) */
  status: DishonestyStatus | 'ALL';
  /** rows read per page (bounded memory) */
  pageSize?: number;
}

/**
 * Write every dishonesty record (of `status` on `asOf`) as JSON Lines (format aidgraph.dishonesty/1, credit.export.ts) to
 * `write`, reading pages of `pageSize` rows in (decidedOn, id) order (keyset: memory does not grow with the table).
 * Returns the number of lines written; `progress(done, total)` after each page.
 */
export async function runCreditExport(db: DataSource, o: CreditExportOptions, write: (text: string) => void, progress?: (done: number, total: number) => void): Promise<number> {
  const size = o.pageSize ?? 1000;
  const base = (): SelectQueryBuilder<DishonestyRecord> => {
    const qb = db.getRepository(DishonestyRecord).createQueryBuilder('r');
    if (o.status === DishonestyStatus.REVOKED) qb.andWhere('r.revokedOn IS NOT NULL');
    else if (o.status !== 'ALL') qb.andWhere('r.revokedOn IS NULL');
    if (o.status === DishonestyStatus.IN_FORCE) qb.andWhere('r.startsOn <= :t AND r.endsOn >= :t', { t: o.asOf });
    if (o.status === DishonestyStatus.EXPIRED) qb.andWhere('r.endsOn < :t', { t: o.asOf });
    if (o.status === DishonestyStatus.PENDING) qb.andWhere('r.startsOn > :t AND r.endsOn >= :t', { t: o.asOf });
    return qb;
  };
  const total = await base().getCount();
  let done = 0;
  let after: { decidedOn: string; id: string } | null = null;
  for (;;) {
    const qb = base().orderBy('r.decidedOn', 'ASC').addOrderBy('r.id', 'ASC').take(size);
    if (after) qb.andWhere('(r.decidedOn > :d OR (r.decidedOn = :d AND r.id > :id))', { d: after.decidedOn, id: after.id });
    const rows = await qb.getMany();
    for (const r of rows) write(`${JSON.stringify(exportLine(r, o.asOf))}\n`);
    done += rows.length;
    progress?.(done, total);
    if (rows.length < size) return done;
    const lastRow = rows[rows.length - 1];
    after = { decidedOn: lastRow.decidedOn, id: lastRow.id };
  }
}

/**
 * `npm run credit-export -w @aidgraph/service-centre -- [--database-url <url>] [--as-of YYYY-MM-DD] [--status ALL|IN_FORCE|...] [--out <file>]`:
 * the dishonesty records for the credit-sharing platform, JSON Lines (see credit.export.ts) to the file or stdout; a
 * progress bar on stderr when writing a file. Prints counts only, never a record. Exit code 2 on a usage or connection error.
 */
async function main(): Promise<void> {
  const program = new Command()
    .name('credit-export')
    .description('Export the dishonesty records (失信记录) for the credit-sharing platform as JSON Lines (format aidgraph.dishonesty/1).')
    .option('--database-url <url>', "the service centre's database (sqlite:<file> or postgres://...?schema=<name>); default: DATABASE_URL, else data/service-centre.sqlite")
    .option('--as-of <date>', 'the date the statuses are computed for (ISO YYYY-MM-DD); default: today by the service clock (AIDGRAPH_TODAY)')
    .addOption(new Option('--status <status>', 'only the records of this status on --as-of').choices(['ALL', 'IN_FORCE', 'EXPIRED', 'REVOKED', 'PENDING']).default('ALL'))
    .option('--out <file>', 'write to this file (default: stdout)')
    .showHelpAfterError();
  program.parse();
  const o = program.opts<{ databaseUrl?: string; asOf?: string; status: DishonestyStatus | 'ALL'; out?: string }>();
  let asOf: string;
  try {
    asOf = o.asOf ? checkCalendarDate(o.asOf, 'asOf') : clockToday();
  } catch {
    console.error('--as-of: not a date YYYY-MM-DD');
    process.exit(2);
  }
  const db = new DataSource(dataSourceOptions({ url: o.databaseUrl ?? process.env.DATABASE_URL ?? defaultDatabaseUrl('service-centre'), entities: [DishonestyRecord] }));
  try {
    await db.initialize();
  } catch (e) {
    console.error(`cannot open the database: ${(e as Error).message}`);
    process.exit(2);
  }
  const out = o.out ? fs.createWriteStream(o.out, { encoding: 'utf8' }) : process.stdout;
  const bar = o.out ? new SingleBar({ format: 'credit-export [{bar}] {value}/{total} records', stream: process.stderr }, Presets.shades_classic) : null;
  try {
    let started = false;
    const n = await runCreditExport(db, { asOf, status: o.status }, (t) => out.write(t), (done, total) => {
      if (!bar) return;
      if (!started) bar.start(total, 0);
      started = true;
      bar.update(done);
    });
    bar?.stop();
    if (o.out) await new Promise<void>((resolve, reject) => (out as fs.WriteStream).end((err?: Error | null) => (err ? reject(err) : resolve())));
    console.error(`credit-export: ${n} records (status ${o.status} as of ${asOf})${o.out ? ` written to ${o.out}` : ''}`);
  } finally {
    await db.destroy();
  }
}

if (require.main === module) void main();
