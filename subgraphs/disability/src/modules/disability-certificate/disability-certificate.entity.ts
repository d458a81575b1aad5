import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { Protected } from '@aidgraph/subgraph-kit';
import {
  DisabilityCategory, DisabilityCertificateRevocationReason, DisabilityCertificateStatus, DisabilityGrade,
} from './disability-certificate.enums';

export const DEPARTMENT = 'DISABLED_PERSONS_FEDERATION';

/**
 * 残疾人证 A second-generation disability certificate issued by the federation (残联). The number is resolved by
 * DisabilityCertificateResolver (null for analysts, who get no certificate rows anyway); category and grade are the federation's sensitive data.
 */
// class health.disability for every field without its own rule
@Protected('health.disability')
@ObjectType({
  description:
    '残疾人证 A second-generation disability certificate (第二代残疾人证) issued by the disabled persons\' federation (市残联). ' +
    'Its number is the holder\'s resident ID number followed by the category and grade digits (and B1-B9 for a reissue); ' +
    'number, category and grade are sensitive data of the federation.',
})
@Entity('disability_certificate')
@Index('disability_certificate_number_uq', ['number'], { unique: true })
@Index('disability_certificate_person_idx', ['personId'])
@Index('disability_certificate_township_idx', ['townshipCode', 'id'])
@Index('disability_certificate_category_idx', ['category', 'grade', 'id'])
export class DisabilityCertificate {
  @Field(() => ID, { description: 'Opaque identifier of the certificate record (a UUID).' })
  @PrimaryColumn('uuid')
  id: string;

  /** the registry person (civil affairs owns the person; this is only the key) */
  @Column('uuid')
  personId: string;

  /** canonical certificate number (20 or 22 characters); exposed through the resolver */
  @Column('varchar', { length: 22 })
  number: string;

  @Field(() => DisabilityCategory, {
    description:
      '残疾类别 Category of disability; equals the number\'s 19th digit. Sensitive: the federation\'s officers, caseworkers ' +
      'and auditors; FORBIDDEN for other departments\' officers; analysts get no certificate rows, only counts by category.',
  })
  @Protected({ sensitiveOf: DEPARTMENT })
  @Column('varchar', { length: 16 })
  category: DisabilityCategory;

  @Field(() => DisabilityGrade, {
    description:
      '残疾等级 Grade of disability (一级 to 四级); equals the number\'s 20th digit. Sensitive, like `category`.',
  })
  @Protected({ sensitiveOf: DEPARTMENT })
  @Column('integer')
  grade: DisabilityGrade;

  @Field(() => String, { nullable: true, description: '发证日期 Date of issue, ISO YYYY-MM-DD. Class quasi.date: null for analysts (a record date singles its person out).' })
  @Protected('quasi.date')
  @Column('date')
  issuedOn: string;

  @Field(() => String, { nullable: true, description: '有效期至 Last day of validity, ISO YYYY-MM-DD (a certificate is renewed before it expires). Class quasi.date: null for analysts (a record date singles its person out).' })
  @Protected('quasi.date')
  @Column('date')
  expiresOn: string;

  @Field(() => DisabilityCertificateStatus, { description: '证件状态 Status of the certificate.' })
  @Column('varchar', { length: 12 })
  status: DisabilityCertificateStatus;

  @Field(() => String, { nullable: true, description: '注销日期 Date of revocation (ISO), null unless REVOKED. Class quasi.date: null for analysts (a record date singles its person out).' })
  @Protected('quasi.date')
  @Column('date', { nullable: true })
  revokedOn: string | null;

  @Field(() => DisabilityCertificateRevocationReason, { nullable: true, description: '注销原因 Why it was revoked, null unless REVOKED.' })
  @Column('varchar', { length: 24, nullable: true })
  revocationReason: DisabilityCertificateRevocationReason | null;

  /** township whose federation office handles the holder (9-digit code) */
  @Column('varchar', { length: 9 })
  townshipCode: string;
}
