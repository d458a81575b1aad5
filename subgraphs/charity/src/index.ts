import 'reflect-metadata';
import { runSubgraph } from '@aidgraph/subgraph-kit';
import { charity } from './subgraph';

void runSubgraph(charity);
