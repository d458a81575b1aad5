import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { Protected } from '../access/policy';

/**
 * The health facts civil affairs' household economic verification (家庭经济状况核对) draws from the other departments
 * THROUGH THE GRAPH: the disability federation adds `Person.verificationDisabilityFacts` and medical security
 * `Person.verificationGraveIllnessFacts`, both `@inaccessible` (internal to the supergraph: not in the API schema, so no
 * client can select them; only the query planner fetches them, for civil affairs' `@requires`). Each fact names its
 * person, so that civil affairs matches it to the household member whatever the order of the members. The fact types
 * are value types shared by the three subgraphs (defined once here so that they compose identically), and inaccessible
 * too. The departments answer them with the caller's token, under their own access rules: a caller who may not see a
 * department's health data gets FORBIDDEN (other departments' officers, a village assistant) or nothing (another
 * township's caseworker: only the records handled in the caller's township; analysts), so the verification never uses
 * more than the caller may see.
 */

/** 残疾人证事实 One disability certificate of a person as the verification rules read it. */
@Directive('@shareable')
@Directive('@inaccessible')
@Protected({ sensitiveOf: 'DISABLED_PERSONS_FEDERATION' })
@ObjectType('VerificationDisabilityFact', {
  description:
    '残疾人证事实 One disability certificate of a person as household economic verification reads it (internal to the ' +
    'supergraph, @inaccessible): category, grade and the days it is in force. Class health.disability.',
})
export class VerificationDisabilityFact {
  @Field(() => ID, { nullable: true, description: 'The registry person id of the holder.' })
  personId: string;

  @Field(() => ID, { nullable: true, description: 'The certificate record\'s opaque id (DisabilityCertificate.id), named in the verification\'s explanation.' })
  certificateId: string;

  @Field(() => String, { nullable: true, description: '残疾类别 VISUAL, HEARING, SPEECH, PHYSICAL, INTELLECTUAL, MENTAL or MULTIPLE (the DisabilityCategory value).' })
  category: string;

  @Field(() => Int, { nullable: true, description: '残疾等级 The grade, 1 (most severe) to 4.' })
  grade: number;

  @Field(() => String, { nullable: true, description: 'First day in force (the issue date), ISO.' })
  validFrom: string;

  @Field(() => String, { nullable: true, description: 'Last day in force, ISO: the expiry date, or the day before its revocation or before the issue of the certificate that replaced it.' })
  validTo: string;
}

/** 重特大疾病事实 One episode of grave illness of a person as the verification rules read it. */
@Directive('@shareable')
@Directive('@inaccessible')
@Protected({ sensitiveOf: 'MEDICAL_SECURITY' })
@ObjectType('VerificationGraveIllnessFact', {
  description:
    '重特大疾病事实 One recorded medical claim of a person that shows a grave illness, as household economic verification reads ' +
    'it (internal to the supergraph, @inaccessible): a claim that critical-illness insurance (大病保险) paid part of, since ' +
    'its admission date, last treated on its discharge date. No diagnosis. Class health.medical.',
})
export class VerificationGraveIllnessFact {
  @Field(() => ID, { nullable: true, description: 'The registry person id of the patient.' })
  personId: string;

  @Field(() => ID, { nullable: true, description: 'The claim\'s opaque id (MedicalClaim.id), named in the verification\'s explanation.' })
  claimId: string;

  @Field(() => String, { nullable: true, description: 'Since when: the admission date of the claim, ISO.' })
  since: string;

  @Field(() => String, { nullable: true, description: 'Last treated: the discharge date of the claim, ISO.' })
  lastTreatedOn: string;
}
