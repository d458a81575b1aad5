import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { inScope, type SubgraphContext } from '@aidgraph/subgraph-kit';
import { PersonStub } from './person.stub';
import { DisabilityCertificate } from '../disability-certificate/disability-certificate.entity';
import { certificatesByPersonId } from '../disability-certificate/disability-certificate.loader';
import { RehabilitationService } from '../rehabilitation-service/rehabilitation-service.entity';
import { rehabilitationByPersonId } from '../rehabilitation-service/rehabilitation-service.loader';
import { DisabilitySubsidy } from '../disability-subsidy/disability-subsidy.entity';
import { subsidiesByPersonId } from '../disability-subsidy/disability-subsidy.loader';

/** The fields the disabled persons' federation adds to Person; each loads through a per-request DataLoader. */
@Resolver(() => PersonStub)
export class PersonDisabilityResolver {
  @FieldResolver(() => [DisabilityCertificate], {
    nullable: true,
    description:
      '残疾人证 The person\'s disability certificates (市残联), newest issue first, including REPLACED and REVOKED ones; empty ' +
      'when there are none, null when the disability subgraph cannot answer. A caseworker sees those handled in their ' +
      'township. Number, category and grade are sensitive (see DisabilityCertificate).',
  })
  async disabilityCertificates(@Root() p: PersonStub, @Ctx() ctx: SubgraphContext): Promise<DisabilityCertificate[]> {
    const rows = await certificatesByPersonId(ctx).load(p.id);
    return rows.filter((r) => inScope(ctx.identity, r.townshipCode));
  }

  @FieldResolver(() => [RehabilitationService], {
    nullable: true,
    description:
      '康复救助 The person\'s rehabilitation services (市残联), latest start first; empty when there are none, null when the ' +
      'disability subgraph cannot answer. A caseworker sees those handled in their township.',
  })
  async rehabilitationServices(@Root() p: PersonStub, @Ctx() ctx: SubgraphContext): Promise<RehabilitationService[]> {
    const rows = await rehabilitationByPersonId(ctx).load(p.id);
    return rows.filter((r) => inScope(ctx.identity, r.townshipCode));
  }

  @FieldResolver(() => [DisabilitySubsidy], {
    nullable: true,
    description:
      '残疾人两项补贴 The person\'s living and nursing subsidy grants (市残联), latest start first; empty when there are none, ' +
      'null when the disability subgraph cannot answer. A caseworker sees those handled in their township.',
  })
  async disabilitySubsidies(@Root() p: PersonStub, @Ctx() ctx: SubgraphContext): Promise<DisabilitySubsidy[]> {
    const rows = await subsidiesByPersonId(ctx).load(p.id);
    return rows.filter((r) => inScope(ctx.identity, r.townshipCode));
  }
}
