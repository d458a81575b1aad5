import { In } from 'typeorm';
import { MAX_PARAMETERS, defineLoader, groupedByKey } from '@aidgraph/subgraph-kit';
import { MedicalClaim } from './medical-claim.entity';

/**
 * Each person's medical claims (every year and status), in chronological order of discharge. One SELECT per batch:
 * Person.medicalClaims and Person.medicalAssistance share it. Batches stay under the databases' parameter limit (MAX_PARAMETERS).
 */
export const medicalClaimsByPersonId = defineLoader<string, MedicalClaim[]>(async (ids, ctx) => {
  const rows = await ctx.db
    .getRepository(MedicalClaim)
    .find({ where: { personId: In([...ids]) }, order: { dischargeDate: 'ASC', admissionDate: 'ASC', id: 'ASC' } });
  return groupedByKey(ids, rows, (r) => r.personId);
}, { maxBatchSize: MAX_PARAMETERS });
