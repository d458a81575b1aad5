import { Decimal, addDays } from '@aidgraph/subgraph-kit';
import { Random, REFERENCE_DATE, type HouseholdRecord, type PopulationSeeder, type RowSink } from '@aidgraph/population';
import { DisasterEvent } from '../modules/disaster-event/disaster-event.entity';
import { EmergencyResponseLevel, HazardType } from '../modules/disaster-event/disaster-event.enums';
import { DisasterAssessment } from '../modules/disaster-assessment/disaster-assessment.entity';
import { HOUSE_LOST, HouseDamageLevel } from '../modules/disaster-assessment/disaster-assessment.enums';
import { DisasterRelief } from '../modules/disaster-relief/disaster-relief.entity';
import { DisasterReliefStatus, DisasterReliefType } from '../modules/disaster-relief/disaster-relief.enums';

/** A demo disaster event and when its winter-spring relief is paid (none when that winter is after REFERENCE_DATE). */
export interface DemoEvent {
  name: string;
  hazardType: HazardType;
  startDate: string;
  endDate: string;
  responseLevel: EmergencyResponseLevel | null;
  affectedTownshipCodes: string[];
  winterSpringOn: string | null;
}

/**
 * The demo disasters (fictitious events of a plausible kind for Jiaozhou, in townships that do not overlap, so a household
 * is affected by at most one): a July 2024 rainstorm flood along the Dagu and Jiaolai rivers, a June 2024 hailstorm in
 * the north, and an August 2025 typhoon rainstorm in the south-west.
 */
export const DEMO_EVENTS: DemoEvent[] = [
  {
    name: '2024年7月胶州暴雨洪涝灾害', hazardType: HazardType.FLOOD, startDate: '2024-07-10', endDate: '2024-07-13',
    responseLevel: EmergencyResponseLevel.LEVEL_IV, affectedTownshipCodes: ['370281007', '370281010', '370281102', '370281401'], winterSpringOn: '2025-01-15',
  },
  {
    name: '2024年6月胶北冰雹灾害', hazardType: HazardType.HAIL, startDate: '2024-06-05', endDate: '2024-06-05',
    responseLevel: null, affectedTownshipCodes: ['370281006', '370281008'], winterSpringOn: '2025-01-15',
  },
  {
    name: '2025年8月台风暴雨灾害', hazardType: HazardType.TYPHOON, startDate: '2025-07-31', endDate: '2025-08-03',
    responseLevel: EmergencyResponseLevel.LEVEL_III, affectedTownshipCodes: ['370281009', '370281105', '370281108', '370281111'], winterSpringOn: null,
  },
];

const DAMAGE = [HouseDamageLevel.COLLAPSED, HouseDamageLevel.SEVERELY_DAMAGED, HouseDamageLevel.GENERALLY_DAMAGED, HouseDamageLevel.NONE];
/** Assisted households live in poorer houses: more of them collapse. */
const DAMAGE_WEIGHTS = { assisted: [6, 14, 40, 40], other: [2, 8, 40, 50] };

/**
 * Disaster relief's share of the demo population (deterministic from the seed; draws forked per household, so one
 * household's draws never shift another's). The three DEMO_EVENTS are recorded; in their townships six in ten assisted
 * households (dibao, tekun, marginal) and one in ten others are assessed (1-10 days after the start; people affected:
 * the members present that day), and their reliefs follow the rules the service enforces, within the 2024 standards:
 * - EMERGENCY_LIVING for a damaged house (and three in ten undamaged ones): 300, 500 or 600 yuan a person, 0-10 days after the assessment;
 * - TRANSITIONAL and HOUSE_REBUILD for a COLLAPSED or SEVERELY_DAMAGED house: 600 yuan a person-month for a 90-day period;
 *   25,000-40,000 (collapsed) or 8,000-20,000 yuan (severe) 60-140 days after the assessment;
 * - HOUSE_REPAIR for a GENERALLY_DAMAGED house: 1,000-5,000 yuan;
 * - WINTER_SPRING for assisted households of the 2024 events: 1,000 yuan a person on 2025-01-15.
 * The recipient is the head when active, else the first active member; a household with no active member gets no
 * relief. PAID when granted more than 30 days before REFERENCE_DATE, else GRANTED; 2 % REVOKED.
 */
