import { Directive, Field, ObjectType } from 'type-graphql';
import { townshipByCode } from '../domain/divisions';
import { Public } from '../access/declarations';

/**
 * 乡镇/街道 A township of Jiaozhou as a GraphQL value type, shared by every subgraph (`@shareable`): each department's
 * records carry the code of the township that handles them, and resolve it to this.
 */
@Directive('@shareable')
@Public('a township of the national division codes is reference data: its code, name and kind name no person (which township a person or record belongs to is classified where it is reached)')
@ObjectType('Township', { description: '乡镇/街道 A township (town 镇, subdistrict 街道 or zone 功能区) of Jiaozhou, from the national division codes.' })
export class TownshipType {
  @Field({ description: '9-digit division code (统计用区划代码), e.g. 370281001.' })
  code: string;

  @Field({ description: 'Official name, e.g. 阜安街道.' })
  name: string;

  @Field({ description: 'SUBDISTRICT (街道), TOWN (镇) or ZONE (功能区).' })
  kind: string;

  /** The township for a code (a historic code resolves to its successor), or null for an unknown code. */
  static of(code: string | null | undefined): TownshipType | null {
    const t = code ? townshipByCode(code) : undefined;
    if (!t) return null;
    return Object.assign(new TownshipType(), { code: t.code, name: t.name, kind: t.kind.toUpperCase() });
  }
}
