import { makeIdNumber } from '@aidgraph/subgraph-kit';
import { parseRosterSheet, type RegistryPerson } from '@aidgraph/roster';
import { enrolmentRoster } from './civil-affairs.roster';

const person: RegistryPerson = { id: '0a1b2c3d-0000-4000-8000-000000000003', name: '王秀兰', birthDate: '1948-11-20', townshipCode: '370281105', householdId: null, status: 'ACTIVE' };
const id = makeIdNumber('370281', '1948-11-20', 226);
const sheet = (rows: (string | number | Date | null)[][]) => ({ format: 'csv' as const, rows: rows.map((cells, i) => ({ row: i + 1, cells })) });
const header = ['姓名', '身份证号', '乡镇/街道', '救助类别', '开始日期', '结束日期', '金额'];

describe('the civil-affairs enrolment roster', () => {
  it('reads a township\'s dibao roster into an enrolment; 五保 is the former name of 特困', () => {
    const { rows } = parseRosterSheet(enrolmentRoster, sheet([header, ['王秀兰', id, '铺集镇', '低保', '2024/7/1', null, '￥560'], ['王秀兰', id, '370281105', '五保', '2025.1.1', null, '1,222']]));
    expect(rows.map((r) => r.problems)).toEqual([[], []]);
    expect(enrolmentRoster.toRecord(rows[0].values, { row: 2, idNumber: id, person })).toEqual({
      personId: person.id, programme: 'DIBAO', startDate: '2024-07-01', endDate: undefined, amount: '560.00',
    });
    expect(rows[1].values.programme).toBe('TEKUN');
  });

  it('refuses a township other than the person\'s and an end date for a one-off payment', () => {
    const { rows } = parseRosterSheet(enrolmentRoster, sheet([header, ['王秀兰', id, '阜安街道', '低保', '2024-07-01', null, '560'], ['王秀兰', id, '铺集镇', '临时救助', '2024-07-01', '2024-08-01', '800']]));
    expect(() => enrolmentRoster.toRecord(rows[0].values, { row: 2, idNumber: id, person })).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ reason: 'NOT_THE_PERSONS_TOWNSHIP' }) }));
    expect(() => enrolmentRoster.toRecord(rows[1].values, { row: 3, idNumber: id, person })).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ field: 'endDate' }) }));
  });
});