export function disasterReliefSeeder(seed: string): PopulationSeeder {
  const r = new Random(`${seed}:disaster-relief`);
  const events = DEMO_EVENTS.map((e) => ({ ...e, id: r.uuid() }));
  const paidBy = addDays(REFERENCE_DATE, -30);

  const relief = (put: RowSink, hr: Random, base: Omit<DisasterRelief, 'id' | 'status' | 'periodStart' | 'periodEnd'> & Partial<DisasterRelief>) => {
    const status = hr.chance(0.02) ? DisasterReliefStatus.REVOKED : base.grantedOn <= paidBy ? DisasterReliefStatus.PAID : DisasterReliefStatus.GRANTED;
    put(DisasterRelief, { periodStart: null, periodEnd: null, ...base, id: hr.uuid(), status });
  };

  return {
    household(h: HouseholdRecord, put: RowSink) {
      const ev = events.find((e) => e.affectedTownshipCodes.includes(h.townshipCode));
      if (!ev) return;
      const hr = r.fork(h.id);
      const assisted = h.category !== 'NONE';
      if (!hr.chance(assisted ? 0.6 : 0.1)) return;
      const present = h.members.filter((m) => m.status === 'ACTIVE' || (m.statusDate !== null && m.statusDate > ev.startDate));
      if (!present.length) return;
      const damageLevel = hr.weighted(DAMAGE, assisted ? DAMAGE_WEIGHTS.assisted : DAMAGE_WEIGHTS.other);
      const assessedOn = addDays(ev.startDate, hr.int(1, 10));
      const peopleAffected = present.length;
      put(DisasterAssessment, {
        id: hr.uuid(), eventId: ev.id, householdId: h.id, damageLevel, peopleAffected, deaths: 0, assessedOn, townshipCode: h.townshipCode,
      });
      const active = h.members.filter((m) => m.status === 'ACTIVE');
      const recipient = active.find((m) => m.id === h.headId) ?? active[0];
      if (!recipient) return;
      const base = { eventId: ev.id, householdId: h.id, personId: recipient.id, townshipCode: h.townshipCode };
      const perPerson = (rate: string, n = 1) => new Decimal(rate).times(peopleAffected * n).toFixed(2);
      if (damageLevel !== HouseDamageLevel.NONE || hr.chance(0.3))
        relief(put, hr, { ...base, reliefType: DisasterReliefType.EMERGENCY_LIVING, amount: perPerson(hr.pick(['300.00', '500.00', '600.00'])), grantedOn: addDays(assessedOn, hr.int(0, 10)) });
      if (HOUSE_LOST.includes(damageLevel)) {
        const periodStart = addDays(assessedOn, hr.int(0, 5));
        relief(put, hr, {
          ...base, reliefType: DisasterReliefType.TRANSITIONAL, amount: perPerson('600.00', 3), grantedOn: periodStart, periodStart, periodEnd: addDays(periodStart, 89),
        });
        const rebuild = damageLevel === HouseDamageLevel.COLLAPSED ? hr.int(25, 40) : hr.int(8, 20);
        relief(put, hr, { ...base, reliefType: DisasterReliefType.HOUSE_REBUILD, amount: `${rebuild * 1000}.00`, grantedOn: addDays(assessedOn, hr.int(60, 140)) });
      }
      if (damageLevel === HouseDamageLevel.GENERALLY_DAMAGED)
        relief(put, hr, { ...base, reliefType: DisasterReliefType.HOUSE_REPAIR, amount: `${hr.int(10, 50) * 100}.00`, grantedOn: addDays(assessedOn, hr.int(20, 90)) });
      if (assisted && ev.winterSpringOn)
        relief(put, hr, { ...base, reliefType: DisasterReliefType.WINTER_SPRING, amount: perPerson('1000.00'), grantedOn: ev.winterSpringOn });
    },
    finish(put: RowSink) {
      for (const e of events)
        put(DisasterEvent, {
          id: e.id, name: e.name, hazardType: e.hazardType, startDate: e.startDate, endDate: e.endDate, responseLevel: e.responseLevel,
          affectedTownshipCodes: [...e.affectedTownshipCodes].sort(),
        });
    },
  };
}
