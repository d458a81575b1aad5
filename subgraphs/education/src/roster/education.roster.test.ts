import { makeIdNumber } from '@aidgraph/subgraph-kit';
import { parseRosterSheet, type RegistryPerson } from '@aidgraph/roster';
import { academicYearParser, educationAidRoster } from './education.roster';

const person: RegistryPerson = { id: '0a1b2c3d-0000-4000-8000-000000000001', name: '张小明', birthDate: '2010-05-01', townshipCode: '370281001', householdId: null, status: 'ACTIVE' };
const id = makeIdNumber('370281', '2010-05-01', 123);
const sheet = (rows: (string | number | Date | null)[][]) => ({ format: 'csv' as const, rows: rows.map((cells, i) => ({ row: i + 1, cells })) });

describe('the education aid roster', () => {
  it('reads the documented headers and what people type into the education aid input', () => {
    const { columns, rows } = parseRosterSheet(
      educationAidRoster,
      sheet([
        ['2025年教育救助花名册'],
        ['序号', '姓名', '身份证号', '乡镇/街道', '学段', '学校', '资助类型', '学年', '金额（元）', '审批日期', '状态'],
        [1, '张 小明', ` ${id.slice(0, 6)} ${id.slice(6)} `, '阜安', '初中', '胶州市阜安中学', '生活补助', '2025—2026学年', '１,２５０', '2025年9月20日', '已发放'],
      ]),
    );
    expect(columns.headerRow).toBe(2);
    expect(rows).toHaveLength(1);
    expect(rows[0].problems).toEqual([]);
    const rec = educationAidRoster.toRecord(rows[0].values, { row: 3, idNumber: id, person });
    expect(rec).toEqual({
      personId: person.id, townshipCode: '370281001', schoolStage: 'JUNIOR_SECONDARY', school: '胶州市阜安中学', aidType: 'LIVING_SUBSIDY',
      academicYear: '2025-2026', amount: '1250.00', approvedOn: '2025-09-20', status: 'PAID',
    });
    expect(educationAidRoster.keyOf(rec)).toBe(`${person.id}|2025-2026|LIVING_SUBSIDY`);
  });

  it('accepts the usual headers\' variants and reports each bad cell', () => {
    const { rows } = parseRosterSheet(
      educationAidRoster,
      sheet([
        ['学生姓名', '身份证号码', '乡镇', '学段', '学校名称', '资助项目', '学年', '资助金额', '批准日期'],
        ['张小明', id, '胶州新区', '研究生', '', '奖学金', '2025-2027', '-10', '2025-02-30'],
      ]),
    );
    expect(rows[0].problems.map((p) => [p.field, p.reason])).toEqual([
      ['townshipCode', 'UNKNOWN_TOWNSHIP'],
      ['schoolStage', 'BAD_VALUE'],
      ['school', 'REQUIRED'],
      ['aidType', 'BAD_VALUE'],
      ['academicYear', 'BAD_VALUE'],
      ['amount', 'BAD_AMOUNT'],
      ['approvedOn', 'BAD_DATE'],
    ]);
  });

  it.each([
    ['2024-2025', '2024-2025'],
    ['2024/2025', '2024-2025'],
    ['2024～2025', '2024-2025'],
    ['2024学年', '2024-2025'],
    [2024, '2024-2025'],
    ['2024-2026', 'BAD_VALUE'],
  ])('reads the academic year %j as %s', (cell, expected) => {
    const r = academicYearParser(cell);
    expect(r.ok ? r.value : r.problem.reason).toBe(expected);
  });
});
