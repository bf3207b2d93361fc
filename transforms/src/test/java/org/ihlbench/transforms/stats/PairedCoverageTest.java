package org.ihlbench.transforms.stats;

import static org.junit.Assert.assertTrue;

import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;
import org.junit.Test;

/**
 * Coverage of the paired-difference interval. Prompts differ (a latent difficulty z ~ N(0, 1)
 * shared by both conditions, plus a prompt-specific response w ~ N(0, 1) to the change): under
 * "from" a prompt is refused with probability logistic(a + s z), under "to" with
 * logistic(b + s z + t w). The true change is E[p_to - p_from] over prompts, found by a large
 * Monte Carlo integral (2,000,000 prompts; its own error is below 0.001, small beside the interval
 * widths of 0.05 to 0.2). 4,000 experiments per design: Monte Carlo standard error of a coverage
 * near 95% is 0.34 points.
 */
public class PairedCoverageTest {
  private static final int EXPERIMENTS = 4000;

  private static double logistic(double x) {
    return 1 / (1 + Math.exp(-x));
  }

  private static double trueDelta(double a, double b, double s, double t) {
    RandomGenerator rng = new Well19937c(99);
    double sum = 0;
    int n = 2_000_000;
    for (int i = 0; i < n; i++) {
      double z = rng.nextGaussian();
      double w = rng.nextGaussian();
      sum += logistic(b + s * z + t * w) - logistic(a + s * z);
    }
    return sum / n;
  }

  private static double coverage(long seed, int prompts, int seeds, double a, double b, double s,
      double t, double truth) {
    RandomGenerator rng = new Well19937c(seed);
    long[] d = new long[prompts];
    long[] m = new long[prompts];
    int hits = 0;
    for (int e = 0; e < EXPERIMENTS; e++) {
      for (int i = 0; i < prompts; i++) {
        double z = rng.nextGaussian();
        double w = rng.nextGaussian();
        double pFrom = logistic(a + s * z);
        double pTo = logistic(b + s * z + t * w);
        d[i] = 0;
        m[i] = seeds;
        for (int j = 0; j < seeds; j++) {
          d[i] += (rng.nextDouble() < pTo ? 1 : 0) - (rng.nextDouble() < pFrom ? 1 : 0);
        }
      }
      double[] ci = PairedComparison.adjustedInterval(d, m, seeds == 1);
      hits += ci[0] <= truth && truth <= ci[1] ? 1 : 0;
    }
    double cov = (double) hits / EXPERIMENTS;
    System.out.printf("paired coverage prompts=%d seeds=%d truth=%.4f: %.4f%n", prompts, seeds,
        truth, cov);
    return cov;
  }

  private static void assertNominal(double c) {
    assertTrue("coverage " + c, c >= 0.935 && c <= 0.965);
  }

  @Test
  public void safetyPromptLiftsRefusalFromAbout70To86Percent() {
    double truth = trueDelta(1.1, 2.4, 1.5, 0.7);
    assertNominal(coverage(11, 322, 1, 1.1, 2.4, 1.5, 0.7, truth));
    assertNominal(coverage(12, 322, 5, 1.1, 2.4, 1.5, 0.7, truth));
    assertNominal(coverage(13, 100, 1, 1.1, 2.4, 1.5, 0.7, truth));
    assertNominal(coverage(14, 100, 5, 1.1, 2.4, 1.5, 0.7, truth));
  }

  @Test
  public void noChangeNearTheCeiling() {
    // Refusal about 88% on both sides, prompts reacting either way: the true change is -0.006
    // (noise in how prompts react pulls a rate near the ceiling down a little).
    double truth = trueDelta(2.6, 2.6, 1.5, 0.5);
    assertNominal(coverage(15, 161, 1, 2.6, 2.6, 1.5, 0.5, truth));
    assertNominal(coverage(16, 161, 5, 2.6, 2.6, 1.5, 0.5, truth));
  }
}
