import { IdempotencyKeyField } from '@aidgraph/subgraph-kit';
import { Field, ID, InputType } from 'type-graphql';
import { DisabilityCategory, DisabilityCertificateRevocationReason, DisabilityCertificateStatus, DisabilityGrade } from './disability-certificate.enums';

@InputType({
  description:
    'Filters of the disability certificate list; all given filters must hold. Filtering by category, grade or severity ' +
    'needs a role that may see them (FORBIDDEN for other departments\' officers). Each given filter is checked against ' +
    'the access classification (FORBIDDEN, from the query alone): analysts may not filter by personId (one person\'s records).',
})
export class DisabilityCertificateFilter {
  @Field(() => DisabilityCategory, { nullable: true, description: 'Only certificates of this category (sensitive filter).' })
  category?: DisabilityCategory | null;

  @Field(() => DisabilityGrade, { nullable: true, description: 'Only certificates of this grade (sensitive filter).' })
  grade?: DisabilityGrade | null;

  @Field(() => Boolean, { nullable: true, description: 'true: only grades 1-2 (重度, severe); false: only grades 3-4 (sensitive filter).' })
  severe?: boolean | null;

  @Field(() => DisabilityCertificateStatus, { nullable: true, description: 'Only certificates with this status.' })
  status?: DisabilityCertificateStatus | null;

  @Field(() => String, { nullable: true, description: 'Only certificates handled by this township (9-digit code).' })
  townshipCode?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only the certificates of this person (registry id).' })
  personId?: string | null;
}

@InputType({
  description:
    'A disability certificate to issue (federation officers), after the disability assessment (残疾评定). The number as ' +
    'typed is normalised (full-width characters, lower-case x/b, spaces and hyphens) and must agree with itself: its ID ' +
    'part a valid resident ID number, its 19th and 20th digits equal to `category` and `grade`.',
})
export class IssueDisabilityCertificateInput {
  @Field(() => ID, { description: 'The holder (registry person id).' })
  personId: string;

  @Field({ description: '残疾人证号 The certificate number: 20 characters, or 22 with a reissue suffix B1-B9.' })
  number: string;

  @Field(() => DisabilityCategory, { description: '残疾类别 Category; must equal the number\'s 19th digit.' })
  category: DisabilityCategory;

  @Field(() => DisabilityGrade, { description: '残疾等级 Grade; must equal the number\'s 20th digit.' })
  grade: DisabilityGrade;

  @Field({ description: '发证日期 Date of issue, ISO YYYY-MM-DD, not in the future and not before the holder\'s birth date.' })
  issuedOn: string;

  @Field({ description: '有效期至 Last day of validity, ISO YYYY-MM-DD, after `issuedOn`.' })
  expiresOn: string;

  @Field({ description: '9-digit code of the township whose federation office handles the holder.' })
  townshipCode: string;

  @Field(() => String, {
    nullable: true,
    description:
      '公民身份号码 The holder\'s resident ID number as shown on the registry or the ID card, when at hand: the number\'s ' +
      'ID part must then be the same person\'s (BAD_USER_INPUT otherwise). Never stored.',
  })
  holderIdNumber?: string | null;

  @Field(() => ID, {
    nullable: true,
    description:
      'The VALID certificate of the same person that this one supersedes (换发/补发: renewal, reissue after loss, or a ' +
      're-assessment); it becomes REPLACED. Required when the person already holds a VALID certificate.',
  })
  replacesCertificateId?: string | null;

  @IdempotencyKeyField()
  idempotencyKey?: string | null;
}

@InputType({
  description:
    'A correction of a certificate record (federation officers): only the fields given change, and the result must ' +
    'still agree with itself and with the holder\'s other certificates.',
})
export class CorrectDisabilityCertificateInput {
  @Field(() => ID, { description: 'The certificate record to correct.' })
  id: string;

  @Field(() => String, { nullable: true, description: 'Corrected certificate number (normalised as on issue).' })
  number?: string | null;

  @Field(() => DisabilityCategory, { nullable: true, description: 'Corrected category; must equal the (new) number\'s 19th digit.' })
  category?: DisabilityCategory | null;

  @Field(() => DisabilityGrade, { nullable: true, description: 'Corrected grade; must equal the (new) number\'s 20th digit.' })
  grade?: DisabilityGrade | null;

  @Field(() => String, { nullable: true, description: 'Corrected date of issue, ISO YYYY-MM-DD.' })
  issuedOn?: string | null;

  @Field(() => String, { nullable: true, description: 'Corrected last day of validity, ISO YYYY-MM-DD.' })
  expiresOn?: string | null;

  @Field(() => String, { nullable: true, description: 'Corrected 9-digit township code.' })
  townshipCode?: string | null;

  @Field(() => String, { nullable: true, description: 'The holder\'s resident ID number, when at hand, to check the number against. Never stored.' })
  holderIdNumber?: string | null;
}

@InputType({ description: 'Revocation (注销) of a certificate (federation officers). The holder\'s active disability subsidies end on that date.' })
export class RevokeDisabilityCertificateInput {
  @Field(() => ID, { description: 'The certificate record to revoke (VALID).' })
  id: string;

  @Field({ description: '注销日期 Date of revocation, ISO YYYY-MM-DD, not before the date of issue and not in the future.' })
  revokedOn: string;

  @Field(() => DisabilityCertificateRevocationReason, { description: '注销原因 Why the certificate is revoked.' })
  reason: DisabilityCertificateRevocationReason;
}
