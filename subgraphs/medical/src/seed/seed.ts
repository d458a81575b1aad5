import { Decimal, TOWNSHIPS, addDays } from '@aidgraph/subgraph-kit';
import { REFERENCE_DATE, Random, type PersonRecord, type PopulationSeeder } from '@aidgraph/population';
import { MedicalClaim } from '../modules/medical-claim/medical-claim.entity';
import { MedicalCareType, MedicalClaimStatus } from '../modules/medical-claim/medical-claim.enums';
import { AssistanceCategory } from '../modules/person/assistance-category.enum';

/** First discharge date of the demo claims: they cover 2023 to REFERENCE_DATE (2025-12-31). */
const FIRST_DAY = '2023-01-01';

/** The category civil affairs derives from a person's active enrolments: TEKUN, then DIBAO, then MARGINAL, else NONE. */
function categoryOf(p: PersonRecord): AssistanceCategory {
  const active = p.enrolments.filter((e) => e.status === 'ACTIVE').map((e) => e.programme as string);
  for (const c of [AssistanceCategory.TEKUN, AssistanceCategory.DIBAO, AssistanceCategory.MARGINAL]) if (active.includes(c)) return c;
  return AssistanceCategory.NONE;
}

const GRAVE_ILLNESSES = ['肺恶性肿瘤', '胃恶性肿瘤', '结直肠恶性肿瘤', '肝恶性肿瘤', '慢性肾脏病5期（尿毒症）', '急性心肌梗死', '脑梗死', '急性白血病', '再生障碍性贫血'];
/** the two cancers (两癌) of the covered group TWO_CANCERS_POOR_WOMAN: the registry puts seriously ill women of 35+ there */
const TWO_CANCERS = ['乳腺恶性肿瘤', '宫颈恶性肿瘤'];
const ORDINARY_STAYS = ['社区获得性肺炎', '股骨颈骨折', '急性阑尾炎', '胆囊结石伴慢性胆囊炎', '老年性白内障', '慢性阻塞性肺疾病急性加重', '腰椎间盘突出症', '高血压3级', '2型糖尿病伴并发症'];
const CHRONIC_OUTPATIENT = ['高血压', '2型糖尿病', '冠状动脉粥样硬化性心脏病', '慢性阻塞性肺疾病'];
const CITY_HOSPITALS = ['青岛大学附属医院', '青岛市市立医院', '青岛市中心医院', '胶州市人民医院', '胶州市中心医院'];
const COUNTY_HOSPITALS = ['胶州市人民医院', '胶州市中心医院', '胶州市中医医院'];
const WITHDRAWAL_REASONS = ['重复录入', '已在异地就医直接结算', '费用信息录入错误'];

/** The township's primary care institution: a town's health centre (卫生院) or a subdistrict's community health centre. */
function localClinic(townshipCode: string): string {
  const t = TOWNSHIPS.find((x) => x.code === townshipCode)!;
  if (t.kind === 'town') return `${t.name}卫生院`;
  if (t.kind === 'subdistrict') return `${t.name}社区卫生服务中心`;
  return '胶州市人民医院';
}

/** A log-uniform amount of yuan in [lo, hi], to the fen. */
function cost(r: Random, lo: number, hi: number): Decimal {
  return new Decimal(lo * Math.pow(hi / lo, r.next())).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
}

const fen = (d: Decimal) => d.toDecimalPlaces(2, Decimal.ROUND_HALF_UP);

/**
 * The settled figures of a claim: insurance covers 50-70% of the total (critical-illness insurance a share of it for
 * large inpatient bills), 60-90% of what is left is within the policy scope (the eligible remainder).
 */
