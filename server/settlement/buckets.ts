/**
 * How a sweep cuts a brand's due commissions into chunks (pure; sweep.ts and run.ts do the I/O).
 *
 * Every queued commission carries its earner's bucket, a hash of the distributor id into one of
 * SETTLEMENT_BUCKETS (fx_settlement_bucket, migration 0050). A chunk is a range of whole buckets,
 * so all of an earner's due commissions settle in the same chunk, under one journal: cut by
 * count alone, the bench brand's 313,000 due commissions made 79,000 settlement journals in
 * chunks of 50,000; by buckets, one per earner, about 49,000. Chunks are independent (no earner
 * in two), so they can run on several connections at once without waiting on each other's
 * account rows.
 */
export const SETTLEMENT_BUCKETS = 64;

export interface BucketRange {
  from: number;
  to: number;
}

/**
 * Packs consecutive buckets (with their due counts) into ranges of at most `limit` commissions.
 * A bucket larger than `limit` is a range of its own (settled in several chunks); buckets with
 * nothing due are left out.
 */
export function bucketRanges(counts: readonly { bucket: number; n: number }[], limit: number): BucketRange[] {
  const ranges: BucketRange[] = [];
  let open: (BucketRange & { n: number }) | null = null;
  for (const { bucket, n } of [...counts].filter((c) => c.n > 0).sort((a, b) => a.bucket - b.bucket)) {
    if (open && open.n + n <= limit) {
      open.to = bucket;
      open.n += n;
      continue;
    }
    if (open) ranges.push({ from: open.from, to: open.to });
    open = { from: bucket, to: bucket, n };
  }
  if (open) ranges.push({ from: open.from, to: open.to });
  return ranges;
}
