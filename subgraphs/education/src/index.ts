import 'reflect-metadata';
import { runSubgraph } from '@aidgraph/subgraph-kit';
import { education } from './subgraph';

void runSubgraph(education);
