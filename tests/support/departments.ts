import fs from 'node:fs';
import path from 'node:path';
import { buildASTSchema, getNamedType, isCompositeType, parse, type GraphQLObjectType } from 'graphql';
import { ROOT, SUPERGRAPH_FILE } from './stack';

/**
 * The subgraphs as schema/subgraphs.json lists them — the one place that holds the list — for tests that go over every
 * department: a department added there (README, "Adding a department") is covered without editing any test.
 */
export interface ListedSubgraph {
  name: string;
  dir: string;
  /** the department code that owns it (programmes.json), e.g. JUSTICE */
  department: string;
  /** its default URL */
  url: string;
  /** the fields it adds to Person */
  personFields: string[];
}

/** The subgraph that owns Person itself (the registry): with it down there is no person at all, not a partial one. */
export const REGISTRY = 'civil-affairs';

/** Every subgraph of schema/subgraphs.json, in its order. */
export function listedSubgraphs(): ListedSubgraph[] {
  return JSON.parse(fs.readFileSync(path.join(ROOT, 'schema/subgraphs.json'), 'utf8')).subgraphs;
}

/** The departments that add fields to a Person the registry owns: every listed subgraph but the registry. */
export function departments(): ListedSubgraph[] {
  return listedSubgraphs().filter((s) => s.name !== REGISTRY);
}

/**
 * One query for a person (`$id`) selecting every field every listed subgraph adds to Person (objects down to their
 * __typename), with the person's id: what each department contributes, and nothing a department could not answer.
 */
export function personFieldsQuery(): string {
  const schema = buildASTSchema(parse(fs.readFileSync(SUPERGRAPH_FILE, 'utf8')), { assumeValidSDL: true });
  const person = schema.getType('Person') as GraphQLObjectType;
  const fields = listedSubgraphs().flatMap((s) => s.personFields);
  const select = fields.map((name) => {
    const field = person.getFields()[name];
    if (!field) throw new Error(`schema/subgraphs.json lists Person.${name}, which the supergraph does not have`);
    const required = field.args.filter((a) => a.type.toString().endsWith('!') && a.defaultValue === undefined);
    if (required.length) throw new Error(`Person.${name} has required arguments (${required.map((a) => a.name).join(', ')}): give personFieldsQuery values for them`);
    return isCompositeType(getNamedType(field.type)) ? `${name} { __typename }` : name;
  });
  return `query ($id: ID!) { person(id: $id) { id ${select.join(' ')} } }`;
}
