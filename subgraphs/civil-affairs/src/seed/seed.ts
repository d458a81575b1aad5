import { generateVillages, type PopulationSeeder } from '@aidgraph/subgraph-kit';
import { Village } from '../modules/division/village.entity';
import { Household } from '../modules/household/household.entity';
import { Person } from '../modules/person/person.entity';
import { Enrolment, PersonCoveredGroup } from '../modules/enrolment/enrolment.entity';
import { AmountPeriod } from '../modules/common/enums';

const PERIOD: Record<string, AmountPeriod> = { DIBAO: AmountPeriod.MONTHLY, TEKUN: AmountPeriod.MONTHLY, TEMPORARY: AmountPeriod.ONE_OFF, MARGINAL: AmountPeriod.NONE };

/**
 * Civil affairs' share of the deterministic population: persons first (so that the registry's first table is the
 * seed marker), households, enrolments, covered groups, and the village register.
 */
export function civilAffairsSeeder(seed: string): PopulationSeeder {
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
          });
        for (const g of m.coveredGroups) put(PersonCoveredGroup, { personId: m.id, coveredGroup: g });
      }
    },
    finish(put) {
      for (const v of generateVillages(seed)) put(Village, { ...v });
    },
  };
}
