import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { Protected, inScope, withheldAt, type SubgraphContext } from '@aidgraph/subgraph-kit';
import { PersonStub } from './person.stub';
import { DisabilityCertificate } from '../disability-certificate/disability-certificate.entity';
import { certificatesByPersonId } from '../disability-certificate/disability-certificate.loader';
import { RehabilitationService } from '../rehabilitation-service/rehabilitation-service.entity';
import { rehabilitationByPersonId } from '../rehabilitation-service/rehabilitation-service.loader';
import { DisabilitySubsidy } from '../disability-subsidy/disability-subsidy.entity';
import { subsidiesByPersonId } from '../disability-subsidy/disability-subsidy.loader';
import { DEPARTMENT } from '../disability-certificate/disability-certificate.entity';

/**
 * The fields the disabled persons' federation adds to Person; each loads through a per-request DataLoader. Each is
 * sensitive as a whole (any of them reveals a disability, a nursing subsidy a severe one): other departments' officers
 * get FORBIDDEN for the field, and every read is noted in the audit log.
 */
@Resolver(() => PersonStub)
export class PersonDisabilityResolver {
  @FieldResolver(() => [DisabilityCertificate], {
    nullable: true,
    description:
      '残疾人证 The person\'s disability certificates (市残联), newest issue first, including REPLACED and REVOKED ones; empty ' +
      'when there are none, null when the disability subgraph cannot answer. A caseworker sees those handled in their ' +
      'township. Sensitive disability data: FORBIDDEN for other departments\' officers (the federation, caseworkers ' +
      'and auditors see it; number, category and grade see DisabilityCertificate). Empty for analysts (count with ' +
      'disabilityCertificates(filter) { totalCount }).',
  })
  @Protected({ sensitiveOf: DEPARTMENT })
  async disabilityCertificates(@Root() p: PersonStub, @Ctx() ctx: SubgraphContext): Promise<DisabilityCertificate[]> {
    if (withheldAt(ctx.identity, 'Person.disabilityCertificates')) return [];
    const rows = await certificatesByPersonId(ctx).load(p.id);
    return rows.filter((r) => inScope(ctx.identity, r.townshipCode));
  }

  @FieldResolver(() => [RehabilitationService], {
    nullable: true,
    description:
      '康复救助 The person\'s rehabilitation services (市残联), latest start first; empty when there are none, null when the ' +
      'disability subgraph cannot answer. A caseworker sees those handled in their township. Sensitive disability data: ' +
      'FORBIDDEN for other departments\' officers. Empty for analysts (count with rehabilitationServices(filter) { totalCount }).',
  })
  @Protected({ sensitiveOf: DEPARTMENT })
  async rehabilitationServices(@Root() p: PersonStub, @Ctx() ctx: SubgraphContext): Promise<RehabilitationService[]> {
    if (withheldAt(ctx.identity, 'Person.rehabilitationServices')) return [];
    const rows = await rehabilitationByPersonId(ctx).load(p.id);
    return rows.filter((r) => inScope(ctx.identity, r.townshipCode));
  }

  @FieldResolver(() => [DisabilitySubsidy], {
    nullable: true,
    description:
      '残疾人两项补贴 The person\'s living and nursing subsidy grants (市残联), latest start first; empty when there are none, ' +
      'null when the disability subgraph cannot answer. A caseworker sees those handled in their township. Sensitive ' +
      'disability data: FORBIDDEN for other departments\' officers. Empty for analysts (count with disabilitySubsidies(filter) ' +
      '{ totalCount }: a LIVING subsidy gives the household\'s category).',
  })
  @Protected({ sensitiveOf: DEPARTMENT })
  async disabilitySubsidies(@Root() p: PersonStub, @Ctx() ctx: SubgraphContext): Promise<DisabilitySubsidy[]> {
    if (withheldAt(ctx.identity, 'Person.disabilitySubsidies')) return [];
    const rows = await subsidiesByPersonId(ctx).load(p.id);
    return rows.filter((r) => inScope(ctx.identity, r.townshipCode));
  }
}
