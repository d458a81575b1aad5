import 'reflect-metadata';
import { Command, InvalidArgumentError } from 'commander';
import { startSubgraphHarness, type DatabaseKind, type SubgraphHarness } from '@aidgraph/subgraph-kit/testing';
import { loadDefinition } from './subgraphs';

function whole(min: number) {
  return (v: string): number => {
    const n = Number(v.replace(/_/g, ''));
    if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`a whole number of at least ${min}`);
    return n;
  };
}

/** The bytes an audit row stores: the UTF-8 length of every column's value (what the hash chain covers). */
export function auditRowBytes(row: Record<string, unknown>): number {
  return Object.values(row).reduce<number>((n, v) => n + Buffer.byteLength(v == null ? '' : String(v)), 0);
}

const LIST = `query BenchList($after: String) { people(first: 50, after: $after) { pageInfo { endCursor } edges { node {
  id name idNumber birthDate gender coveredGroups assistanceCategory enrolments { programme amount startDate } household { address perCapitaMonthlyIncome } } } } }`;
const SINGLE = `query BenchOne($id: ID!) { person(id: $id) {
  id name idNumber birthDate gender coveredGroups assistanceCategory enrolments { programme amount startDate } household { address perCapitaMonthlyIncome } } }`;
const EDUCATION = `query BenchEducation($r: [_Any!]!) { _entities(representations: $r) { ... on Person { educationAids { aidType academicYear amount school } } } }`;
const MEDICAL = `query BenchMedical($r: [_Any!]!) { _entities(representations: $r) { ... on Person {
  medicalClaims { hospital diagnosis totalCost dischargeDate } medicalAssistance(year: 2025) { yearToDate remainingCap } } } }`;

/**
 * `npm run bench:audit -- [--databases sqlite,postgres] [--size 2400] [--requests 20]`: the audit log's cost per
 * request, as the gateway would cause it: a 50-person list (civil affairs' `people` with identifiers, categories,
 * enrolments and household income; education's aids and medical claims and aid of the same 50 persons through
 * `_entities`) and a single person read the same way. Prints the bytes stored per request (every column of the rows
 * appended, as the hash chain covers them), per subgraph and in total, on each database. Runs on temporary test
 * databases (TEST_POSTGRES_URL), dropped afterwards.
 */
async function main(): Promise<void> {
  const program = new Command()
    .name('bench:audit')
    .description('Bytes of audit log per request (50-person list and single person), on SQLite and PostgreSQL.')
    .option('--databases <kinds>', 'sqlite, postgres or both', 'sqlite,postgres')
    .option('--size <people>', 'demo population size', whole(200), 2400)
    .option('--requests <n>', 'requests of each kind', whole(1), 20)
    .showHelpAfterError();
  program.parse();
  const o = program.opts<{ databases: string; size: number; requests: number }>();
  const kinds = o.databases.split(',').map((s) => s.trim()).filter((k): k is DatabaseKind => k === 'sqlite' || k === 'postgres');
  process.env.LOG_LEVEL ??= 'silent';
  const names = ['civil-affairs', 'education', 'medical'] as const;
  console.log(`audit bytes per request (population ${o.size}, ${o.requests} requests of each kind; bytes = every stored column)`);
  console.log('database   request             civil-affairs  education  medical   total   rows/request');
  for (const kind of kinds) {
    const h: Record<string, SubgraphHarness> = {};
    try {
      for (const n of names) h[n] = await startSubgraphHarness(loadDefinition(n), kind, { seedSize: o.size, seed: 'bench-audit' });
      const measure = async (label: string, run: (i: number, subject: string) => Promise<void>) => {
        const bytes: Record<string, number> = {};
        let rows = 0;
        for (let i = 0; i < o.requests; i++) await run(i, `bench-${label}-${i}`);
        for (const n of names) {
          const stored: Record<string, unknown>[] = await h[n].db.query(`SELECT * FROM audit_log WHERE "subject" LIKE 'bench-${label}-%'`);
          bytes[n] = stored.reduce((s, r) => s + auditRowBytes(r), 0) / o.requests;
          rows += stored.length;
        }
        const total = names.reduce((s, n) => s + bytes[n], 0);
        console.log(
          `${kind.padEnd(10)} ${label.padEnd(19)} ${bytes['civil-affairs'].toFixed(0).padStart(13)}  ${bytes.education.toFixed(0).padStart(9)}  ` +
            `${bytes.medical.toFixed(0).padStart(7)}  ${total.toFixed(0).padStart(6)}   ${(rows / o.requests).toFixed(1)}`,
        );
      };
      const reads = async (ids: string[], subject: string) => {
        const as = { role: 'auditor' as const, subject };
        // as the gateway sends them: with the category history medical requires (DIBAO since 2020)
        const reps = ids.map((id) => ({ __typename: 'Person', id, assistanceCategoryHistory: [{ from: '2020-01-01', to: null, category: 'DIBAO' }] }));
        const e = await h.education.request(EDUCATION, { r: reps }, as);
        const m = await h.medical.request(MEDICAL, { r: reps }, as);
        if (e.errors || m.errors) throw new Error(`a bench request failed: ${JSON.stringify(e.errors ?? m.errors)}`);
      };
      const seen: string[] = [];
      await measure('list of 50 persons', async (i, subject) => {
        // a cursor is bound to its caller: each caller finds its own page start (a cursor-only read, not audited)
        const skip = (i % 10) * 50;
        const start = skip
          ? await h['civil-affairs'].request(`query($n: Int) { people(first: $n) { pageInfo { endCursor } } }`, { n: skip }, { role: 'auditor', subject })
          : null;
        if (start?.errors) throw new Error(`a bench request failed: ${JSON.stringify(start.errors)}`);
        const after: string | null = start ? start.data.people.pageInfo.endCursor : null;
        const r = await h['civil-affairs'].request(LIST, { after }, { role: 'auditor', subject });
        if (r.errors) throw new Error(`a bench request failed: ${JSON.stringify(r.errors)}`);
        const ids: string[] = r.data.people.edges.map((e: { node: { id: string } }) => e.node.id);
        seen.push(...ids);
        await reads(ids, subject);
      });
      await measure('single person', async (i, subject) => {
        const id = seen[(i * 7) % seen.length];
        const r = await h['civil-affairs'].request(SINGLE, { id }, { role: 'auditor', subject });
        if (r.errors) throw new Error(`a bench request failed: ${JSON.stringify(r.errors)}`);
        await reads([id], subject);
      });
    } finally {
      for (const n of names) await h[n]?.close();
    }
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
