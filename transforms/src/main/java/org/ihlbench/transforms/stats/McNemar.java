package org.ihlbench.transforms.stats;

import org.apache.commons.math3.distribution.BinomialDistribution;

/**
 * McNemar's test for paired binary outcomes, exact form: under no change, each of the b + c
 * discordant pairs goes either way with probability 1/2, so the two-sided p-value is
 * min(1, 2 P(X <= min(b, c))) for X ~ Binomial(b + c, 1/2). Exact rather than the chi-square
 * approximation because the discordant counts are often small (refusal rates near 1).
 */
public final class McNemar {
  private McNemar() {}

  /** @param fromOnly pairs where only the "from" side holds (b); toOnly: only the "to" side (c) */
  public static double exactP(long fromOnly, long toOnly) {
    long n = fromOnly + toOnly;
    if (n == 0) {
      return 1.0;
    }
    if (n > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("too many discordant pairs for the exact test: " + n);
    }
    double tail = new BinomialDistribution(null, (int) n, 0.5)
        .cumulativeProbability((int) Math.min(fromOnly, toOnly));
    return Math.min(1.0, 2 * tail);
  }
}
