import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { Public } from '@aidgraph/subgraph-kit';
import { LegalServiceProviderKind } from '../legal-aid-case/legal-aid-case.enums';

/** 法律援助服务机构 A provider the justice bureau assigns legal aid cases to (reference data, not personal data). */
@Public('a legal aid service provider is an organisation on the bureau\'s published list (律师事务所, 基层法律服务所, 法律援助中心): it names no assisted person')
@ObjectType({ description: '法律援助服务机构 A legal aid service provider of Jiaozhou: a law firm, a grassroots legal service office or the legal aid centre. Public reference data.' })
@Entity('legal_service_provider')
@Index('legal_service_provider_code_idx', ['code'], { unique: true })
export class LegalServiceProvider {
  @Field(() => ID, { description: 'Opaque identifier of the provider (a UUID, stable across databases).' })
  @PrimaryColumn('uuid')
  id: string;

  @Field({ description: '机构编号 The bureau\'s code of the provider, e.g. JZ-LAC.' })
  @Column('varchar', { length: 16 })
  code: string;

  @Field({ description: '机构名称 Name, e.g. 胶州市法律援助中心.' })
  @Column('varchar', { length: 60 })
  name: string;

  @Field(() => LegalServiceProviderKind, { description: '机构类型 Law firm, grassroots legal service office or legal aid centre.' })
  @Column('varchar', { length: 24 })
  kind: LegalServiceProviderKind;

  /** the township where the provider sits (9-digit code) */
  @Column('varchar', { length: 9 })
  townshipCode: string;

  @Field({ description: '是否在册 Whether the provider takes new cases (an inactive one keeps its past cases).' })
  @Column('boolean')
  active: boolean;
}