function figures(r: Random, total: Decimal, inpatient: boolean) {
  const insured = fen(total.times(0.5 + r.next() * 0.2));
  const critical = inpatient && total.greaterThanOrEqualTo(30000) ? fen(total.times(0.08 + r.next() * 0.1)) : new Decimal(0);
  const basic = insured.minus(critical);
  const eligible = fen(total.minus(insured).times(0.6 + r.next() * 0.3));
  return {
    totalCost: total.toFixed(2),
    basicInsurancePaid: basic.toFixed(2),
    criticalIllnessInsurancePaid: critical.toFixed(2),
    eligibleSelfPay: eligible.toFixed(2),
  };
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/**
 * Medical's share of the demo population: claims for covered people only (TEKUN, DIBAO or MARGINAL by their active
 * enrolments, as civil affairs derives the category), discharged from 2023-01-01 (or the start of their cover, when later)
 * to REFERENCE_DATE, handled in the person's township. Seriously ill people (the population's latent `seriousIllness`)
 * have several costly hospital stays (15,000-120,000 yuan) and outpatient treatment of the same illness; other covered
 * people have an occasional ordinary stay (3,000-25,000 yuan) or chronic-disease outpatient care (300-3,000 yuan).
 * About 2% of claims are withdrawn. Deterministic: its own draws come from `Random(`${seed}:medical`)`.
 */
export function medicalSeeder(seed: string): PopulationSeeder {
  const r = new Random(`${seed}:medical`);
  return {
    household(h, put) {
      for (const m of h.members) {
        const category = categoryOf(m);
        if (category === AssistanceCategory.NONE) continue;
        const coverStart = m.enrolments
          .filter((e) => e.status === 'ACTIVE' && e.programme !== 'TEMPORARY')
          .map((e) => e.startDate)
          .sort()[0];
        const from = coverStart > FIRST_DAY ? coverStart : FIRST_DAY;
        const span = daysBetween(from, REFERENCE_DATE);
        if (span < 0) continue;
        const add = (careType: MedicalCareType, diagnosis: string, hospital: string, total: Decimal, stay: number) => {
          const dischargeDate = addDays(from, r.int(0, span));
          const withdrawn = r.chance(0.02);
          const withdrawnOn = withdrawn ? addDays(dischargeDate, r.int(10, 60)) : null;
          const claim: MedicalClaim = {
            id: r.uuid(), personId: m.id, townshipCode: m.townshipCode, hospital, diagnosis, careType,
            admissionDate: addDays(dischargeDate, -stay), dischargeDate,
            ...figures(r, total, careType === MedicalCareType.INPATIENT),
            status: withdrawn ? MedicalClaimStatus.WITHDRAWN : MedicalClaimStatus.RECORDED,
            withdrawnOn: withdrawnOn && withdrawnOn > REFERENCE_DATE ? REFERENCE_DATE : withdrawnOn,
            withdrawalReason: withdrawn ? r.pick(WITHDRAWAL_REASONS) : null,
          };
          put(MedicalClaim, claim);
        };
        const years = Math.max(1, Math.round(span / 365));
        if (m.seriousIllness) {
          const illness = m.gender === 'FEMALE' && m.age >= 35 ? r.pick(TWO_CANCERS) : r.pick(GRAVE_ILLNESSES);
          const hospital = r.pick(CITY_HOSPITALS);
          for (let i = r.int(2, 3 * years); i > 0; i--)
            add(MedicalCareType.INPATIENT, illness, r.chance(0.8) ? hospital : r.pick(CITY_HOSPITALS), cost(r, 15000, 120000), r.int(7, 30));
          for (let i = r.int(1, 4 * years); i > 0; i--)
            add(MedicalCareType.OUTPATIENT, illness, r.chance(0.7) ? hospital : r.pick(COUNTY_HOSPITALS), cost(r, 800, 8000), r.int(0, 60));
        } else {
          for (let y = 0; y < years; y++) {
            if (r.chance(m.age >= 60 ? 0.04 : 0.015))
              add(MedicalCareType.INPATIENT, r.pick(ORDINARY_STAYS), r.chance(0.3) ? localClinic(m.townshipCode) : r.pick(COUNTY_HOSPITALS), cost(r, 3000, 25000), r.int(3, 15));
            if (r.chance(m.age >= 60 ? 0.04 : 0.015))
              add(MedicalCareType.OUTPATIENT, r.pick(CHRONIC_OUTPATIENT), r.chance(0.5) ? localClinic(m.townshipCode) : r.pick(COUNTY_HOSPITALS), cost(r, 300, 3000), r.int(0, 30));
          }
        }
      }
    },
  };
}
