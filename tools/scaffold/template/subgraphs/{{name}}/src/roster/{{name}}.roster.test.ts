import { makeIdNumber } from '@aidgraph/subgraph-kit';
import { parseRosterSheet, type RegistryPerson } from '@aidgraph/roster';
import { {{record}}Roster } from './{{name}}.roster';

const person: RegistryPerson = { id: '0a1b2c3d-0000-4000-8000-000000000001', name: '张明', birthDate: '1960-05-01', townshipCode: '370281001', householdId: null, status: 'ACTIVE' };
const id = makeIdNumber('370281', '1960-05-01', 123);
const sheet = (rows: (string | number | Date | null)[][]) => ({ format: 'csv' as const, rows: rows.map((cells, i) => ({ row: i + 1, cells })) });

describe('the {{programme}} roster', () => {
  it('reads the documented headers and what people type into them', () => {
    const { columns, rows } = parseRosterSheet(
      {{record}}Roster,
      sheet([
        ['2025年{{programme}}花名册'],
        ['序号', '姓名', '身份证号', '乡镇/街道', '金额（元）', '决定日期', '状态'],
        [1, '张 明', ` ${id.slice(0, 6)} ${id.slice(6)} `, '阜安', '１,２５０', '2025年9月20日', '已发放'],
      ]),
    );
    expect(columns.headerRow).toBe(2);
    expect(rows).toHaveLength(1);
    expect(rows[0].problems).toEqual([]);
    const rec = {{record}}Roster.toRecord(rows[0].values, { row: 3, idNumber: id, person });
    expect(rec).toEqual({ personId: person.id, townshipCode: '370281001', amount: '1250.00', decidedOn: '2025-09-20', status: 'PAID' });
    expect({{record}}Roster.keyOf(rec)).toBe(`${person.id}|2025-09-20`);
  });

  it('reports each bad cell with its reason', () => {
    const { rows } = parseRosterSheet(
      {{record}}Roster,
      sheet([
        ['受助人姓名', '身份证号码', '乡镇', '救助金额', '批准日期', '状态'],
        ['张明', id, '胶州新区', '-10', '2025-02-30', '已退回'],
      ]),
    );
    expect(rows[0].problems.map((p) => [p.field, p.reason])).toEqual([
      ['townshipCode', 'UNKNOWN_TOWNSHIP'],
      ['amount', 'BAD_AMOUNT'],
      ['decidedOn', 'BAD_DATE'],
      ['status', 'BAD_VALUE'],
    ]);
  });
});
