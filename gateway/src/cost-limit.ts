/**
 * The gateway's cost limit is the kit's (subgraphs/kit/src/server/cost-limit.ts): one estimator, used here for the
 * whole federated operation and in each subgraph for callers that reach it directly. See `estimateCost` there.
 */
export { costLimit, estimateCost, DEFAULT_LIST_SIZE, DEFAULT_PAGE } from '@aidgraph/subgraph-kit';
