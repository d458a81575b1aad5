import { Field, ID, InputType, Int } from 'type-graphql';
import { IdempotencyKeyField, classifyCoordinates } from '@aidgraph/subgraph-kit';
import { EmergencyResponseLevel, HazardType } from './disaster-event.enums';

@InputType({ description: 'Filters of the disaster event list. All given filters must hold. Public, like the events.' })
export class DisasterEventFilter {
  @Field(() => HazardType, { nullable: true, description: 'Only events of this hazard.' })
  hazardType?: HazardType | null;

  @Field(() => String, { nullable: true, description: 'Only events that affected this township (9-digit code).' })
  townshipCode?: string | null;

  @Field(() => Int, { nullable: true, description: 'Only events that started in this calendar year (2000-2099).' })
  year?: number | null;
}

// an event is public: so are the filters of its list (assertFiltersAllowed refuses an unclassified filter to everyone)
classifyCoordinates({
  'DisasterEventFilter.hazardType': { class: 'public', kind: 'filter', note: 'disaster events are announced publicly' },
  'DisasterEventFilter.townshipCode': { class: 'public', kind: 'filter', note: 'disaster events are announced publicly' },
  'DisasterEventFilter.year': { class: 'public', kind: 'filter', note: 'disaster events are announced publicly' },
});

@InputType({ description: 'A disaster event to record (市应急管理局 officers).' })
export class RecordDisasterEventInput {
  @Field({ description: '灾害名称 Name as announced, 2-60 characters, unique (the relief roster names the event by it).' })
  name: string;

  @Field(() => HazardType, { description: '灾种 The hazard.' })
  hazardType: HazardType;

  @Field({ description: '开始日期 First day (ISO YYYY-MM-DD), from 2019-03-02, not in the future.' })
  startDate: string;

  @Field(() => String, { nullable: true, description: '结束日期 Last day (ISO), on or after the start, not in the future; omitted while it goes on.' })
  endDate?: string | null;

  @Field(() => EmergencyResponseLevel, { nullable: true, description: '应急响应级别 The response level declared; omitted when none was launched.' })
  responseLevel?: EmergencyResponseLevel | null;

  @Field(() => [String], { description: '受灾乡镇 The 9-digit codes of the townships affected: 1 to 14, no repeats.' })
  affectedTownshipCodes: string[];

  @IdempotencyKeyField()
  idempotencyKey?: string | null;
}

@InputType({ description: 'A correction of a disaster event: only the fields given change.' })
export class CorrectDisasterEventInput {
  @Field(() => ID, { description: 'The event to correct.' })
  id: string;

  @Field(() => String, { nullable: true, description: 'Corrected name (2-60 characters, unique).' })
  name?: string | null;

  @Field(() => String, { nullable: true, description: 'The last day (ISO), on or after the start, not in the future (e.g. when the disaster is over).' })
  endDate?: string | null;

  @Field(() => EmergencyResponseLevel, { nullable: true, description: 'The response level declared (raised or lowered).' })
  responseLevel?: EmergencyResponseLevel | null;

  @Field(() => [String], {
    nullable: true,
    description: 'The whole corrected list of affected townships (1 to 14 codes). A township with assessments of this event may not be removed (CONFLICT TOWNSHIP_HAS_ASSESSMENTS).',
  })
  affectedTownshipCodes?: string[] | null;
}
