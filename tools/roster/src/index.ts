/** Roster import (花名册导入): departments' CSV/XLSX rosters into their subgraph's database. */
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
