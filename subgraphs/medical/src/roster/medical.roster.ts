import type { EntityManager } from 'typeorm';
import type { SubgraphContext } from '@aidgraph/subgraph-kit';
import {
  choiceParser, dateParser, idNumberParser, nameParser, textParser, townshipParser, yuanParser, type RosterAdapter,
  type RosterField,
} from '@aidgraph/roster';
import { MedicalClaim } from '../modules/medical-claim/medical-claim.entity';
import { MedicalCareType, MedicalClaimStatus } from '../modules/medical-claim/medical-claim.enums';
import type { RecordMedicalClaimInput } from '../modules/medical-claim/medical-claim.input';
import { DEPARTMENT, correctMedicalClaimIn, recordMedicalClaimIn } from '../modules/medical-claim/medical-claim.service';

/** 就医类型 labels. */
export const CARE_TYPE_LABELS: Record<string, MedicalCareType> = {
  住院: MedicalCareType.INPATIENT,
  门诊: MedicalCareType.OUTPATIENT, 门诊慢特病: MedicalCareType.OUTPATIENT, 门诊慢性病: MedicalCareType.OUTPATIENT, 门诊特殊病: MedicalCareType.OUTPATIENT,
};

/** One row of the medical assistance roster, as the bureau's input (an empty critical-illness part: 0 for a new claim, unchanged for a recorded one). */
export type MedicalClaimRosterRecord = RecordMedicalClaimInput;

const FIELDS: RosterField[] = [
  { key: 'name', header: '姓名', aliases: ['患者姓名', '救助对象姓名'], parse: nameParser, description: 'the patient\'s name, as in the registry' },
  { key: 'idNumber', header: '身份证号', aliases: ['身份证号码', '公民身份号码', '证件号码'], parse: idNumberParser(), description: 'the patient\'s resident ID number' },
  { key: 'townshipCode', header: '乡镇/街道', aliases: ['乡镇', '街道', '镇街', '乡镇街道', '所属镇街', '乡镇（街道）'], parse: townshipParser, description: 'township that handles the claim: code or name' },
  { key: 'hospital', header: '医院', aliases: ['医疗机构', '定点医疗机构', '就诊医院', '医院名称'], parse: textParser({ max: 100 }), description: 'hospital or clinic' },
  { key: 'diagnosis', header: '诊断', aliases: ['疾病诊断', '疾病名称', '主要诊断'], parse: textParser({ max: 100 }), description: 'main diagnosis (sensitive)' },
  { key: 'careType', header: '就医类型', aliases: ['就诊类型', '医疗类别', '住院/门诊'], parse: choiceParser(CARE_TYPE_LABELS), description: '住院 or 门诊 (门诊慢特病)' },
  { key: 'admissionDate', header: '入院日期', aliases: ['就诊日期', '入院时间'], parse: dateParser, description: 'admission (first visit)' },
  { key: 'dischargeDate', header: '出院日期', aliases: ['出院时间', '结束日期'], parse: dateParser, description: 'discharge (last visit), not in the future' },
  { key: 'totalCost', header: '总费用', aliases: ['医疗总费用', '费用总额', '总金额'], parse: yuanParser({ max: '10000000' }), description: 'total cost in yuan' },
  { key: 'basicInsurancePaid', header: '基本医保支付', aliases: ['统筹支付', '基本医疗保险支付', '医保统筹支付', '基本医保'], parse: yuanParser({ allowZero: true }), description: 'paid by basic medical insurance' },
  { key: 'criticalIllnessInsurancePaid', header: '大病保险支付', aliases: ['大病保险'], required: false, parse: yuanParser({ allowZero: true }), description: 'optional: paid by critical-illness insurance (empty: 0 for a new claim, unchanged for a recorded one)' },
  { key: 'eligibleSelfPay', header: '政策范围内自付', aliases: ['政策内自付', '政策范围内个人自付', '合规自付'], parse: yuanParser({ allowZero: true }), description: 'eligible remainder within the policy scope' },
];

/** What a corrected row can change of a recorded claim (its key — person, hospital, kind of care, admission — stays). */
const UPDATABLE = ['townshipCode', 'diagnosis', 'dischargeDate', 'totalCost', 'basicInsurancePaid', 'criticalIllnessInsurancePaid', 'eligibleSelfPay'] as const;

/**
 * 医疗救助花名册 The medical assistance roster: one row per settled hospital stay or outpatient episode. Natural key: the
 * person, the hospital, the kind of care and the admission date among RECORDED claims (the bureau's own uniqueness
 * rule, DUPLICATE_CLAIM). A recorded claim is corrected with correctMedicalClaim (validated as a whole).
 */
export const medicalClaimRoster: RosterAdapter<MedicalClaimRosterRecord> = {
  subgraph: 'medical',
  department: DEPARTMENT,
  kind: 'claims',
  title: '医疗救助花名册 medical assistance claims roster',
  fields: FIELDS,
  idNumberField: 'idNumber',
  nameField: 'name',
  naturalKey: 'person + 医院 hospital + 就医类型 kind of care + 入院日期 admission date',
  toRecord: (v, row) => ({
    personId: row.person.id, townshipCode: v.townshipCode, hospital: v.hospital, diagnosis: v.diagnosis, careType: v.careType,
    admissionDate: v.admissionDate, dischargeDate: v.dischargeDate, totalCost: v.totalCost, basicInsurancePaid: v.basicInsurancePaid,
    criticalIllnessInsurancePaid: v.criticalIllnessInsurancePaid, eligibleSelfPay: v.eligibleSelfPay,
  }),
  keyOf: (r) => `${r.personId}|${r.hospital}|${r.careType}|${r.admissionDate}`,
  fieldFor: (f) => (f === 'personId' ? 'idNumber' : f === 'id' ? undefined : f),
  async apply(ctx: SubgraphContext, tx: EntityManager, r) {
    const current = await tx.getRepository(MedicalClaim).findOneBy({
      personId: r.personId, hospital: r.hospital, careType: r.careType, admissionDate: r.admissionDate, status: MedicalClaimStatus.RECORDED,
    });
    if (!current) return { outcome: 'added', id: (await recordMedicalClaimIn(ctx, tx, r)).id };
    const changed = UPDATABLE.filter((k) => r[k] != null && current[k] !== r[k]);
    if (!changed.length) return { outcome: 'unchanged', id: current.id };
    await correctMedicalClaimIn(ctx, tx, { id: current.id, ...Object.fromEntries(changed.map((k) => [k, r[k]])) });
    return { outcome: 'updated', id: current.id, changed: [...changed] };
  },
};

/** The medical subgraph's rosters (the import command's --kind; the first is the default). */
export const rosterAdapters: RosterAdapter[] = [medicalClaimRoster];
