package org.ihlbench.transforms.stats;

/**
 * The matched pairs of one prompt in one comparison, as a 2x2 table: the metric held on both
 * sides, on the "from" side only, on the "to" side only, or on neither.
 */
public record PairTally(long both, long fromOnly, long toOnly, long neither) {

  /**
   * Pairs the seeds of one prompt under two cells. A seed is a pair when both of its samples
   * were decided; seeds missing or undecided on either side are left out.
   */
  public static PairTally match(SeedOutcomes from, SeedOutcomes to, Metric metric) {
    long[] t = new long[4];
    from.forEach((seed, code) -> {
      byte other = to.get(seed);
      if (Metric.decided(code) && Metric.decided(other)) {
        boolean f = metric.holds(code);
        boolean g = metric.holds(other);
        t[f ? (g ? 0 : 1) : (g ? 2 : 3)]++;
      }
    });
    return new PairTally(t[0], t[1], t[2], t[3]);
  }

  public long pairs() {
    return both + fromOnly + toOnly + neither;
  }

  /** The prompt's summed difference, to minus from. */
  public long difference() {
    return toOnly - fromOnly;
  }
}
