import { makeIdNumber } from '@aidgraph/subgraph-kit';
import { parseRosterSheet, type RegistryPerson } from '@aidgraph/roster';
import { publicRentalRoster, renovationRoster, rentSubsidyRoster } from './housing.roster';

const person: RegistryPerson = {
  id: '0a1b2c3d-0000-4000-8000-000000000006', name: '刘长海', birthDate: '1966-12-01', townshipCode: '370281111',
  householdId: '0a1b2c3d-0000-4000-8000-0000000000bb', status: 'ACTIVE',
};
const id = makeIdNumber('370281', '1966-12-01', 311);
const sheet = (rows: (string | number | Date | null)[][]) => ({ format: 'xlsx' as const, rows: rows.map((cells, i) => ({ row: i + 1, cells })) });
const row = { row: 2, idNumber: id, person };

describe('the housing rosters', () => {
  it('read a rent subsidy period: months in the forms people type, for the applicant\'s household', () => {
    const { rows } = parseRosterSheet(rentSubsidyRoster, sheet([
      ['姓名', '身份证号', '乡镇/街道', '月补贴金额', '起始月份', '终止月份', '状态'],
      ['刘长海', id, '洋河镇', 720, '2025年3月', new Date(Date.UTC(2026, 1, 1)), '发放中'],
    ]));
    expect(rows[0].problems).toEqual([]);
    expect(rentSubsidyRoster.toRecord(rows[0].values, row)).toEqual({
      householdId: person.householdId, personId: person.id, townshipCode: '370281111', monthlyAmount: '720.00', startMonth: '2025-03', endMonth: '2026-02', status: 'ACTIVE',
    });
  });

  it('read a lease with its floor area, and a renovation with its village code and grade', () => {
    const lease = parseRosterSheet(publicRentalRoster, sheet([
      ['姓名', '身份证号', '乡镇', '房源地址', '建筑面积', '月租金', '租赁起始日', '租赁终止日'],
      ['刘长海', id, '洋河镇', '胶州市安居苑3号楼2单元501室', '45.5㎡', '113.75', '2024-01-01', '2026-12-31'],
    ]));
    expect(lease.rows[0].problems).toEqual([]);
    expect(publicRentalRoster.toRecord(lease.rows[0].values, row)).toMatchObject({ area: '45.50', monthlyRent: '113.75', dwellingAddress: '胶州市安居苑3号楼2单元501室' });
    const renovation = parseRosterSheet(renovationRoster, sheet([
      ['姓名', '身份证号', '乡镇/街道', '村（社区）代码', '危房等级', '补助金额', '鉴定日期', '竣工日期'],
      ['刘长海', id, '洋河镇', '370281111203', 'D级', '40000', '2023-04-10', null],
      ['刘长海', id, '洋河镇', '3702811112', 'E级', '40000', '2023-04-10', null],
    ]));
    expect(renovation.rows[0].problems).toEqual([]);
    expect(renovationRoster.toRecord(renovation.rows[0].values, row)).toMatchObject({ villageCode: '370281111203', grade: 'D', subsidy: '40000.00', completedOn: undefined });
    expect(renovation.rows[1].problems.map((p) => [p.field, p.detail])).toEqual([['villageCode', 'BAD_VILLAGE_CODE'], ['grade', 'NOT_IN_LIST']]);
  });

  it('refuse a person the registry knows no household of', () => {
    const { rows } = parseRosterSheet(rentSubsidyRoster, sheet([['姓名', '身份证号', '乡镇/街道', '月补贴金额', '起始月份', '终止月份'], ['刘长海', id, '洋河镇', 720, '2025-03', '2026-02']]));
    expect(() => rentSubsidyRoster.toRecord(rows[0].values, { ...row, person: { ...person, householdId: null } })).toThrow(/no household/);
  });
});
