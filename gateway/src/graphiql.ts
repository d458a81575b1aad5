import { renderGraphiQL } from '@graphql-yoga/render-graphiql';

const DEFAULT_QUERY = `# AidGraph — Jiaozhou's social assistance graph.
# Every request needs a token: run \`npm run token -- --role analyst\` and put it in the Headers tab:
#   { "Authorization": "Bearer <token>" }
# Analysts see gender, age band and township per row (each combination shared by at least 5 people) and count the rest.
query FirstPeople {
  people(first: 5) {
    totalCount
    edges { node { id name gender ageBand township { name } } }
  }
  dibaoRecipients: people(filter: { programme: DIBAO }) { totalCount }
}
`;

/**
 * The self-hosted GraphiQL page for analysts (no CDN: the page and its scripts come from @graphql-yoga/render-graphiql).
 * The Headers tab is where the Authorization header goes.
 */
export function graphiqlPage(): string {
  return renderGraphiQL({
    endpoint: '/graphql',
    title: 'AidGraph GraphiQL',
    defaultQuery: DEFAULT_QUERY,
    headers: JSON.stringify({ Authorization: 'Bearer <paste the output of: npm run token -- --role analyst>' }, null, 2),
    shouldPersistHeaders: false,
    favicon: 'data:,',
    logo: ' ',
  } as Parameters<typeof renderGraphiQL>[0] & { endpoint: string });
}
