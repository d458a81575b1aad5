import { In } from 'typeorm';
import { defineLoader, groupedByKey } from '@aidgraph/subgraph-kit';
import { MedicalClaim } from './medical-claim.entity';

/**
 * Each person's medical claims (every year and status), in chronological order of discharge. One SELECT per batch:
 * Person.medicalClaims and Person.medicalAssistance share it (the kit keeps batches under the parameter limit).
 */
export const medicalClaimsByPersonId = defineLoader<string, MedicalClaim[]>(async (ids, ctx) => {
  const rows = await ctx.db
    .getRepository(MedicalClaim)
    .find({ where: { personId: In([...ids]) }, order: { dischargeDate: 'ASC', admissionDate: 'ASC', id: 'ASC' } });
  return groupedByKey(ids, rows, (r) => r.personId);
});
