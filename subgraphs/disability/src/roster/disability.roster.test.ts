import { makeIdNumber } from '@aidgraph/subgraph-kit';
import { parseRosterSheet, type RegistryPerson } from '@aidgraph/roster';
import { certificateRoster, subsidyRoster } from './disability.roster';

const person: RegistryPerson = { id: '0a1b2c3d-0000-4000-8000-000000000004', name: '赵建国', birthDate: '1961-08-09', townshipCode: '370281108', householdId: null, status: 'ACTIVE' };
const id = makeIdNumber('370281', '1961-08-09', 131);
const sheet = (rows: (string | number | Date | null)[][]) => ({ format: 'csv' as const, rows: rows.map((cells, i) => ({ row: i + 1, cells })) });

describe('the disability rosters', () => {
  it('read a certificate row: the number normalised (full-width, lower-case b), category and grade by label', () => {
    const number = `${id.slice(0, 17)}${id[17]}42b1`.replace(/[0-9]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
    const { rows } = parseRosterSheet(certificateRoster, sheet([
      ['姓名', '身份证号', '残疾人证号', '残疾类别', '残疾等级', '发证日期', '有效期至', '乡镇/街道'],
      ['赵建国', id, number, '肢体残疾', '二级', '2019-04-01', '2029-03-31', '里岔镇'],
    ]));
    expect(rows[0].problems).toEqual([]);
    expect(certificateRoster.toRecord(rows[0].values, { row: 2, idNumber: id, person })).toEqual({
      personId: person.id, number: `${id}42B1`, category: 'PHYSICAL', grade: 2, issuedOn: '2019-04-01', expiresOn: '2029-03-31', townshipCode: '370281108', holderIdNumber: id,
    });
  });

  it('refuse a certificate number of a wrong shape or stored as a number', () => {
    const { rows } = parseRosterSheet(certificateRoster, sheet([
      ['姓名', '身份证号', '残疾证号', '类别', '等级', '发证日期', '有效期', '乡镇'],
      ['赵建国', id, `${id}92`, '肢体', '2', '2019-04-01', '2029-03-31', '里岔'],
      ['赵建国', id, 3.70281196108091e19, '肢体', '五级', '2019-04-01', '2029-03-31', '里岔'],
    ]));
    expect(rows[0].problems.map((p) => [p.field, p.reason, p.detail])).toEqual([['number', 'BAD_VALUE', 'CATEGORY_DIGIT']]);
    expect(rows[1].problems.map((p) => [p.field, p.detail])).toEqual([['number', 'STORED_AS_NUMBER'], ['grade', 'NOT_IN_LIST']]);
  });

  it('read a subsidy row and ask for the reason with an end date', () => {
    const header = ['姓名', '身份证号', '补贴类型', '困难情形', '开始日期', '结束日期', '停发原因', '乡镇/街道'];
    const { rows } = parseRosterSheet(subsidyRoster, sheet([
      header,
      ['赵建国', id, '困难残疾人生活补贴', '低保', '2021-05-01', '2024-06-30', '脱困', '370281108'],
      ['赵建国', id, '护理补贴', null, '2021-05-01', '2024-06-30', null, '370281108'],
    ]));
    expect(subsidyRoster.toRecord(rows[0].values, { row: 2, idNumber: id, person })).toEqual({
      personId: person.id, kind: 'LIVING', difficulty: 'DIBAO', startDate: '2021-05-01', endDate: '2024-06-30', endReason: 'NO_LONGER_IN_DIFFICULTY', townshipCode: '370281108',
    });
    expect(() => subsidyRoster.toRecord(rows[1].values, { row: 3, idNumber: id, person })).toThrow(/停发原因/);
  });
});
