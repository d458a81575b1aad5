import 'reflect-metadata';
import { runSubgraph } from '@aidgraph/subgraph-kit';
import { medical } from './subgraph';

void runSubgraph(medical);
