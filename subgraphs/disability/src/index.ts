import 'reflect-metadata';
import { ConfigError, createLogger, loadEnvFiles, runSubgraph } from '@aidgraph/subgraph-kit';
import { disability } from './subgraph';
import { subsidyRates } from './modules/disability-subsidy/disability-subsidy.rates';

if (!process.argv.includes('--print-sdl')) {
  // the subsidy rate table (DISABILITY_SUBSIDY_RATES_FILE) is configuration: a bad file stops the start, listing every problem
  try {
    loadEnvFiles(); // DISABILITY_SUBSIDY_RATES_FILE may come from .env (runSubgraph reads them too; nothing set is replaced)
    subsidyRates();
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    createLogger(disability.name).fatal({ issues: e.issues }, 'invalid configuration');
    process.exit(2);
  }
}
void runSubgraph(disability);
