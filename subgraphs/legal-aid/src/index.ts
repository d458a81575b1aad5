import 'reflect-metadata';
import { runSubgraph } from '@aidgraph/subgraph-kit';
import { legalAid } from './subgraph';

void runSubgraph(legalAid);
