package org.ihlbench.transforms;

import java.nio.charset.StandardCharsets;

/**
 * Joins and de-duplications here group by a bucket of the id (a hash of it, modulo a count)
 * rather than by the id itself, and finish the work in memory inside each bucket.
 *
 * <p>Why: a group per id makes one bundle per id on the Direct runner, and Beam 2.62's Direct
 * runner re-translates every downstream transform for every bundle (tens of milliseconds each),
 * which turned a few hundred samples into minutes. Buckets sized to about a thousand elements
 * keep memory per group small on a cluster and bundles few on one machine.
 */
public final class Buckets {
  /** Aim for about this many elements per bucket. */
  static final long PER_BUCKET = 1000;
  static final int MIN = 8;
  static final int MAX = 1 << 20;

  private Buckets() {}

  /** How many buckets to use for about {@code expectedElements} elements. */
  public static int forElements(long expectedElements) {
    long b = (expectedElements + PER_BUCKET - 1) / PER_BUCKET;
    return (int) Math.max(MIN, Math.min(MAX, b));
  }

  /** The bucket of an id: a stable hash, the same on every JVM. */
  public static int of(String id, int buckets) {
    // FNV-1a over UTF-8, not String.hashCode, so the spread does not depend on id patterns.
    long h = 0xcbf29ce484222325L;
    for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
      h ^= (b & 0xff);
      h *= 0x100000001b3L;
    }
    return (int) Math.floorMod(h ^ (h >>> 32), (long) buckets);
  }
}
