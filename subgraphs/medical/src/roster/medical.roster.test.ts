import { makeIdNumber } from '@aidgraph/subgraph-kit';
import { parseRosterSheet, type RegistryPerson } from '@aidgraph/roster';
import { medicalClaimRoster } from './medical.roster';

const person: RegistryPerson = { id: '0a1b2c3d-0000-4000-8000-000000000002', name: '李桂英', birthDate: '1950-03-02', townshipCode: '370281102', householdId: null, status: 'ACTIVE' };
const id = makeIdNumber('370281', '1950-03-02', 124);
const sheet = (rows: (string | number | Date | null)[][]) => ({ format: 'xlsx' as const, rows: rows.map((cells, i) => ({ row: i + 1, cells })) });

describe('the medical assistance roster', () => {
  it('reads the documented headers, workbook numbers and dates into the claim input; an empty critical-illness part is left out', () => {
    const { rows } = parseRosterSheet(
      medicalClaimRoster,
      sheet([
        ['姓名', '身份证号', '乡镇/街道', '医院', '诊断', '就医类型', '入院日期', '出院日期', '总费用', '基本医保支付', '大病保险支付', '政策范围内自付'],
        ['李桂英', id.slice(0, 17) + id[17].toLowerCase(), '李哥庄镇', ' 胶州市人民医院 ', '脑梗死', '住院', new Date(Date.UTC(2024, 4, 3)), 45425, 23456.78, 14074.07, null, '5,000'],
      ]),
    );
    expect(rows[0].problems).toEqual([]);
    expect(medicalClaimRoster.toRecord(rows[0].values, { row: 2, idNumber: id, person })).toEqual({
      personId: person.id, townshipCode: '370281102', hospital: '胶州市人民医院', diagnosis: '脑梗死', careType: 'INPATIENT',
      admissionDate: '2024-05-03', dischargeDate: '2024-05-13', totalCost: '23456.78', basicInsurancePaid: '14074.07',
      criticalIllnessInsurancePaid: undefined, eligibleSelfPay: '5000.00',
    });
  });

  it('maps other headers and reports bad cells', () => {
    const { rows } = parseRosterSheet(
      medicalClaimRoster,
      sheet([
        ['患者姓名', '证件号码', '镇街', '定点医疗机构', '疾病诊断', '医疗类别', '就诊日期', '出院时间', '医疗总费用', '统筹支付', '政策内自付'],
        ['李桂英', id, '370281102', '胶州市中心医院', '高血压', '急诊', '2024.5.3', '2024.13.1', '0', '-1', 'abc'],
      ]),
    );
    expect(rows[0].problems.map((p) => [p.field, p.reason])).toEqual([
      ['careType', 'BAD_VALUE'], ['dischargeDate', 'BAD_DATE'], ['totalCost', 'BAD_AMOUNT'], ['basicInsurancePaid', 'BAD_AMOUNT'], ['eligibleSelfPay', 'BAD_AMOUNT'],
    ]);
  });
});
