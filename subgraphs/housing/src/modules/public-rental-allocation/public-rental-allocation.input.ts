import { Field, ID, InputType, Int } from 'type-graphql';
import { IdempotencyKeyField, YuanScalar, type Yuan } from '@aidgraph/subgraph-kit';
import { PublicRentalAllocationStatus } from './public-rental-allocation.enums';
import { FloorAreaScalar, type FloorArea } from '../common/floor-area';

@InputType({ description: 'Filters of the public rental allocation list. All given filters must hold. Each given filter is checked against the access classification (FORBIDDEN, from the query alone, for a role that may not use it): analysts may not filter by applicantId or householdId, even for a bare count.' })
export class PublicRentalAllocationFilter {
  @Field(() => String, { nullable: true, description: '9-digit code of the township that handled the application.' })
  townshipCode?: string | null;

  @Field(() => PublicRentalAllocationStatus, { nullable: true, description: 'Only allocations with this status.' })
  status?: PublicRentalAllocationStatus | null;

  @Field(() => Int, { nullable: true, description: 'Only leases with at least one day in this calendar year (e.g. 2025).' })
  year?: number | null;

  @Field(() => ID, { nullable: true, description: 'Only the allocations of this household (registry id).' })
  householdId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only the allocations whose applicant is this person (registry id).' })
  applicantId?: string | null;
}

@InputType({ description: 'A public rental allocation to record (housing officers). It starts ACTIVE.' })
export class RecordPublicRentalAllocationInput {
  @Field(() => ID, { description: 'The household that receives the dwelling (registry id).' })
  householdId: string;

  @Field(() => ID, { description: 'The applicant and lessee (申请人/承租人), a member of the household (registry id).' })
  applicantId: string;

  @Field({ description: '9-digit code of the township that handled the application (the household\'s township).' })
  townshipCode: string;

  @Field({ description: 'Address of the dwelling (estate, building, unit, room): 1-200 characters.' })
  dwellingAddress: string;

  @Field(() => FloorAreaScalar, { description: 'Floor area in m²: from 10.00 to 60.00 (建保〔2010〕87号: public rental dwellings up to 60 m²).' })
  area: FloorArea;

  @Field(() => YuanScalar, { description: 'Monthly rent in yuan: above 0, at most the limit in force on the lease start (PUBLIC_RENTAL_LIMITS_FILE; AMOUNT_ABOVE_LIMIT).' })
  monthlyRent: Yuan;

  @Field({ description: 'First day of the lease, ISO YYYY-MM-DD.' })
  leaseStart: string;

  @Field({ description: 'Last day of the lease, ISO YYYY-MM-DD: after the first, at most 5 years on (公共租赁住房管理办法).' })
  leaseEnd: string;

  @IdempotencyKeyField()
  idempotencyKey?: string | null;
}

@InputType({ description: 'A correction of a public rental allocation: only the fields given change; the result is checked like a new record.' })
export class CorrectPublicRentalAllocationInput {
  @Field(() => ID, { description: 'The allocation to correct.' })
  id: string;

  @Field(() => String, { nullable: true, description: 'Address of the dwelling: 1-200 characters.' })
  dwellingAddress?: string | null;

  @Field(() => FloorAreaScalar, { nullable: true, description: 'Floor area in m²: from 10.00 to 60.00.' })
  area?: FloorArea | null;

  @Field(() => YuanScalar, { nullable: true, description: 'Monthly rent in yuan: above 0, at most the limit in force on the lease start (PUBLIC_RENTAL_LIMITS_FILE; AMOUNT_ABOVE_LIMIT).' })
  monthlyRent?: Yuan | null;

  @Field(() => String, { nullable: true, description: 'First day of the lease, ISO YYYY-MM-DD.' })
  leaseStart?: string | null;

  @Field(() => String, { nullable: true, description: 'Last day of the lease, ISO YYYY-MM-DD (the day the household moved out, when it left early).' })
  leaseEnd?: string | null;

  @Field(() => PublicRentalAllocationStatus, { nullable: true, description: 'New status (ENDED when the household leaves, CANCELLED for a record made in error).' })
  status?: PublicRentalAllocationStatus | null;
}
