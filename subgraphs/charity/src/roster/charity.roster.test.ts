import { makeIdNumber } from '@aidgraph/subgraph-kit';
import { parseRosterSheet, type RegistryPerson } from '@aidgraph/roster';
import { charityGrantRoster } from './charity.roster';

const person: RegistryPerson = {
  id: '0a1b2c3d-0000-4000-8000-000000000005', name: '孙丽', birthDate: '1979-02-14', townshipCode: '370281004',
  householdId: '0a1b2c3d-0000-4000-8000-0000000000aa', status: 'ACTIVE',
};
const id = makeIdNumber('370281', '1979-02-14', 222);
const sheet = (rows: (string | number | Date | null)[][]) => ({ format: 'csv' as const, rows: rows.map((cells, i) => ({ row: i + 1, cells })) });
const header = ['项目名称', '姓名', '身份证号', '救助对象类型', '乡镇/街道', '金额', '发放日期', '救助事由'];

describe('the charity grant roster', () => {
  it('reads a grant to a person (the default) and one to the person\'s household; Chinese punctuation in the reason stays', () => {
    const { rows } = parseRosterSheet(charityGrantRoster, sheet([
      header,
      ['慈善助学金', '孙丽', id, null, '三里河街道', '1500', '2024-09-20', '2024年秋季助学（高中）'],
      ['2024年冬季送温暖', '孙丽', id, '家庭', '三里河', '600', '2024-12-20', '2024年冬季取暖补助'],
    ]));
    expect(rows.map((r) => r.problems)).toEqual([[], []]);
    expect(charityGrantRoster.toRecord(rows[0].values, { row: 2, idNumber: id, person })).toEqual({
      projectName: '慈善助学金', recipientKind: 'PERSON', personId: person.id, householdId: null, townshipCode: '370281004', amount: '1500.00',
      grantedOn: '2024-09-20', reason: '2024年秋季助学（高中）',
    });
    const household = charityGrantRoster.toRecord(rows[1].values, { row: 3, idNumber: id, person });
    expect(household).toMatchObject({ recipientKind: 'HOUSEHOLD', personId: null, householdId: person.householdId });
    expect(charityGrantRoster.keyOf(household)).toBe(`2024年冬季送温暖|household:${person.householdId}|2024-12-20`);
  });

  it('refuses an unknown kind of recipient and an amount above the limit', () => {
    const { rows } = parseRosterSheet(charityGrantRoster, sheet([header, ['慈善助学金', '孙丽', id, '单位', '三里河街道', '200000.01', '2024-09-20', '助学']]));
    expect(rows[0].problems.map((p) => [p.field, p.reason, p.detail])).toEqual([['recipientKind', 'BAD_VALUE', 'NOT_IN_LIST'], ['amount', 'BAD_AMOUNT', 'TOO_LARGE']]);
  });
});
