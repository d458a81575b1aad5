import { addDays } from '@aidgraph/subgraph-kit';
import { Random, REFERENCE_DATE, type PopulationSeeder } from '@aidgraph/population';
import { {{Record}} } from '../modules/{{record-kebab}}/{{record-kebab}}.entity';
import { {{Record}}Status } from '../modules/{{record-kebab}}/{{record-kebab}}.enums';

/** Amounts of the demo records (yuan): replace with the programme's real standards. */
const AMOUNTS = ['500.00', '800.00', '1000.00', '1500.00', '2000.00'];

/**
 * {{programme}}'s share of the demo population (deterministic from the seed): about three members in ten of the assisted
 * households (dibao, tekun, marginal) have one record decided in the two years before REFERENCE_DATE, handled by the
 * household's township. Replace the rule with who the programme really reaches.
 */
export function {{nameCamel}}Seeder(seed: string): PopulationSeeder {
  const r = new Random(`${seed}:{{name}}`);
  return {
    household(h, put) {
      if (h.category === 'NONE') return;
      for (const m of h.members) {
        if (!r.chance(0.3)) continue;
        const decidedOn = addDays(REFERENCE_DATE, -r.int(0, 730));
        if (m.statusDate && m.statusDate < decidedOn) continue;
        put({{Record}}, {
          id: r.uuid(), personId: m.id, amount: r.pick(AMOUNTS), decidedOn, townshipCode: h.townshipCode,
          status: decidedOn < addDays(REFERENCE_DATE, -60) ? {{Record}}Status.PAID : {{Record}}Status.APPROVED,
        });
      }
    },
  };
}
