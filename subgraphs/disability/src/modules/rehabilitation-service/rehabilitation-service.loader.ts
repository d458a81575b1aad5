import { recordsByPersonId } from '../common/by-person';
import { RehabilitationService } from './rehabilitation-service.entity';

/** Each person's rehabilitation services, latest start first. One SELECT per batch. */
export const rehabilitationByPersonId = recordsByPersonId(RehabilitationService, { startDate: 'DESC', id: 'ASC' });
