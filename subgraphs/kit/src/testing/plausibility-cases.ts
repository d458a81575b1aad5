import type { SubgraphHarness, TokenAs } from './subgraph-harness';

/** One implausible write and the refusal it must get (issue 14, item 11). */
export interface RefusalCase {
  /** what is wrong, for the test's failure message */
  name: string;
  /** the mutation's variables */
  variables: Record<string, unknown>;
  /** the expected `extensions.code`, e.g. BAD_USER_INPUT, NOT_FOUND */
  code: string;
  /** the expected `extensions.reason`, e.g. AMOUNT_ABOVE_LIMIT, DATE_OUT_OF_RANGE, NOT_IN_REGISTRY */
  reason?: string;
  /** the expected `extensions.field` */
  field?: string;
}

/**
 * Send each case's mutation and check that it is refused with its code, reason and field, that the message carries no
 * SQL or stack, and that nothing changed: `snapshot` (e.g. the rows of the mutation's table and the audit log's size)
 * is the same before and after. Table-driven tests of implausible amounts, dates and unknown persons use it.
 */
export async function expectRefusedUnchanged(
  h: SubgraphHarness,
  o: { mutation: string; as: TokenAs; cases: RefusalCase[]; snapshot: () => Promise<unknown> },
): Promise<void> {
  for (const c of o.cases) {
    const before = await o.snapshot();
    const r = await h.request(o.mutation, c.variables, o.as);
    const expected: Record<string, unknown> = { code: c.code };
    if (c.reason) expected.reason = c.reason;
    if (c.field) expected.field = c.field;
    const got = (r.errors?.[0]?.extensions ?? { code: '(accepted)' }) as Record<string, unknown>;
    const wrong = Object.entries(expected).filter(([k, v]) => got[k] !== v);
    if (wrong.length) throw new Error(`${c.name}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(got)}`);
    if (/select |insert |update |\.ts:\d+/i.test(r.errors?.[0].message ?? '')) throw new Error(`${c.name}: the message leaks SQL or a stack`);
    const after = await o.snapshot();
    if (JSON.stringify(after) !== JSON.stringify(before)) throw new Error(`${c.name}: the refused write changed the database`);
  }
}

/** A snapshot of tables for expectRefusedUnchanged: every row of each (ordered by id) and the audit log's size. */
export function tableSnapshot(h: SubgraphHarness, tables: string[]): () => Promise<unknown> {
  return async () => {
    const out: Record<string, unknown> = {};
    for (const t of tables) out[t] = await h.db.query(`SELECT * FROM ${t} ORDER BY id`);
    out.audit_log = Number((await h.db.query('SELECT COUNT(*) AS n FROM audit_log'))[0].n);
    return out;
  };
}
