import 'reflect-metadata';
import { runSubgraph } from '@aidgraph/subgraph-kit';
import { disasterRelief } from './subgraph';

void runSubgraph(disasterRelief);
