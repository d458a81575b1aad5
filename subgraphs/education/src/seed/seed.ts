import { TOWNSHIPS, addDays } from '@aidgraph/subgraph-kit';
import { Random, REFERENCE_DATE, type PersonRecord, type PopulationSeeder } from '@aidgraph/population';
import { EducationAid } from '../modules/education-aid/education-aid.entity';
import { EducationAidStatus, EducationAidType, SchoolStage } from '../modules/education-aid/education-aid.enums';

/** Academic years of the demo data: the two before REFERENCE_DATE's and that one (September to August). */
const YEARS = [2023, 2024, 2025];

/** Yearly amounts (yuan) by stage and aid type: the national standards' order of magnitude. */
const AIDS: Record<SchoolStage, [EducationAidType, string][]> = {
  PRESCHOOL: [[EducationAidType.TUITION_WAIVER, '1500.00']],
  PRIMARY: [[EducationAidType.LIVING_SUBSIDY, '1000.00']],
  JUNIOR_SECONDARY: [[EducationAidType.LIVING_SUBSIDY, '1250.00'], [EducationAidType.BOARDING_FEE_WAIVER, '600.00']],
  SENIOR_SECONDARY: [[EducationAidType.GRANT, '2000.00'], [EducationAidType.TUITION_WAIVER, '1200.00']],
  VOCATIONAL: [[EducationAidType.GRANT, '2000.00'], [EducationAidType.TUITION_WAIVER, '2000.00']],
  UNIVERSITY: [[EducationAidType.GRANT, '3300.00']],
};

function stageAt(age: number, vocational: boolean): SchoolStage | null {
  if (age >= 3 && age <= 5) return SchoolStage.PRESCHOOL;
  if (age >= 6 && age <= 11) return SchoolStage.PRIMARY;
  if (age >= 12 && age <= 14) return SchoolStage.JUNIOR_SECONDARY;
  if (age >= 15 && age <= 17) return vocational ? SchoolStage.VOCATIONAL : SchoolStage.SENIOR_SECONDARY;
  if (age >= 18 && age <= 21) return SchoolStage.UNIVERSITY;
  return null;
}

function schoolName(r: Random, stage: SchoolStage, townshipName: string): string {
  const place = townshipName.replace(/(街道|镇|胶州经济技术开发区|大沽河省级生态旅游度假区)$/, '') || '胶州';
  switch (stage) {
    case SchoolStage.PRESCHOOL: return `${place}${r.pick(['中心', '第一', '第二', '实验'])}幼儿园`;
    case SchoolStage.PRIMARY: return `${place}${r.pick(['中心', '第一', '第二', '实验'])}小学`;
    case SchoolStage.JUNIOR_SECONDARY: return `胶州市${place}${r.pick(['中学', '初级中学'])}`;
    case SchoolStage.SENIOR_SECONDARY: return r.pick(['胶州市第一中学', '胶州市第二中学', '胶州市实验中学', '胶州市第三中学']);
    case SchoolStage.VOCATIONAL: return r.pick(['胶州市职业教育中心', '青岛西海岸新区职业中等专业学校']);
    case SchoolStage.UNIVERSITY: return r.pick(['青岛大学', '青岛科技大学', '青岛农业大学', '山东科技大学', '青岛理工大学', '青岛职业技术学院']);
  }
}

/**
 * Education's share of the demo population: school-age members (3-21) of assisted households (dibao, tekun,
 * marginal) receive the aids of their stage for each academic year they were in school.
 */
export function educationSeeder(seed: string): PopulationSeeder {
  const r = new Random(`${seed}:education`);
  const ageInSeptember = (p: PersonRecord, year: number) => {
    const [by, bm] = p.birthDate.split('-').map(Number);
    return year - by - (bm > 9 ? 1 : 0);
  };
  return {
    household(h, put) {
      if (h.category === 'NONE') return;
      const townshipName = TOWNSHIPS.find((t) => t.code === h.townshipCode)!.name;
      for (const m of h.members) {
        if (m.age < 3 || m.age > 24) continue;
        const vocational = r.chance(0.35);
        const inUniversity = r.chance(0.55);
        for (const year of YEARS) {
          const age = ageInSeptember(m, year);
          const stage = stageAt(age, vocational);
          if (!stage || (stage === SchoolStage.UNIVERSITY && !inUniversity)) continue;
          if (m.statusDate && m.statusDate < `${year}-09-01`) continue;
          const school = schoolName(r, stage, townshipName);
          for (const [aidType, amount] of AIDS[stage]) {
            if (aidType === EducationAidType.BOARDING_FEE_WAIVER && !r.chance(0.4)) continue;
            const approvedOn = addDays(`${year}-09-15`, r.int(0, 45));
            if (approvedOn > REFERENCE_DATE) continue;
            put(EducationAid, {
              id: r.uuid(), personId: m.id, schoolStage: stage, school, aidType, academicYear: `${year}-${year + 1}`, amount,
              status: year < 2025 || r.chance(0.5) ? EducationAidStatus.PAID : EducationAidStatus.APPROVED, approvedOn,
              townshipCode: h.townshipCode,
            });
          }
        }
      }
    },
  };
}
