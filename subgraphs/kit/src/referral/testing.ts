import crypto from 'node:crypto';
import type { SubgraphDefinition } from '../server/subgraph-server';
import { startSubgraphHarness, type SubgraphHarness, type TokenAs } from '../testing/subgraph-harness';
import { testDatabaseKinds, type DatabaseKind } from '../testing/databases';
import { pendingSchemaChanges } from '../testing/schema-sync';
import { TOWNSHIPS } from '../domain/divisions';
import { todayInChina } from '../domain/plausibility';
import { referralIdOf, signReferralTicket, type ReferralTicketPayload } from './ticket';
import { demoApplicationPlan, demoReferrals, type DemoApplicationPlan } from './demo';
import { generateHouseholds } from '@aidgraph/population';

/** One department's referral decisions under test (`describeReferralDecisions`). */
export interface ReferralDecisionSuite {
  def: SubgraphDefinition;
  /** the name given to defineReferralDecisions (e.g. Education: decideEducationReferral, Referral.educationDecision) */
  name: string;
  department: string;
  /** a programme of the department (programmes.json) */
  programme: string;
  /** the table of a record type decisions name, with columns id, townshipCode and the person's column (default personId) */
  recordTable: string;
  personColumn?: string;
  /** the GraphQL type of that table's records (e.g. EducationAid) */
  recordType: string;
  seed?: string;
  seedSize?: number;
}

/** The jest globals the suite declares its tests with (the kit is built without jest's types). */
interface JestGlobals {
  describe: { each(cases: readonly unknown[]): (name: string, fn: (kind: DatabaseKind) => void) => void };
  it: (name: string, fn: () => Promise<void>) => void;
  beforeAll: (fn: () => Promise<void>) => void;
  afterAll: (fn: () => Promise<void> | void) => void;
  expect: any;
}

interface Rec {
  id: string;
  personId: string;
  townshipCode: string;
}

/**
 * The tests every department runs on its referral decisions (on each test database): accepted with its record, refused
 * with a reason, another department's ticket FORBIDDEN with nothing stored, a forged ticket BAD_TICKET, a second
 * decision CONFLICT, a retry with the same key the same decision, the input checks, `_entities` of Referral returning the
 * decision, and who sees it.
 */
