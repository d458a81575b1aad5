import { education } from '../src/subgraph';
import { EducationAid } from '../src/modules/education-aid/education-aid.entity';
import { generatePopulation } from '@aidgraph/population';
import {
  assertIdempotentCreation, runConcurrently, startSubgraphHarness, testDatabaseKinds, type SubgraphHarness,
} from '@aidgraph/subgraph-kit/testing';

const SEED = 'education-concurrency';
const SIZE = 300;
const persons = generatePopulation({ seed: SEED, size: SIZE }).households.flatMap((h) => h.members);
const OFFICER = { role: 'department_officer' as const, department: 'EDUCATION' };
const OTHER_OFFICER = { ...OFFICER, subject: 'test-other-education-officer' };
const RECORD = `mutation($i: RecordEducationAidInput!) { recordEducationAid(input: $i) { id } }`;
const CORRECT = `mutation($i: CorrectEducationAidInput!) { correctEducationAid(input: $i) { id status } }`;

describe.each(testDatabaseKinds())('education write races and record references on %s', (kind) => {
  let h: SubgraphHarness;
  beforeAll(async () => {
    h = await startSubgraphHarness(education, kind, { seedSize: SIZE, seed: SEED });
  });
  afterAll(() => h?.close());

  const input = (p: (typeof persons)[number], year: string) => ({
    personId: p.id, schoolStage: 'PRIMARY', school: '阜安小学', aidType: 'LIVING_SUBSIDY', academicYear: year, amount: '1000',
    approvedOn: '2026-10-01', townshipCode: p.townshipCode,
  });
  const count = async (personId: string, year: string) =>
    Number((await h.db.query(`SELECT COUNT(*) AS n FROM education_aid WHERE "personId" = '${personId}' AND "academicYear" = '${year}'`))[0].n);

  it('records exactly one of six identical concurrent aids; the others get DUPLICATE_AID', async () => {
    const p = persons[1];
    const results = await Promise.all(Array.from({ length: 6 }, () => h.request(RECORD, { i: input(p, '2019-2020') }, OFFICER)));
    expect(results.filter((r) => !r.errors)).toHaveLength(1);
    for (const r of results.filter((x) => x.errors)) expect(r.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'DUPLICATE_AID' });
    expect(await count(p.id, '2019-2020')).toBe(1);
  });

  it('refuses to reinstate a revoked aid while another of that kind and year stands', async () => {
    const p = persons[2];
    const first = await h.request(RECORD, { i: input(p, '2020-2021') }, OFFICER);
    const revoked = await h.request(CORRECT, { i: { id: first.data.recordEducationAid.id, status: 'REVOKED' } }, OFFICER);
    expect(revoked.data.correctEducationAid.status).toBe('REVOKED');
    const second = await h.request(RECORD, { i: input(p, '2020-2021') }, OFFICER);
    expect(second.errors).toBeUndefined();
    const reinstate = await h.request(CORRECT, { i: { id: first.data.recordEducationAid.id, status: 'APPROVED' } }, OFFICER);
    expect(reinstate.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'DUPLICATE_AID' });
    const rows: { status: string }[] = await h.db.query(`SELECT status FROM education_aid WHERE "personId" = '${p.id}' AND "academicYear" = '2020-2021' ORDER BY status`);
    expect(rows.map((r) => r.status)).toEqual(['APPROVED', 'REVOKED']);
  });

  // the kit's concurrency harness: 50 calls at once of every mutation against one record (issue 14 items 5 and 6)

  it('recordEducationAid: of 50 concurrent identical aids exactly one is recorded, the others get DUPLICATE_AID', async () => {
    const p = persons[3];
    await runConcurrently(h, {
      mutation: RECORD, field: 'recordEducationAid', as: OFFICER, variables: () => ({ i: input(p, '2021-2022') }),
      expect: { succeed: 1, conflictReasons: ['DUPLICATE_AID'], records: { count: () => count(p.id, '2021-2022'), equals: 1 } },
    });
  });

  it('correctEducationAid: 50 concurrent corrections to different amounts all apply, one after the other, none lost', async () => {
    const p = persons[4];
    const id = (await h.request(RECORD, { i: input(p, '2022-2023') }, OFFICER)).data.recordEducationAid.id;
    await runConcurrently(h, {
      mutation: CORRECT, field: 'correctEducationAid', as: OFFICER,
      variables: (i) => ({ i: { id, amount: `${500 + i}.00` } }),
      expect: {
        succeed: 'all',
        chain: {
          entity: 'EducationAid', key: id, sets: (i) => ({ amount: `${500 + i}.00` }),
          stored: async () => ({ amount: (await h.db.getRepository(EducationAid).findOneByOrFail({ id })).amount }),
        },
      },
    });
  });

  it('recordEducationAid takes an idempotency key: a retry returns the first aid, a different payload is CONFLICT, 50 concurrent calls create one', async () => {
    const years = ['2019-2020', '2020-2021', '2021-2022'];
    await assertIdempotentCreation(h, {
      mutation: RECORD, field: 'recordEducationAid', as: OFFICER, other: OTHER_OFFICER,
      variables: (variant, key) => ({ i: { ...input(persons[5], years[variant]), idempotencyKey: key } }),
      count: async () => Number((await h.db.query(`SELECT COUNT(*) AS n FROM education_aid WHERE "personId" = '${persons[5].id}'`))[0].n),
    });
  });


  it('declares EducationAid.person nullable, so a person the registry does not return nulls only that field', async () => {
    const r = await h.request(`{ _service { sdl } }`);
    const type = /type EducationAid[^{]*\{([\s\S]*?)\n\}/.exec(r.data._service.sdl)![1];
    expect(type).toMatch(/\n\s*person: Person\n/);
  });
});
