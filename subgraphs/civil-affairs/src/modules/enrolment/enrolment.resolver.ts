import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { TownshipType, type SubgraphContext, Protected } from '@aidgraph/subgraph-kit';
import { Enrolment } from './enrolment.entity';
import { EndEnrolmentInput, RecordEnrolmentInput } from './enrolment.input';
import { endEnrolment, recordEnrolment } from './enrolment.service';
import { Person } from '../person/person.entity';
import { personById } from '../person/person.loader';

@Resolver(() => Enrolment)
export class EnrolmentResolver {
  @Protected('quasi.coarse')
  @FieldResolver(() => TownshipType, { description: 'The township handling the case.' })
  township(@Root() e: Enrolment): TownshipType | null {
    return TownshipType.of(e.townshipCode);
  }

  @Protected('quasi.programme') // who is enrolled: the programme's membership
  @FieldResolver(() => Person, { nullable: true, description: 'The enrolled person.' })
  person(@Root() e: Enrolment, @Ctx() ctx: SubgraphContext): Promise<Person | null> {
    return personById(ctx).load(e.personId);
  }

  @Mutation(() => Enrolment, {
    description:
      'Record a confirmed civil-affairs enrolment (caseworkers of the person\'s township, civil-affairs officers). ' +
      'BAD_USER_INPUT for invalid dates or amounts; FORBIDDEN for a caller who may not write civil-affairs records (checked ' +
      'before the person is looked up), NOT_FOUND for an unknown person, FORBIDDEN for a caseworker of another township; ' +
      'BAD_USER_INPUT BEFORE_BIRTH for a start before the person\'s birth date. CONFLICT ALREADY_ENROLLED when its period ' +
      '(dates inclusive, open-ended) overlaps another enrolment of the person in the same programme (not for TEMPORARY), ' +
      'CONFLICT EXCLUSIVE_PROGRAMMES when it overlaps one in the exclusive programme (DIBAO and TEKUN exclude each other; ' +
      'MARGINAL beside DIBAO is single-person coverage) — whether the other is running today or has ended; concurrent ' +
      'enrolments of one person run one after the other.',
  })
  recordEnrolment(@Arg('input', { description: 'The confirmed enrolment.' }) input: RecordEnrolmentInput, @Ctx() ctx: SubgraphContext): Promise<Enrolment> {
    return recordEnrolment(ctx, input);
  }

  @Mutation(() => Enrolment, {
    description:
      'End an active enrolment (停保) (caseworkers of its township, civil-affairs officers). FORBIDDEN for other callers before ' +
      'any lookup; NOT_FOUND for an unknown enrolment; CONFLICT when it has already ended; CONFLICT ALREADY_ENROLLED or ' +
      'EXCLUSIVE_PROGRAMMES when an end later than the one on record (a phase-out\'s) would make it overlap another enrolment.',
  })
  endEnrolment(@Arg('input', { description: 'Which enrolment ends, and when.' }) input: EndEnrolmentInput, @Ctx() ctx: SubgraphContext): Promise<Enrolment> {
    return endEnrolment(ctx, input);
  }
}
