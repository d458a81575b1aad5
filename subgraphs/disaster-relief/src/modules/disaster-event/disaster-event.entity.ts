import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryColumn, type ValueTransformer } from 'typeorm';
import { Public } from '@aidgraph/subgraph-kit';
import { EmergencyResponseLevel, HazardType } from './disaster-event.enums';

/** Township codes stored as one comma-separated column (at most 14 codes of 9 digits), read back as a sorted list. */
export const townshipCodesColumn: ValueTransformer = {
  to: (codes: string[] | null | undefined) => (codes == null ? codes : [...codes].sort().join(',')),
  from: (v: string | null) => (v == null || v === '' ? [] : v.split(',')),
};

/**
 * 灾害事件 A natural disaster as the emergency management bureau records it: the hazard, its dates, the townships it hit
 * and the emergency response declared. Relief is only ever granted for an event, to a household assessed for it.
 */
@Public('a disaster event is announced publicly (灾情信息发布, 自然灾害救助条例 第十四条): its name, hazard, dates, townships and response level name no person or household')
@ObjectType({
  description:
    '灾害事件 A natural disaster recorded by the emergency management bureau (市应急管理局): its hazard, dates, the townships ' +
    'affected and the emergency response level. Public: disasters are announced (灾情发布) and name no one.',
})
@Entity('disaster_event')
@Index('disaster_event_start_idx', ['startDate', 'id'])
@Index('disaster_event_name_idx', ['name'])
export class DisasterEvent {
  @Field(() => ID, { description: 'Opaque identifier of the event (a UUID).' })
  @PrimaryColumn('uuid')
  id: string;

  @Field({ description: '灾害名称 Name of the event as announced (2-60 characters), e.g. 2024年7月胶州暴雨洪涝灾害; unique.' })
  @Column('varchar', { length: 60 })
  name: string;

  @Field(() => HazardType, { description: '灾种 The hazard.' })
  @Column('varchar', { length: 28 })
  hazardType: HazardType;

  @Field({ description: '开始日期 First day of the disaster (ISO YYYY-MM-DD). No assessment or relief is dated before it.' })
  @Column('date')
  startDate: string;

  @Field(() => String, { nullable: true, description: '结束日期 Last day of the disaster (ISO), on or after the start; null while it goes on.' })
  @Column('date', { nullable: true })
  endDate: string | null;

  @Field(() => EmergencyResponseLevel, { nullable: true, description: '应急响应级别 The emergency response level declared (Ⅰ-Ⅳ); null when no response was launched.' })
  @Column('varchar', { length: 10, nullable: true })
  responseLevel: EmergencyResponseLevel | null;

  /** 受灾乡镇 the 9-digit codes of the townships affected (sorted); households are assessed only there */
  @Column('varchar', { length: 160, transformer: townshipCodesColumn })
  affectedTownshipCodes: string[];
}
