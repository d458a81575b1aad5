import { UseMiddleware, type MiddlewareFn } from 'type-graphql';
import { applyFieldRule, type SubgraphContext } from '@aidgraph/subgraph-kit';
import { HOUSING } from './checks';

/**
 * The access rule of a public rental dwelling's address (公租房房源地址), which is where a household lives:
 * the kit's `address` identifier rule (caseworkers and auditors see it, analysts get null, other departments' officers
 * are refused), except that housing officers, who allocate the dwelling and record its address, see it too.
 * Reads that return a value are noted for the audit log, as `@Protected` does.
 */
export function ProtectedDwellingAddress(): MethodDecorator & PropertyDecorator {
  const middleware: MiddlewareFn<SubgraphContext> = async ({ context, info, root }, next) => {
    const value = await next();
    const identity = context.identity;
    const out =
      identity.role === 'department_officer' && identity.department === HOUSING
        ? value
        : applyFieldRule({ identifier: 'address' }, identity, value);
    if (out !== null && out !== undefined) context.audit.noteRead(info.parentType.name, root, info.fieldName);
    return out;
  };
  return UseMiddleware(middleware);
}
