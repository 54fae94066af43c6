/**
 * Where uploaded files live. One interface, two drivers: a local directory (default, under
 * .data/) and any S3-compatible store. Drivers know nothing of tenants or visibility: the keys
 * carry both (server/storage/keys.ts), and only the app's authorised route serves objects, so a
 * bucket stays private and nothing is publicly listable.
 */
export interface StoredObject {
  bytes: Buffer;
  contentType: string;
}

export interface StorageDriver {
  put(key: string, bytes: Buffer, contentType: string): Promise<void>;
  /** null when there is no such object. */
  get(key: string): Promise<StoredObject | null>;
  delete(key: string): Promise<void>;
}
