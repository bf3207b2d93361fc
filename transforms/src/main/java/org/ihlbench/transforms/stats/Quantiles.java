package org.ihlbench.transforms.stats;

import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.TDistribution;

/** Quantiles of the normal and Student t distributions (commons-math), cached per degrees of freedom. */
public final class Quantiles {
  private static final NormalDistribution NORMAL = new NormalDistribution(null, 0, 1);
  private static final ConcurrentHashMap<Integer, Double> T975 = new ConcurrentHashMap<>();

  private Quantiles() {}

  /** The standard normal quantile at {@code p}, e.g. 1.95996 at 0.975. */
  public static double normal(double p) {
    return NORMAL.inverseCumulativeProbability(p);
  }

  /** The standard normal distribution function. */
  public static double normalCdf(double x) {
    return NORMAL.cumulativeProbability(x);
  }

  /** The two-sided 95% quantile of Student's t with {@code df} degrees of freedom (df >= 1). */
  public static double t975(int df) {
    if (df < 1) {
      throw new IllegalArgumentException("degrees of freedom must be >= 1, got " + df);
    }
    // Built without a random generator: the distribution is only ever inverted here.
    return T975.computeIfAbsent(df,
        d -> new TDistribution(null, d, TDistribution.DEFAULT_INVERSE_ABSOLUTE_ACCURACY)
            .inverseCumulativeProbability(0.975));
  }
}
