import 'reflect-metadata';
import { runSubgraph } from '@aidgraph/subgraph-kit';
import { serviceCentre } from './subgraph';

void runSubgraph(serviceCentre);
