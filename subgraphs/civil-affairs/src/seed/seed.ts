import { REFERENCE_DATE, generateVillages, type PopulationSeeder } from '@aidgraph/population';
import { Village } from '../modules/division/village.entity';
import { Household } from '../modules/household/household.entity';
import { Person } from '../modules/person/person.entity';
import { Enrolment, PersonCoveredGroup } from '../modules/enrolment/enrolment.entity';
import { AmountPeriod } from '../modules/common/enums';
import { isReviewed, nextReviewDate, ReviewCycleValue } from '../modules/review/review.rules';
import { paymentSeeder } from './payments';

/**
 * The demo's review dates: a DIBAO or TEKUN enrolment in force is taken to have been reviewed yearly on schedule up to the
 * population's date, so its next review is the first anniversary of its start after REFERENCE_DATE (none overdue on the
 * demo's day; some fall due as AIDGRAPH_TODAY moves on).
 */
function demoReview(programme: string, status: string, startDate: string): { reviewCycle: ReviewCycleValue | null; nextReviewDate: string | null } {
  if (!isReviewed(programme) || status !== 'ACTIVE') return { reviewCycle: null, nextReviewDate: null };
  let next = nextReviewDate(ReviewCycleValue.YEARLY, startDate);
  for (let years = 2; next <= REFERENCE_DATE; years += 1) next = nextReviewDate(ReviewCycleValue.YEARLY, `${Number(startDate.slice(0, 4)) + years - 1}${startDate.slice(4)}`);
  return { reviewCycle: ReviewCycleValue.YEARLY, nextReviewDate: next };
}

const PERIOD: Record<string, AmountPeriod> = { DIBAO: AmountPeriod.MONTHLY, TEKUN: AmountPeriod.MONTHLY, TEMPORARY: AmountPeriod.ONE_OFF, MARGINAL: AmountPeriod.NONE };

/**
 * Civil affairs' share of the deterministic population: persons first (so that the registry's first table is the
 * seed marker), households, enrolments, covered groups, the regular payment batches of the last 12 months with their
 * lines (payments.ts), and the village register.
 */
export function civilAffairsSeeder(seed: string): PopulationSeeder {
  const payments = paymentSeeder(seed);
  return {
    household(h, put) {
      for (const m of h.members) {
        put(Person, {
          id: m.id, name: m.name, idNumber: m.idNumber, gender: m.gender, birthDate: m.birthDate, phone: m.phone,
          townshipCode: m.townshipCode, villageCode: m.villageCode, householdId: m.householdId,
          relationToHead: m.relation, status: m.status, statusDate: m.statusDate, statusSource: null, version: 1,
        });
      }
      put(Household, {
        id: h.id, townshipCode: h.townshipCode, villageCode: h.villageCode, address: h.address, headId: h.headId,
        perCapitaMonthlyIncome: h.perCapitaMonthlyIncome, assetsWithinRules: h.assetsWithinRules, urban: h.urban, version: 1,
      });
      for (const m of h.members) {
        for (const e of m.enrolments)
          put(Enrolment, {
            id: e.id, personId: e.personId, programme: e.programme, status: e.status, startDate: e.startDate,
            endDate: e.endDate, amount: e.amount, amountPeriod: PERIOD[e.programme], townshipCode: m.townshipCode,
            version: 1, ...demoReview(e.programme, e.status, e.startDate),
          });
        for (const g of m.coveredGroups) put(PersonCoveredGroup, { personId: m.id, coveredGroup: g });
        // the regular payment batches' lines of the last 12 months (payments.ts: the batches themselves in finish)
        payments.person(m, m.enrolments.map((e) => ({ ...e, townshipCode: m.townshipCode })), put);
      }
    },
    finish(put) {
      for (const v of generateVillages(seed)) put(Village, { ...v });
      payments.finish(put);
    },
  };
}