export function describeReferralDecisions(s: ReferralDecisionSuite): void {
  const { describe, it, beforeAll, afterAll, expect } = globalThis as unknown as JestGlobals;
  const field = `${s.name[0].toLowerCase()}${s.name.slice(1)}Decision`;
  const mutation = `decide${s.name}Referral`;
  const DECISION = `outcome reason note decidedOn referredOn referral { id } record { __typename ... on ${s.recordType} { id } }`;
  /** the decision as the service centre reads it: the reason code, not the department's note */
  const CENTRE_DECISION = `outcome reason decidedOn referredOn referral { id } record { __typename ... on ${s.recordType} { id } }`;
  const DECIDE = `mutation($i: DecideReferralInput!) { ${mutation}(input: $i) { ${DECISION} } }`;
  const ENTITIES = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Referral { id ${field} { ${DECISION} } } } }`;
  const OFFICER: TokenAs = { role: 'department_officer', department: s.department };
  const OTHER_DEPARTMENT = s.department === 'EDUCATION' ? 'MEDICAL_SECURITY' : 'EDUCATION';

  describe.each(testDatabaseKinds())(`${s.def.name} referral decisions on %s`, (kind) => {
    let h: SubgraphHarness;
    let recs: Rec[];
    const decisions = async () => Number((await h.db.query('SELECT COUNT(*) AS n FROM referral_decision'))[0].n);
    const ticket = (rec: Rec, over: Partial<ReferralTicketPayload> = {}) => {
      const applicationId = crypto.randomUUID();
      const p: ReferralTicketPayload = {
        referralId: referralIdOf(applicationId, s.programme), applicationId, department: s.department, programme: s.programme,
        applicantId: rec.personId, townshipCode: rec.townshipCode, createdOn: '2026-01-05', ...over,
      };
      return { payload: p, ticket: signReferralTicket(p) };
    };
    const decide = (i: Record<string, unknown>, as: TokenAs = OFFICER) => h.request(DECIDE, { i }, as);
    const entities = (id: string, as: TokenAs) => h.request(ENTITIES, { r: [{ __typename: 'Referral', id }] }, as);

    beforeAll(async () => {
      h = await startSubgraphHarness(s.def, kind, { seedSize: s.seedSize ?? 1500, seed: s.seed ?? 'referral-test' });
      const col = s.personColumn ?? 'personId';
      const rows: Rec[] = await h.db.query(`SELECT id, "${col}" AS "personId", "townshipCode" FROM ${s.recordTable} WHERE "${col}" IS NOT NULL ORDER BY id`);
      recs = rows.map((r) => ({ id: String(r.id), personId: String(r.personId), townshipCode: r.townshipCode }));
      // distinct persons
      const seen = new Set<string>();
      recs = recs.filter((r) => !seen.has(r.personId) && seen.add(r.personId));
    });
    afterAll(async () => h?.close());

    it('migrations build exactly what the entities declare (the referral_decision table included)', async () => {
      expect(recs.length).toBeGreaterThanOrEqual(6);
      expect(await pendingSchemaChanges(h.db)).toEqual([]);
    });

    it('seeds decisions on some of the demo referrals to the department (demoApplicationPlan), accepted ones with the applicant\'s record', async () => {
      const seed = s.seed ?? 'referral-test';
      const planned = new Map<string, DemoApplicationPlan & { members: string[] }>();
      for (const hh of generateHouseholds({ seed, size: s.seedSize ?? 1500 })) {
        const plan = demoApplicationPlan(seed, hh);
        if (plan) for (const ref of demoReferrals(plan)) if (ref.department === s.department) planned.set(ref.id, { ...plan, members: hh.members.map((m) => m.id) });
      }
      const col = s.personColumn ?? 'personId';
      const rows: { id: string; applicationId: string; personId: string; outcome: string; recordId: string | null; reason: string | null; note: string | null; referredOn: string; decidedOn: string }[] = await h.db.query(
        `SELECT id, "applicationId", "personId", outcome, "recordId", reason, note, CAST("referredOn" AS VARCHAR(10)) AS "referredOn", CAST("decidedOn" AS VARCHAR(10)) AS "decidedOn" FROM referral_decision WHERE "decidedBy" = 'seed-officer-${s.department}'`,
      );
      expect(planned.size).toBeGreaterThan(0);
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.length).toBeLessThanOrEqual(planned.size);
      for (const row of rows) {
        const plan = planned.get(String(row.id))!;
        expect(plan).toBeDefined();
        expect({ applicationId: String(row.applicationId), personId: String(row.personId), referredOn: row.referredOn }).toEqual({ applicationId: plan.applicationId, personId: plan.applicantId, referredOn: plan.acceptedOn });
        expect(row.decidedOn >= row.referredOn).toBe(true);
        if (row.outcome === 'ACCEPTED') {
          expect(row.reason).toBeNull();
          const owner = await h.db.query(`SELECT "${col}" AS "personId" FROM ${s.recordTable} WHERE id = '${row.recordId}'`);
          if (owner.length) expect(plan.members).toContain(String(owner[0].personId));
        } else {
          expect(row.outcome).toBe('REFUSED');
          expect(row.recordId).toBeNull();
          // a code, never free text; the department's words are its note
          expect(['NOT_ELIGIBLE', 'ALREADY_ASSISTED', 'DOCUMENTS_INSUFFICIENT']).toContain(row.reason);
          expect(row.note).toBeTruthy();
        }
      }
    });

    it('accepts a referral with the applicant\'s record, and refuses one with the reason', async () => {
      const before = await decisions();
      const a = ticket(recs[0]);
      const ok = await decide({ ticket: a.ticket, outcome: 'ACCEPTED', recordId: recs[0].id });
      expect(ok.errors).toBeUndefined();
      expect(ok.data[mutation]).toEqual({
        outcome: 'ACCEPTED', reason: null, note: null, decidedOn: todayInChina(), referredOn: '2026-01-05', referral: { id: a.payload.referralId },
        record: { __typename: s.recordType, id: recs[0].id },
      });
      const r = ticket(recs[1]);
      const no = await decide({ ticket: r.ticket, outcome: 'REFUSED', reason: 'NOT_ELIGIBLE', note: '经审核不符合条件' });
      expect(no.errors).toBeUndefined();
      expect(no.data[mutation]).toMatchObject({ outcome: 'REFUSED', reason: 'NOT_ELIGIBLE', note: '经审核不符合条件', record: null, referral: { id: r.payload.referralId } });
      const [stored] = await h.db.query(`SELECT reason, note FROM referral_decision WHERE id = '${r.payload.referralId}'`);
      expect(stored).toEqual({ reason: 'NOT_ELIGIBLE', note: '经审核不符合条件' });
      expect(await decisions()).toBe(before + 2);
      const [row] = await h.db.query(`SELECT "applicationId", department, programme, "personId", "townshipCode", "decidedBy" FROM referral_decision WHERE id = '${a.payload.referralId}'`);
      expect({ ...row, applicationId: String(row.applicationId), personId: String(row.personId) }).toMatchObject({
        applicationId: a.payload.applicationId, department: s.department, programme: s.programme, personId: recs[0].personId, townshipCode: recs[0].townshipCode,
      });
    });

    it('refuses another department\'s ticket (FORBIDDEN, nothing stored), a forged one (BAD_TICKET) and other roles', async () => {
      const before = await decisions();
      const other = ticket(recs[2], { department: OTHER_DEPARTMENT });
      const res = await decide({ ticket: other.ticket, outcome: 'REFUSED', reason: 'OTHER' });
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'OTHER_DEPARTMENTS_REFERRAL' });
      const good = ticket(recs[2]);
      const [body, mac] = good.ticket.split('.');
      const forgedBody = Buffer.from(JSON.stringify({ ...good.payload, applicantId: recs[3].personId })).toString('base64url');
      for (const forged of [`${forgedBody}.${mac}`, `${body}.${Buffer.alloc(32, 1).toString('base64url')}`, 'not-a-ticket', '']) {
        const f = await decide({ ticket: forged, outcome: 'REFUSED', reason: 'OTHER' });
        expect(f.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'BAD_TICKET', field: 'input.ticket' });
      }
      for (const as of [{ role: 'department_officer', department: OTHER_DEPARTMENT }, { role: 'caseworker', township: recs[2].townshipCode }, { role: 'auditor' }, { role: 'analyst' }] as TokenAs[]) {
        const f = await decide({ ticket: good.ticket, outcome: 'REFUSED', reason: 'OTHER' }, as);
        expect(f.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      }
      expect(await decisions()).toBe(before);
    });

    it('checks the record: required when accepted, the applicant\'s own, known; none with a refusal', async () => {
      const before = await decisions();
      const t = ticket(recs[2]);
      const cases: [Record<string, unknown>, Record<string, unknown>][] = [
        [{ outcome: 'ACCEPTED' }, { code: 'BAD_USER_INPUT', reason: 'RECORD_REQUIRED', field: 'input.recordId' }],
        [{ outcome: 'ACCEPTED', recordId: recs[3].id }, { code: 'BAD_USER_INPUT', reason: 'RECORD_NOT_OF_APPLICANT', field: 'input.recordId' }],
        [{ outcome: 'ACCEPTED', recordId: crypto.randomUUID() }, { code: 'NOT_FOUND' }],
        [{ outcome: 'REFUSED' }, { code: 'BAD_USER_INPUT', reason: 'REASON_REQUIRED', field: 'input.reason' }],
        [{ outcome: 'REFUSED', note: '确诊HIV' }, { code: 'BAD_USER_INPUT', reason: 'REASON_REQUIRED', field: 'input.reason' }],
        [{ outcome: 'ACCEPTED', recordId: recs[2].id, reason: 'OTHER' }, { code: 'BAD_USER_INPUT', reason: 'REASON_WITH_ACCEPTANCE', field: 'input.reason' }],
        [{ outcome: 'REFUSED', reason: 'OTHER', note: 'x'.repeat(501) }, { code: 'BAD_USER_INPUT', reason: 'TOO_LONG', field: 'input.note' }],
        [{ outcome: 'REFUSED', reason: 'OTHER', recordId: recs[2].id }, { code: 'BAD_USER_INPUT', reason: 'RECORD_WITH_REFUSAL', field: 'input.recordId' }],
      ];
      for (const [i, want] of cases) {
        const res = await decide({ ticket: t.ticket, ...i });
        expect(res.errors?.[0].extensions).toMatchObject(want);
      }
      expect(await decisions()).toBe(before);
    });

    it('accepts with the record of a member of the applicant\'s household when the ticket names the household (registry)', async () => {
      const byPerson = new Map(h.registryHouseholds.flatMap((hh) => hh.members.map((m) => [m.id, hh] as const)));
      const rec = recs.slice(6).find((r) => (byPerson.get(r.personId)?.members ?? []).some((m) => m.id !== r.personId && m.status === 'ACTIVE'));
      if (!rec) return; // no such household in this department's demo records
      const hh = byPerson.get(rec.personId)!;
      const parent = hh.members.find((m) => m.id !== rec.personId && m.status === 'ACTIVE')!;
      const without = ticket({ ...rec, personId: parent.id });
      const refused = await decide({ ticket: without.ticket, outcome: 'ACCEPTED', recordId: rec.id });
      expect(refused.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'RECORD_NOT_OF_APPLICANT' });
      const other = h.registryHouseholds.find((x) => x.id !== hh.id)!;
      const wrong = ticket({ ...rec, personId: parent.id }, { householdId: other.id });
      expect((await decide({ ticket: wrong.ticket, outcome: 'ACCEPTED', recordId: rec.id })).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'RECORD_NOT_OF_APPLICANT' });
      const t = ticket({ ...rec, personId: parent.id }, { householdId: hh.id });
      const ok = await decide({ ticket: t.ticket, outcome: 'ACCEPTED', recordId: rec.id });
      expect(ok.errors).toBeUndefined();
      expect(ok.data[mutation]).toMatchObject({ outcome: 'ACCEPTED', record: { __typename: s.recordType, id: rec.id }, referral: { id: t.payload.referralId } });
    });

    it('decides a referral once: a second decision is CONFLICT ALREADY_DECIDED, a retry with the same key returns the first', async () => {
      const t = ticket(recs[4]);
      const input = { ticket: t.ticket, outcome: 'ACCEPTED', recordId: recs[4].id, idempotencyKey: `retry-${crypto.randomUUID()}` };
      const first = await decide(input);
      expect(first.errors).toBeUndefined();
      const count = await decisions();
      const again = await decide(input);
      expect(again.errors).toBeUndefined();
      expect(again.data[mutation]).toEqual(first.data[mutation]);
      const second = await decide({ ticket: t.ticket, outcome: 'REFUSED', reason: 'WITHDRAWN' });
      expect(second.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'ALREADY_DECIDED' });
      const reused = await decide({ ...input, outcome: 'REFUSED', recordId: undefined, reason: 'OTHER' });
      expect(reused.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'IDEMPOTENCY_KEY_REUSED' });
      expect(await decisions()).toBe(count);
      const [row] = await h.db.query(`SELECT outcome FROM referral_decision WHERE id = '${t.payload.referralId}'`);
      expect(row.outcome).toBe('ACCEPTED');
    });

    it('decides a referral once under parallel decisions: one wins, the others CONFLICT ALREADY_DECIDED, one row', async () => {
      const t = ticket(recs[6] ?? recs[0]);
      const res = await Promise.all(Array.from({ length: 8 }, (_, i) => decide({ ticket: t.ticket, outcome: 'REFUSED', reason: 'OTHER', note: `理由 ${i}` })));
      for (const r of res) expect(r.status).toBeLessThan(500);
      const won = res.filter((r) => !r.errors);
      expect(won).toHaveLength(1);
      for (const r of res.filter((x) => x.errors)) expect(r.errors![0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'ALREADY_DECIDED' });
      const rows = await h.db.query(`SELECT note FROM referral_decision WHERE id = '${t.payload.referralId}'`);
      expect(rows.map((r: { note: string }) => r.note)).toEqual([won[0].data[mutation].note]);
    });

    it(`adds the decision to Referral (_entities: ${field}), for the roles that may see it`, async () => {
      const t = ticket(recs[5]);
      expect((await decide({ ticket: t.ticket, outcome: 'ACCEPTED', recordId: recs[5].id, note: '已发放' })).errors).toBeUndefined();
      const want = {
        outcome: 'ACCEPTED', reason: null, note: '已发放', decidedOn: todayInChina(), referredOn: '2026-01-05', referral: { id: t.payload.referralId },
        record: { __typename: s.recordType, id: recs[5].id },
      };
      const undecided = referralIdOf(crypto.randomUUID(), s.programme);
      const all = await h.request(ENTITIES, { r: [{ __typename: 'Referral', id: t.payload.referralId }, { __typename: 'Referral', id: undecided }] }, { role: 'auditor' });
      expect(all.errors).toBeUndefined();
      expect(all.data._entities).toEqual([{ id: t.payload.referralId, [field]: want }, { id: undecided, [field]: null }]);
      const otherTownship = TOWNSHIPS.find((x) => x.code !== recs[5].townshipCode)!.code;
      for (const as of [OFFICER, { role: 'caseworker', township: recs[5].townshipCode }, { role: 'township_approver', township: recs[5].townshipCode }] as TokenAs[]) {
        const res = await entities(t.payload.referralId, as);
        expect(res.errors).toBeUndefined();
        expect(res.data._entities[0][field]).toMatchObject({ outcome: 'ACCEPTED', reason: null, note: '已发放', referral: { id: t.payload.referralId } });
      }
      // the service centre follows the decision (outcome, reason code), not the department's note (its records class)
      const centre: TokenAs = { role: 'department_officer', department: 'SOCIAL_ASSISTANCE_CENTRE' };
      const byCentre = await h.request(`query($r: [_Any!]!) { _entities(representations: $r) { ... on Referral { id ${field} { ${CENTRE_DECISION} } } } }`, { r: [{ __typename: 'Referral', id: t.payload.referralId }] }, centre);
      expect(byCentre.errors).toBeUndefined();
      expect(byCentre.data._entities[0][field]).toMatchObject({ outcome: 'ACCEPTED', reason: null, referral: { id: t.payload.referralId } });
      const noteByCentre = await entities(t.payload.referralId, centre);
      expect(noteByCentre.errors?.map((e) => [e.path?.join('.'), e.extensions?.code])).toContainEqual([`_entities.0.${field}.note`, 'FORBIDDEN']);
      expect(noteByCentre.data._entities[0][field].note).toBeNull();
      const out = await entities(t.payload.referralId, { role: 'caseworker', township: otherTownship });
      expect(out.errors).toBeUndefined();
      expect(out.data._entities[0][field]).toBeNull();
      for (const as of [{ role: 'department_officer', department: OTHER_DEPARTMENT }, { role: 'analyst' }] as TokenAs[]) {
        for (const id of [t.payload.referralId, undecided]) {
          const res = await entities(id, as);
          expect(res.errors?.[0].extensions?.code).toBe('FORBIDDEN');
        }
      }
    });

    it('shows a decision\'s record only to a caller who may see that record: a caseworker of the application\'s township gets null for a record of another township', async () => {
      const rec = recs[7] ?? recs[1];
      const appTownship = TOWNSHIPS.find((x) => x.code !== rec.townshipCode)!.code;
      const t = ticket(rec, { townshipCode: appTownship });
      expect((await decide({ ticket: t.ticket, outcome: 'ACCEPTED', recordId: rec.id })).errors).toBeUndefined();
      const record = { __typename: s.recordType, id: rec.id };
      // the application's township sees the decision, not the record handled elsewhere (no error either)
      for (const as of [{ role: 'caseworker', township: appTownship }, { role: 'township_approver', township: appTownship }] as TokenAs[]) {
        const res = await entities(t.payload.referralId, as);
        expect(res.errors).toBeUndefined();
        expect(res.data._entities[0][field]).toMatchObject({ outcome: 'ACCEPTED', referral: { id: t.payload.referralId }, record: null });
      }
      // the record's township does not see the decision (another township's application) at all
      const there = await entities(t.payload.referralId, { role: 'caseworker', township: rec.townshipCode });
      expect(there.errors).toBeUndefined();
      expect(there.data._entities[0][field]).toBeNull();
      // the department's officers and auditors see the record
      for (const as of [OFFICER, { role: 'auditor' }] as TokenAs[]) {
        const res = await entities(t.payload.referralId, as);
        expect(res.errors).toBeUndefined();
        expect(res.data._entities[0][field].record).toEqual(record);
      }
    });
  });
}
