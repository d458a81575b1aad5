import type { GraphQLResolveInfo } from 'graphql';
import { forbidden } from '../errors';
import type { Identity } from './identity';
import { COORDINATES, outcomeFor, type Outcome } from './classification';
import { assertCountOnlyFilter } from './count-only';

/**
 * The ONE check of a list's filter arguments. Every filter field of every list is a coordinate of the classification
 * (`<InputType>.<field>`, kind 'filter', classified like the field it filters on); this reads the caller's outcome there:
 * - value, banded, collapsed: allowed (a collapsed view is built by the list resolver itself);
 * - countOnly: allowed only in a query that selects no rows (a bare totalCount), FORBIDDEN otherwise;
 * - null, omitted, masked, FORBIDDEN: FORBIDDEN — a filter on a field the role gets as null would put the hidden value
 *   back on the rows it finds (a hospital, a discharge year, a grant date), and a per-person id filter would give one
 *   person's membership even as a count.
 * The decision depends only on the query (which filters are given, what is selected), never on the data. A filter field
 * that is not in the classification is refused to everyone (and a kit test fails): a new filter must be classified first.
 *
 * @param identity the caller
 * @param inputType the GraphQL name of the filter input type, e.g. 'MedicalClaimFilter'
 * @param filter the filter argument as received (null/undefined fields are not given)
 * @param info the list field's resolve info (its selection decides count-only filters); without it, count-only filters
 *   are refused
 * @throws FORBIDDEN (extensions.code) naming the filter, never the data
 */
export function assertFiltersAllowed(
  identity: Identity,
  inputType: string,
  filter: object | null | undefined,
  info?: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>,
): void {
  if (!filter) return;
  for (const [field, value] of Object.entries(filter)) {
    if (value === null || value === undefined) continue;
    const coordinate = `${inputType}.${field}`;
    const outcome = filterOutcome(identity, coordinate);
    switch (outcome) {
      case 'value':
      case 'banded':
      case 'collapsed':
        continue;
      case 'countOnly':
        if (!info) throw forbidden(`your role may use the filter ${field} only to count (select only totalCount)`);
        assertCountOnlyFilter(identity, coordinate, info);
        continue;
      case undefined:
        throw forbidden(`the filter ${coordinate} is not classified (classification.ts); no role may use it`);
      default: {
        const c = COORDINATES[coordinate];
        if (c.perValue) continue; // the list resolver refuses the values named in perValue itself
        throw forbidden(
          `your role may not filter by ${field}: ${c.note ?? `the field it filters on (${c.class}) is withheld from your role`}`,
        );
      }
    }
  }
}

/** The caller's outcome at a filter coordinate (e.g. 'MedicalClaimFilter.hospital'); undefined when it is not classified. */
export function filterOutcome(identity: Identity, coordinate: string): Outcome | undefined {
  const c = COORDINATES[coordinate];
  if (!c || c.kind !== 'filter') return undefined;
  return outcomeFor(identity, c.class, { owner: c.owner, coordinate });
}
