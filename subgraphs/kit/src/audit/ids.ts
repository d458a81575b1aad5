const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PACKED = /^[A-Za-z0-9_-]{22}$/;

/**
 * The audit log's compact form of a registry id: a UUID as its 16 bytes in base64url (22 characters instead of 36);
 * any other id unchanged. A 50-person read entry then holds 1,150 bytes of ids instead of 1,850.
 */
export function packId(id: string): string {
  return UUID.test(id) ? Buffer.from(id.replace(/-/g, ''), 'hex').toString('base64url') : id;
}

/** The registry id of a packed one (`packId`): a 22-character base64url string back to its lower-case UUID. */
export function unpackId(s: string): string {
  if (!PACKED.test(s)) return s;
  const hex = Buffer.from(s, 'base64url').toString('hex');
  if (hex.length !== 32) return s;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The `personIds` column: packed ids, space-separated. */
export function packIds(ids: readonly string[]): string {
  return ids.map(packId).join(' ');
}

/** The ids of a `personIds` column (packed or, in entries written before packing, plain). */
export function unpackIds(column: string): string[] {
  return column ? column.split(' ').filter(Boolean).map(unpackId) : [];
}
