import { Field, InputType } from 'type-graphql';
import { Length } from 'class-validator';
import { CivilAffairsProgramme, CoveredGroup, PersonStatus } from '../common/enums';

/** Filters of the `people` list; all given filters must hold (AND). */
@InputType({ description: 'Filters of the people list. All given filters must hold.' })
export class PersonFilter {
  @Field(() => String, { nullable: true, description: '9-digit township code (divisions.json), e.g. 370281001.' })
  townshipCode?: string | null;

  @Field(() => String, { nullable: true, description: '12-digit village/community code.' })
  villageCode?: string | null;

  @Field(() => CivilAffairsProgramme, { nullable: true, description: 'Only people with an ACTIVE enrolment in this programme. Analysts: only in a query that selects totalCount alone, which answers them null (no count for them: the statistics queries answer only those who see the rows; FORBIDDEN with rows: recipients are named on public notices).' })
  programme?: CivilAffairsProgramme | null;

  @Field(() => CoveredGroup, { nullable: true, description: 'Only people tagged with this covered group. FORBIDDEN for officers of departments other than civil affairs when the group reveals health or disability. Analysts: only in a query that selects totalCount alone, which answers them null (no count for them: the statistics queries answer only those who see the rows; FORBIDDEN with rows).' })
  coveredGroup?: CoveredGroup | null;

  @Field(() => PersonStatus, { nullable: true, description: 'Only people with this registry status.' })
  status?: PersonStatus | null;

  @Field(() => String, { nullable: true, description: 'Only people whose name starts with this (1-20 characters, case-sensitive). FORBIDDEN for analysts (it would recover masked names).' })
  @Length(1, 20)
  namePrefix?: string | null;
}
