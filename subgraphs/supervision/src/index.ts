import 'reflect-metadata';
import { runSubgraph } from '@aidgraph/subgraph-kit';
import { supervision } from './subgraph';

void runSubgraph(supervision);
