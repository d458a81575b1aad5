import { testDatabaseKinds } from '@aidgraph/subgraph-kit/testing';
import { education } from '@aidgraph/education/dist/subgraph';
import { EducationAid } from '@aidgraph/education/dist/modules/education-aid/education-aid.entity';
import fs from 'node:fs';
import path from 'node:path';
import { importRoster, readMappingFile, readRosterFile, writeCsvFile } from '@aidgraph/roster';
import { generated, importFile, rosterScenario, startRosterEnv, type RosterTestEnv } from './roster-support';
import { rosterCells, type GeneratedRoster } from '../src/rosters/index';

let gen: Awaited<ReturnType<typeof generated>>;
beforeAll(async () => {
  gen = await generated('education');
});
afterAll(() => gen?.cleanup());

describe.each(testDatabaseKinds())('education roster import on %s', (kind) => {
  let env: RosterTestEnv;
  beforeAll(async () => {
    env = await startRosterEnv(kind, education);
  });
  afterAll(() => env?.close());

  describe('education aids (教育救助花名册)', () => {
    rosterScenario(() => env, () => gen.rosters.find((r) => r.spec.adapter.kind === 'aids') as GeneratedRoster, {
      entity: EducationAid,
      columns: ['personId', 'academicYear', 'aidType', 'schoolStage', 'school', 'amount', 'approvedOn', 'townshipCode', 'status'],
      reset: async (db) => void (await db.getRepository(EducationAid).clear()),
    });

    it('reads a roster with the bureau\'s own headers through a mapping file (the corrected rows again: nothing changes)', async () => {
      const g = gen.rosters.find((r) => r.spec.adapter.kind === 'aids')!;
      const cells = rosterCells(g.spec, g.corrected.rows, false);
      const own: Record<string, string> = { name: '学生', idNumber: '证件号', amount: '本学年资助（元）', approvedOn: '批复时间' };
      cells[0] = g.spec.adapter.fields.map((f) => own[f.key] ?? f.header);
      const file = path.join(gen.dir, 'own-headers.csv');
      writeCsvFile(file, [['2025年度教育资助学生名单'], ...cells]);
      const mappingFile = path.join(gen.dir, 'mapping.json');
      fs.writeFileSync(mappingFile, JSON.stringify({ 学生: '姓名', 证件号: 'idNumber', '本学年资助（元）': 'amount', 批复时间: '审批日期' }));
      const report = await importRoster({
        adapter: g.spec.adapter, sheet: await readRosterFile(file), mapping: readMappingFile(mappingFile), db: env.db, identity: env.identity, registry: env.lookup,
      });
      expect(report).toMatchObject({ headerRow: 2, rows: g.clean.length, unchanged: g.clean.length, rejected: 0 });
      await expect(importFile(env, g.spec.adapter, file)).rejects.toThrow(/required column 姓名 is missing/);
    });
  });
});
