import 'reflect-metadata';
import { runSubgraph } from '@aidgraph/subgraph-kit';
import { {{nameCamel}} } from './subgraph';

void runSubgraph({{nameCamel}});
