import { generateHouseholds, generateVillages, insertMany, isEmpty, type Logger } from '@aidgraph/subgraph-kit';
import type { DataSource } from 'typeorm';
import { Village } from '../modules/division/village.entity';
import { Household } from '../modules/household/household.entity';
import { Person } from '../modules/person/person.entity';
import { Enrolment, PersonCoveredGroup } from '../modules/enrolment/enrolment.entity';
import { AmountPeriod, type CivilAffairsProgramme, type EnrolmentStatus, type Gender, type HouseholdRelation, type PersonStatus } from '../modules/common/enums';

const PERIOD: Record<string, AmountPeriod> = { DIBAO: AmountPeriod.MONTHLY, TEKUN: AmountPeriod.MONTHLY, TEMPORARY: AmountPeriod.ONE_OFF, MARGINAL: AmountPeriod.NONE };

/**
 * Civil affairs' share of the deterministic population: villages, households, persons, enrolments, covered groups.
 * Runs only on an empty registry, in one transaction.
 */
export async function seedCivilAffairs(db: DataSource, o: { seed: string; size: number; log: Logger }): Promise<void> {
  if (!(await isEmpty(db, Person))) return;
  const started = Date.now();
  const households: Household[] = [];
  const persons: Person[] = [];
  const enrolments: Enrolment[] = [];
  const groups: PersonCoveredGroup[] = [];
  for (const h of generateHouseholds({ seed: o.seed, size: o.size })) {
    households.push(Object.assign(new Household(), {
      id: h.id, townshipCode: h.townshipCode, villageCode: h.villageCode, address: h.address, headId: h.headId,
      perCapitaMonthlyIncome: h.perCapitaMonthlyIncome, assetsWithinRules: h.assetsWithinRules, urban: h.urban,
    }));
    for (const m of h.members) {
      persons.push(Object.assign(new Person(), {
        id: m.id, name: m.name, idNumber: m.idNumber, gender: m.gender as Gender, birthDate: m.birthDate, phone: m.phone,
        townshipCode: m.townshipCode, villageCode: m.villageCode, householdId: m.householdId,
        relationToHead: m.relation as HouseholdRelation, status: m.status as PersonStatus, statusDate: m.statusDate,
      }));
      for (const e of m.enrolments)
        enrolments.push(Object.assign(new Enrolment(), {
          id: e.id, personId: e.personId, programme: e.programme as CivilAffairsProgramme, status: e.status as EnrolmentStatus,
          startDate: e.startDate, endDate: e.endDate, amount: e.amount, amountPeriod: PERIOD[e.programme], townshipCode: m.townshipCode,
        }));
      for (const g of m.coveredGroups) groups.push({ personId: m.id, coveredGroup: g });
    }
  }
  const villages = generateVillages(o.seed).map((v) => Object.assign(new Village(), v));
  await db.transaction(async (tx) => {
    await insertMany(tx, Village, villages);
    await insertMany(tx, Household, households);
    await insertMany(tx, Person, persons);
    await insertMany(tx, Enrolment, enrolments);
    await insertMany(tx, PersonCoveredGroup, groups);
  });
  o.log.info({ persons: persons.length, households: households.length, enrolments: enrolments.length, ms: Date.now() - started }, 'seeded the demo registry');
}
