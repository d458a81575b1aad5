import { recordsByPersonId } from '../common/by-person';
import { DisabilityCertificate } from './disability-certificate.entity';

/** Each person's disability certificates, newest issue first. One SELECT per batch. */
export const certificatesByPersonId = recordsByPersonId(DisabilityCertificate, { issuedOn: 'DESC', id: 'ASC' });
