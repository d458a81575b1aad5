/**
 * @aidgraph/population — the deterministic population of Jiaozhou that the demo data and the population generator come
 * from (same seed and size, same people on every machine), and its bulk seeding: each department's PopulationSeeder
 * turns the households into its own rows, loadPopulation writes them in bulk.
 * Used by the tools (`npm run generate`, the benchmarks, the roster tests), the departments' seeds and the test
 * harnesses. A subgraph loads it only when it seeds the demo population (SEED_DEMO, development): the kit imports it
 * lazily then, and each department's definition loads its seeder lazily.
 */
export * from './random';
export * from './names';
export * from './population';
export * from './seeding';
export * from './bulk-load';
