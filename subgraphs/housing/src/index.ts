import 'reflect-metadata';
import { runSubgraph } from '@aidgraph/subgraph-kit';
import { housing } from './subgraph';

void runSubgraph(housing);
