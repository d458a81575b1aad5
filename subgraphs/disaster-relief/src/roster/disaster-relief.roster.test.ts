import { makeIdNumber } from '@aidgraph/subgraph-kit';
import { parseRosterSheet, type RegistryPerson } from '@aidgraph/roster';
import { disasterReliefRoster } from './disaster-relief.roster';

const person: RegistryPerson = {
  id: '0a1b2c3d-0000-4000-8000-000000000001', name: '张明', birthDate: '1960-05-01', townshipCode: '370281102',
  householdId: '0a1b2c3d-0000-4000-8000-0000000000aa', status: 'ACTIVE',
};
const id = makeIdNumber('370281', '1960-05-01', 123);
const sheet = (rows: (string | number | Date | null)[][]) => ({ format: 'csv' as const, rows: rows.map((cells, i) => ({ row: i + 1, cells })) });

describe('the 救灾款物发放花名册 disaster relief roster', () => {
  it('reads the documented headers and what people type into them', () => {
    const { columns, rows } = parseRosterSheet(
      disasterReliefRoster,
      sheet([
        ['2024年救灾款物发放花名册'],
        ['序号', '姓名', '身份证号', '乡镇/街道', '灾害名称', '救助类型', '金额（元）', '发放日期', '过渡期起始日期', '过渡期截止日期', '状态'],
        [1, '张 明', ` ${id.slice(0, 6)} ${id.slice(6)} `, '李哥庄', '2024年7月胶州暴雨洪涝灾害', '过渡期生活救助', '５,４００', '2024年7月15日', '2024-07-15', '2024/10/12', '已发放'],
        [2, '张明', id, '370281102', '2024年7月胶州暴雨洪涝灾害', '倒房重建', 36000, new Date(Date.UTC(2024, 9, 1)), null, null, null],
      ]),
    );
    expect(columns.headerRow).toBe(2);
    expect(rows.map((r) => r.problems)).toEqual([[], []]);
    const transitional = disasterReliefRoster.toRecord(rows[0].values, { row: 3, idNumber: id, person });
    expect(transitional).toEqual({
      eventName: '2024年7月胶州暴雨洪涝灾害', householdId: person.householdId, personId: person.id, townshipCode: '370281102', reliefType: 'TRANSITIONAL',
      amount: '5400.00', grantedOn: '2024-07-15', periodStart: '2024-07-15', periodEnd: '2024-10-12', status: 'PAID',
    });
    expect(disasterReliefRoster.keyOf(transitional)).toBe(`${person.householdId}|2024年7月胶州暴雨洪涝灾害|TRANSITIONAL`);
    const rebuild = disasterReliefRoster.toRecord(rows[1].values, { row: 4, idNumber: id, person });
    expect(rebuild).toMatchObject({ reliefType: 'HOUSE_REBUILD', amount: '36000.00', grantedOn: '2024-10-01', periodStart: undefined, status: undefined });
  });

  it('reports each bad cell with its reason', () => {
    const { rows } = parseRosterSheet(
      disasterReliefRoster,
      sheet([
        ['领款人姓名', '身份证号码', '乡镇', '灾害事件', '救助项目', '救助金额', '救助日期'],
        ['张明', id, '胶州新区', '', '临时救助', '-10', '2024-02-30'],
      ]),
    );
    expect(rows[0].problems.map((p) => [p.field, p.reason])).toEqual([
      ['townshipCode', 'UNKNOWN_TOWNSHIP'],
      ['eventName', 'REQUIRED'],
      ['reliefType', 'BAD_VALUE'],
      ['amount', 'BAD_AMOUNT'],
      ['grantedOn', 'BAD_DATE'],
    ]);
  });

  it('refuses a recipient the registry holds in no household', () => {
    const { rows } = parseRosterSheet(disasterReliefRoster, sheet([
      ['姓名', '身份证号', '乡镇/街道', '灾害名称', '救助类型', '金额', '发放日期'],
      ['张明', id, '李哥庄镇', '2024年7月胶州暴雨洪涝灾害', '应急期生活救助', '600', '2024-07-12'],
    ]));
    expect(() => disasterReliefRoster.toRecord(rows[0].values, { row: 2, idNumber: id, person: { ...person, householdId: null } })).toThrow(
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'idNumber', reason: 'NO_HOUSEHOLD' }) }),
    );
  });
});
