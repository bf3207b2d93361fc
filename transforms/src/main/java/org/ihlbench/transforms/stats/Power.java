package org.ihlbench.transforms.stats;

/**
 * How many prompts x seeds a comparison of two conditions needs: the sample size to detect a
 * change from rate p1 to p2 with a two-sided test at level alpha and the given power, for two
 * independent proportions (Fleiss, Levin and Paik 2003, eq. 4.14, without continuity correction):
 *
 * <pre>
 * n = (z_{1-alpha/2} sqrt(2 pbar qbar) + z_{power} sqrt(p1 q1 + p2 q2))^2 / (p1 - p2)^2
 * </pre>
 *
 * samples per condition, times the design effect 1 + (m - 1) ICC of m seeds per prompt, divided
 * by m: the prompts needed. Conditions here are paired (the same prompts under both), which only
 * helps, so the figures are conservative. With ICC high, seeds stop helping: as m grows the
 * prompts needed fall only to n x ICC.
 */
public final class Power {
  private Power() {}

  /** Samples per condition for independent samples. */
  public static double samplesPerCondition(double p1, double p2, double alpha, double power) {
    check(p1, p2, alpha, power);
    double za = Quantiles.normal(1 - alpha / 2);
    double zb = Quantiles.normal(power);
    double pbar = (p1 + p2) / 2;
    double root = za * Math.sqrt(2 * pbar * (1 - pbar)) + zb * Math.sqrt(p1 * (1 - p1) + p2 * (1 - p2));
    return root * root / ((p1 - p2) * (p1 - p2));
  }

  /** 1 + (m - 1) ICC, with a negative ICC estimate taken as 0. */
  public static double designEffect(int seeds, double icc) {
    return 1 + (seeds - 1) * Math.max(0, Double.isNaN(icc) ? 0 : icc);
  }

  /** Prompts needed with {@code seeds} seeds each (ICC may be NaN only when seeds == 1). */
  public static long promptsNeeded(double p1, double p2, double icc, int seeds, double alpha,
      double power) {
    if (seeds < 1) {
      throw new IllegalArgumentException("seeds must be >= 1, got " + seeds);
    }
    if (seeds > 1 && Double.isNaN(icc)) {
      throw new IllegalArgumentException("the intra-prompt correlation is needed for " + seeds
          + " seeds per prompt");
    }
    double n = samplesPerCondition(p1, p2, alpha, power) * designEffect(seeds, icc);
    return (long) Math.ceil(n / seeds - 1e-9);
  }

  /** The power a design of {@code prompts} x {@code seeds} has to detect p1 vs p2. */
  public static double powerOf(double p1, double p2, double icc, double prompts, int seeds,
      double alpha) {
    check(p1, p2, alpha, 0.5);
    double effectiveN = prompts * seeds / designEffect(seeds, icc);
    double za = Quantiles.normal(1 - alpha / 2);
    double pbar = (p1 + p2) / 2;
    double z = (Math.abs(p1 - p2) * Math.sqrt(effectiveN) - za * Math.sqrt(2 * pbar * (1 - pbar)))
        / Math.sqrt(p1 * (1 - p1) + p2 * (1 - p2));
    return Quantiles.normalCdf(z);
  }

  /**
   * The rate a change of {@code difference} leads to from {@code p1}: upward when that stays
   * below 1, else downward (a safety prompt raises refusal; near the ceiling it can only fall).
   */
  public static double target(double p1, double difference) {
    return p1 + difference < 1 ? p1 + difference : p1 - difference;
  }

  private static void check(double p1, double p2, double alpha, double power) {
    if (!(p1 >= 0 && p1 <= 1 && p2 >= 0 && p2 <= 1) || p1 == p2) {
      throw new IllegalArgumentException("rates must be two different values in [0, 1], got "
          + p1 + " and " + p2);
    }
    if (!(alpha > 0 && alpha < 1) || !(power > 0 && power < 1)) {
      throw new IllegalArgumentException("alpha and power must lie in (0, 1), got " + alpha
          + " and " + power);
    }
  }
}
