import 'reflect-metadata';
import { runSubgraph } from '@aidgraph/subgraph-kit';
import { civilAffairs } from './subgraph';

void runSubgraph(civilAffairs);
