/**
 * 救助类别 The civil-affairs category, owned by the civil-affairs subgraph (`Person.assistanceCategory`). Medical does not
 * store it: it requires it through federation (@requires) and applies its policy table to it. The enum is the kit's,
 * identical in every subgraph.
 */
export { AssistanceCategory, asAssistanceCategory } from '@aidgraph/subgraph-kit';
