package org.ihlbench.transforms.stats;

/**
 * Confidence intervals for rates.
 *
 * <p>{@link #wilson}: the Wilson score interval, for independent samples (one per prompt).
 *
 * <p>{@link #clustered}: for repeated samples of the same prompts. Seeds of one prompt are not
 * independent, so the variance of the rate is estimated with the cluster-robust (sandwich)
 * estimator over prompts, as in Miller, "Adding Error Bars to Evals" (arXiv 2411.00640), with the
 * usual c / (c - 1) small-sample factor (CR1). Its ratio to the binomial variance is the design
 * effect; the Wilson interval is then taken at the effective sample size n / design effect, which
 * keeps Wilson's good behaviour near 0 and 1 where a plain normal interval fails. Because that
 * variance is estimated from only c clusters, the effective size is further scaled by
 * (z / t_{c-1})^2 (Korn and Graubard 1998), which is the same as using Student's t quantile in
 * Wilson's formula. The design effect is never taken below 1.
 *
 * <p>Why this form: a coverage simulation (IntervalsCoverageTest; figures in docs/STATISTICS.md)
 * found the interval without the c / (c - 1) factor and with a normal quantile under-covering
 * (90-93%) with 10-24 prompts, as in a breakdown by chapter, while with 100-322 prompts both
 * forms cover 94-96%.
 */
public final class Intervals {
  /** Two-sided 95% normal quantile. */
  public static final double Z95 = 1.959963984540054;

  private Intervals() {}

  /** A rate and its interval bounds. */
  public record Interval(double rate, double low, double high, String method, double effectiveN)
      implements java.io.Serializable {
    public static Interval empty(String method) {
      return new Interval(Double.NaN, Double.NaN, Double.NaN, method, 0);
    }
  }

  public static Interval wilson(double successes, double n) {
    return wilson(successes, n, n, "wilson");
  }

  /** Wilson's interval for the rate successes / n, as if from {@code effectiveN} trials. */
  static Interval wilson(double successes, double n, double effectiveN, String method) {
    return wilson(successes, n, effectiveN, effectiveN, method);
  }

  /**
   * Wilson's interval for successes / n with the bounds taken at {@code boundsN} trials, reporting
   * {@code effectiveN}.
   */
  private static Interval wilson(double successes, double n, double boundsN, double effectiveN,
      String method) {
    if (n <= 0) {
      return Interval.empty(method);
    }
    double p = successes / n;
    double m = boundsN;
    double z2 = Z95 * Z95;
    double denom = 1 + z2 / m;
    double centre = (p + z2 / (2 * m)) / denom;
    double half = Z95 * Math.sqrt(p * (1 - p) / m + z2 / (4 * m * m)) / denom;
    // At 0 and 1 the bounds are exact; rounding must not nudge them off (or the rate out).
    double low = successes <= 0 ? 0 : Math.max(0, centre - half);
    double high = successes >= n ? 1 : Math.min(1, centre + half);
    return new Interval(p, low, high, method, effectiveN);
  }

  /**
   * The interval for sum(successes) / sum(trials) over clusters (prompts), each cluster with
   * {@code trials[i]} samples of which {@code successes[i]} succeeded.
   */
  public static Interval clustered(long[] successes, long[] trials) {
    int c = 0;
    long n = 0;
    long k = 0;
    int maxSize = 0;
    for (int i = 0; i < successes.length; i++) {
      n += trials[i];
      k += successes[i];
      maxSize = (int) Math.max(maxSize, trials[i]);
      c += trials[i] > 0 ? 1 : 0;
    }
    if (n == 0) {
      return Interval.empty("cluster-wilson");
    }
    if (maxSize <= 1) {
      return wilson(k, n);
    }
    if (k == 0 || k == n || c < 2) {
      // No spread to estimate a design effect from: count each prompt once, the most cautious
      // reading of perfectly correlated seeds, and no less than one sample per prompt would say.
      return wilson(k, n, Math.max(1, c), "cluster-wilson");
    }
    double p = (double) k / n;
    double ss = 0;
    for (int i = 0; i < successes.length; i++) {
      double resid = successes[i] - p * trials[i];
      ss += resid * resid;
    }
    double clusteredVar = (double) c / (c - 1) * ss / ((double) n * n);
    double binomialVar = p * (1 - p) / n;
    double designEffect = Math.max(1.0, clusteredVar / binomialVar);
    double effective = n / designEffect;
    double t = Quantiles.t975(c - 1);
    return wilson(k, n, effective * (Z95 / t) * (Z95 / t), effective, "cluster-wilson");
  }
}
