/** Statistics for analysts with small-cell suppression and cell-key perturbation, and fund use (issue 9 item 4): see statistics.ts, fund-use.ts, suppression.ts, perturbation.ts. */
export * from './suppression';
export * from './statistics';
export * from './fund-use';
export * from './perturbation';
export * from './grid';
