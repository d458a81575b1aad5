import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { scopeWhere, type SubgraphContext, checkUuid } from '@aidgraph/subgraph-kit';
import { checkTownship, checkYear } from './checks';

/** The filters every housing list shares. */
export interface CommonFilter {
  townshipCode?: string | null;
  status?: string | null;
  year?: number | null;
  householdId?: string | null;
  applicantId?: string | null;
}

/**
 * Apply the caller's township scope (a caseworker sees the records handled in their township) and the shared filters
 * to a list query whose alias is `r`. The `year` filter is the caller's (`yearWhere`), because each kind dates differently.
 */
export function applyCommonFilter<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  ctx: SubgraphContext,
  f: CommonFilter,
  yearWhere: (year: number) => [string, Record<string, unknown>],
): SelectQueryBuilder<T> {
  const scope = scopeWhere(ctx.identity, { villageCode: false });
  if (scope.townshipCode) qb.andWhere('r.townshipCode = :scope', { scope: scope.townshipCode });
  if (f.townshipCode) qb.andWhere('r.townshipCode = :township', { township: checkTownship(f.townshipCode, 'filter.townshipCode') });
  if (f.status) qb.andWhere('r.status = :status', { status: f.status });
  if (f.householdId) qb.andWhere('r.householdId = :householdId', { householdId: checkUuid(f.householdId, 'filter.householdId') });
  if (f.applicantId) qb.andWhere('r.personId = :applicantId', { applicantId: checkUuid(f.applicantId, 'filter.applicantId') });
  if (f.year != null) qb.andWhere(...yearWhere(checkYear(f.year, 'filter.year')));
  return qb;
}
