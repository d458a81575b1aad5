/**
 * @aidgraph/roster — roster import (花名册导入): departments' CSV/XLSX rosters into their subgraph's database. Each
 * department writes its adapters (src/roster/<name>.roster.ts) with it; `npm run import` (tools/src/import.ts) runs them.
 * Built on the subgraph kit (context, audited writes, transactions, the registry lookup); the kit does not load it.
 */
export * from './cells';
export * from './reasons';
export * from './parsers';
export * from './read';
export * from './write';
export * from './adapter';
export * from './mapping';
export * from './registry';
export * from './runner';
export * from './report';
export * from './within-transaction';
