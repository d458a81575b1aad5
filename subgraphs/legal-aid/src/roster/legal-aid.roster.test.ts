import { makeIdNumber } from '@aidgraph/subgraph-kit';
import { RosterRowError, parseRosterSheet, type RegistryPerson } from '@aidgraph/roster';
import { legalAidCaseRoster } from './legal-aid.roster';
import { providerIdOf } from '../modules/legal-service-provider/providers';

const person: RegistryPerson = { id: '0a1b2c3d-0000-4000-8000-000000000001', name: '张明', birthDate: '1960-05-01', townshipCode: '370281001', householdId: null, status: 'ACTIVE' };
const id = makeIdNumber('370281', '1960-05-01', 123);
const sheet = (rows: (string | number | Date | null)[][]) => ({ format: 'csv' as const, rows: rows.map((cells, i) => ({ row: i + 1, cells })) });
const HEADER = ['序号', '姓名', '身份证号', '乡镇/街道', '申请日期', '援助类型', '案件类别', '援助理由', '案件状态', '审查决定日期', '承办机构', '指派日期', '结案日期', '结案结果', '办案补贴（元）'];

describe('the 法律援助案件 roster', () => {
  it('reads the documented headers and what people type into them, a closed case with its steps', () => {
    const { columns, rows } = parseRosterSheet(
      legalAidCaseRoster,
      sheet([
        ['2025年法律援助案件花名册'],
        HEADER,
        [1, '张 明', ` ${id.slice(0, 6)} ${id.slice(6)} `, '阜安', '2025年3月2日', '劳动仲裁代理', '讨薪', '农民工', '已结案', '2025/3/6', '胶州市法律援助中心', '2025.3.8', '20250610', '调解', '１,５００'],
      ]),
    );
    expect(columns.headerRow).toBe(2);
    expect(rows).toHaveLength(1);
    expect(rows[0].problems).toEqual([]);
    const rec = legalAidCaseRoster.toRecord(rows[0].values, { row: 3, idNumber: id, person });
    expect(rec).toEqual({
      personId: person.id, townshipCode: '370281001', appliedOn: '2025-03-02', aidType: 'LABOUR_ARBITRATION', matter: 'WAGE_ARREARS', eligibility: 'MIGRANT_WORKER',
      status: 'CLOSED', decidedOn: '2025-03-06', providerId: providerIdOf('JZ-LAC'), assignedOn: '2025-03-08', closedOn: '2025-06-10', outcome: 'MEDIATED', subsidy: '1500.00',
    });
    expect(legalAidCaseRoster.keyOf(rec)).toBe(`${person.id}|2025-03-02|LABOUR_ARBITRATION`);
  });

  it('takes a bare application (no status: 已申请) and a provider by its code', () => {
    const { rows } = parseRosterSheet(legalAidCaseRoster, sheet([HEADER.slice(1, 8), ['张明', id, '370281102', '2025-11-20', '代写法律文书', '赡养', '社会救助对象']]));
    expect(rows[0].problems).toEqual([]);
    expect(legalAidCaseRoster.toRecord(rows[0].values, { row: 2, idNumber: id, person })).toMatchObject({ status: 'APPLIED', aidType: 'LEGAL_DOCUMENT', matter: 'MAINTENANCE' });
  });

  it('reports each bad cell with its reason', () => {
    const { rows } = parseRosterSheet(
      legalAidCaseRoster,
      sheet([HEADER.slice(1), ['张明', id, '胶州新区', '2025-02-30', '法律咨询', '追索劳动报酬', '经济困难', '已退回', '', '某某律师事务所', '', '', '', '-10']]),
    );
    expect(rows[0].problems.map((p) => [p.field, p.reason])).toEqual([
      ['townshipCode', 'UNKNOWN_TOWNSHIP'],
      ['appliedOn', 'BAD_DATE'],
      ['aidType', 'BAD_VALUE'],
      ['status', 'BAD_VALUE'],
      ['providerId', 'BAD_VALUE'],
      ['subsidy', 'BAD_AMOUNT'],
    ]);
  });

  it('refuses a row whose status lacks the steps it needs, or has steps it does not', () => {
    const parse = (cells: string[]) => parseRosterSheet(legalAidCaseRoster, sheet([HEADER.slice(1), cells])).rows[0];
    const closedWithoutOutcome = parse(['张明', id, '阜安', '2025-03-02', '民事代理', '交通事故', '经济困难', '已结案', '2025-03-06', 'JZ-LF-01', '2025-03-08', '2025-06-10', '', '1800']);
    expect(closedWithoutOutcome.problems).toEqual([]);
    const err = (() => {
      try {
        legalAidCaseRoster.toRecord(closedWithoutOutcome.values, { row: 2, idNumber: id, person });
      } catch (e) {
        return e as RosterRowError;
      }
      return null;
    })();
    expect(err).toBeInstanceOf(RosterRowError);
    expect(err!.problems.map((p) => [p.field, p.reason])).toEqual([['outcome', 'REQUIRED']]);
    const appliedWithSubsidy = parse(['张明', id, '阜安', '2025-03-02', '民事代理', '交通事故', '经济困难', '已申请', '', '', '', '', '', '1800']);
    expect(() => legalAidCaseRoster.toRecord(appliedWithSubsidy.values, { row: 2, idNumber: id, person })).toThrow(/has no subsidy/);
  });
});
