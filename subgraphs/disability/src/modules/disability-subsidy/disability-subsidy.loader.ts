import { recordsByPersonId } from '../common/by-person';
import { DisabilitySubsidy } from './disability-subsidy.entity';

/** Each person's disability subsidy grants, latest start first. One SELECT per batch. */
export const subsidiesByPersonId = recordsByPersonId(DisabilitySubsidy, { startDate: 'DESC', id: 'ASC' });
