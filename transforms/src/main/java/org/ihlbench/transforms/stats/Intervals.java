package org.ihlbench.transforms.stats;

import org.apache.commons.math3.distribution.BetaDistribution;

/**
 * Confidence intervals for rates.
 *
 * <p>{@link #wilson}: the Wilson score interval for k of n independent samples.
 *
 * <p>{@link #clustered}: for samples grouped by prompt. With one sample per prompt the samples
 * are independent and the interval is Jeffreys' (the equal-tailed interval of the Beta(k + 1/2,
 * n - k + 1/2) posterior), widened to Wilson's wherever Wilson's reaches further, and at 0 and
 * n to the one-sided exact bound ({@code wilson-jeffreys}). Each alone misses at some sizes the
 * runs meet: Wilson covers 86-92% at 5 prompts when the rate is 0.9-0.97 and 87.5% at 4 samples
 * and 0.5, Jeffreys 89% at 24 prompts and 0.9 and 92% at 100 and 0.97 (it is too short at 0 and
 * n); together they hold 93.5% or more in every cell of the grid in docs/STATISTICS.md. With several seeds per prompt the seeds are not independent, and the
 * interval is the posterior interval of a beta-binomial model of the prompts
 * ({@code beta-binomial}, see {@link RatePosterior}).
 *
 * <p>Both are monotone: one more refusal never lowers either bound ({@code
 * IntervalsMonotonicityTest}).
 */
public final class Intervals {
  /** Two-sided 95% normal quantile. */
  public static final double Z95 = 1.959963984540054;
  /** One sample per prompt. */
  public static final String WILSON_JEFFREYS = "wilson-jeffreys";
  /** Several samples of some prompt. */
  public static final String BETA_BINOMIAL = "beta-binomial";

  private Intervals() {}

  /**
   * A rate and its interval bounds, with what the interval was built from.
   *
   * @param effectiveN how many independent samples the data are worth
   * @param se the rate's standard error (for the beta-binomial interval, the posterior standard
   *     deviation); NaN with no samples
   * @param iccUpper an 80% upper bound on the intra-prompt correlation (NaN with one sample per
   *     prompt, where it does not arise)
   */
  public record Interval(double rate, double low, double high, String method, double effectiveN,
      double se, double iccUpper) implements java.io.Serializable {
    public static Interval empty(String method) {
      return new Interval(Double.NaN, Double.NaN, Double.NaN, method, 0, Double.NaN, Double.NaN);
    }
  }

  /** A figure for a nullable column: null where it is not a number. */
  public static Double orNull(double v) {
    return Double.isNaN(v) ? null : v;
  }

  /** Wilson's interval for {@code successes} of {@code n} independent samples. */
  public static Interval wilson(double successes, double n) {
    if (n <= 0) {
      return Interval.empty("wilson");
    }
    double[] b = wilsonBounds(successes, n);
    double p = successes / n;
    return new Interval(p, b[0], b[1], "wilson", n, Math.sqrt(p * (1 - p) / n), Double.NaN);
  }

  private static double[] wilsonBounds(double successes, double n) {
    double p = successes / n;
    double z2 = Z95 * Z95;
    double denom = 1 + z2 / n;
    double centre = (p + z2 / (2 * n)) / denom;
    double half = Z95 * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denom;
    // At 0 and 1 the bounds are exact; rounding must not nudge them off (or the rate out).
    double low = successes <= 0 ? 0 : Math.max(0, centre - half);
    double high = successes >= n ? 1 : Math.min(1, centre + half);
    return new double[] {low, high};
  }

  /**
   * Jeffreys' interval for k of n independent samples, widened to Wilson's where Wilson's reaches
   * further. Its standard error is the Jeffreys posterior's standard deviation.
   */
  public static Interval wilsonJeffreys(long k, long n) {
    if (n <= 0) {
      return Interval.empty(WILSON_JEFFREYS);
    }
    double[] w = wilsonBounds(k, n);
    double a = k + 0.5;
    double b = n - k + 0.5;
    // Built without a random generator: the distribution is only ever inverted here.
    BetaDistribution posterior = new BetaDistribution(null, a, b,
        BetaDistribution.DEFAULT_INVERSE_ABSOLUTE_ACCURACY);
    double low = k == 0 ? 0 : Math.min(w[0], posterior.inverseCumulativeProbability(0.025));
    double high = k == n ? 1 : Math.max(w[1], posterior.inverseCumulativeProbability(0.975));
    // With none (or all) of the samples, at least as far as the one-sided exact 95% bound
    // 1 - 0.05^(1/n) (the "rule of three"): with 4 samples both stop short of 0.5.
    if (k == 0) {
      high = Math.max(high, 1 - Math.pow(0.05, 1.0 / n));
    }
    if (k == n) {
      low = Math.min(low, Math.pow(0.05, 1.0 / n));
    }
    double se = Math.sqrt(a * b / ((a + b) * (a + b) * (a + b + 1)));
    return new Interval((double) k / n, low, high, WILSON_JEFFREYS, n, se, Double.NaN);
  }

  /**
   * The interval for sum(successes) / sum(trials) over clusters (prompts), each cluster with
   * {@code trials[i]} samples of which {@code successes[i]} succeeded; clusters without trials are
   * ignored.
   */
  public static Interval clustered(long[] successes, long[] trials) {
    long n = 0;
    long k = 0;
    long maxSize = 0;
    for (int i = 0; i < successes.length; i++) {
      n += trials[i];
      k += successes[i];
      maxSize = Math.max(maxSize, trials[i]);
    }
    if (n == 0) {
      return Interval.empty(BETA_BINOMIAL);
    }
    if (maxSize <= 1) {
      return wilsonJeffreys(k, n);
    }
    RatePosterior.Result r = RatePosterior.of(successes, trials);
    double p = (double) k / n;
    // The interval holds the rate, and is exact at 0 and 1 (no rate beyond the data's edge);
    // both only widen it, and keep one more refusal from lowering either bound.
    double low = k == 0 ? 0 : Math.min(p, r.low());
    double high = k == n ? 1 : Math.max(p, r.high());
    return new Interval(p, low, high, BETA_BINOMIAL, r.effectiveN(), r.se(), r.iccUpper());
  }
}
