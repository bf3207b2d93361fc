package org.ihlbench.transforms.stats;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

/**
 * The grid posterior against a direct integration written independently: the beta-binomial
 * probability of each prompt's count from its definition (Beta functions), on a plain grid of
 * 2,000 midpoints of phi = asin(sqrt(mu)) over (0, pi/2) (where Jeffreys' prior on mu is flat; a
 * grid in mu itself misplaces the prior's mass near 0 and 1) and 200 midpoints of rho (uniform
 * prior), the correlation's marginal likelihood raised to min(1, 5 / mean seeds); no window,
 * stride, tables or pruning.
 */
public class RatePosteriorTest {

  private static double logBeta(double a, double b) {
    return org.apache.commons.math3.special.Beta.logBeta(a, b);
  }

  /** {low, high, 80% bound on rho} by brute force. */
  static double[] direct(long[] k, long[] m) {
    int gm = 2000;
    int gr = 200;
    double n = 0;
    int c = 0;
    for (int i = 0; i < k.length; i++) {
      n += m[i];
      c += m[i] > 0 ? 1 : 0;
    }
    double gamma = Math.min(1, 5 * c / n);
    double[][] logLik = new double[gr][gm];
    double[] logMarginal = new double[gr];
    for (int b = 0; b < gr; b++) {
      double rho = (b + 0.5) / gr;
      double s = (1 - rho) / rho;
      double max = Double.NEGATIVE_INFINITY;
      for (int a = 0; a < gm; a++) {
        double sin = Math.sin((a + 0.5) / gm * Math.PI / 2);
        double mu = sin * sin;
        double ll = 0;
        for (int i = 0; i < k.length; i++) {
          ll += logBeta(mu * s + k[i], (1 - mu) * s + m[i] - k[i]) - logBeta(mu * s, (1 - mu) * s);
        }
        logLik[b][a] = ll;
        max = Math.max(max, ll);
      }
      double z = 0;
      for (int a = 0; a < gm; a++) {
        z += Math.exp(logLik[b][a] - max);
      }
      logMarginal[b] = Math.log(z) + max;
    }
    double top = Double.NEGATIVE_INFINITY;
    for (double v : logMarginal) {
      top = Math.max(top, v);
    }
    double[] density = new double[gm];
    double[] rhoWeight = new double[gr];
    double total = 0;
    for (int b = 0; b < gr; b++) {
      rhoWeight[b] = Math.exp(gamma * (logMarginal[b] - top));
      total += rhoWeight[b];
    }
    for (int b = 0; b < gr; b++) {
      rhoWeight[b] /= total;
      double norm = 0;
      for (int a = 0; a < gm; a++) {
        norm += Math.exp(logLik[b][a] - logMarginal[b]);
      }
      for (int a = 0; a < gm; a++) {
        density[a] += rhoWeight[b] * Math.exp(logLik[b][a] - logMarginal[b]) / norm;
      }
    }
    double[] out = new double[3];
    double cum = 0;
    boolean lowDone = false;
    for (int a = 0; a < gm; a++) {
      double next = cum + density[a];
      if (!lowDone && next >= 0.025) {
        out[0] = mu((a + (0.025 - cum) / density[a]) / gm);
        lowDone = true;
      }
      if (next >= 0.975) {
        out[1] = mu((a + (0.975 - cum) / density[a]) / gm);
        break;
      }
      cum = next;
    }
    cum = 0;
    for (int b = 0; b < gr; b++) {
      if (cum + rhoWeight[b] >= 0.8) {
        out[2] = (b + (0.8 - cum) / rhoWeight[b]) / gr;
        break;
      }
      cum += rhoWeight[b];
    }
    return out;
  }

  /** mu at a fraction t of the way along phi in (0, pi/2). */
  private static double mu(double t) {
    double sin = Math.sin(t * Math.PI / 2);
    return sin * sin;
  }

  private static void check(long[] k, long[] m) {
    RatePosterior.Result r = RatePosterior.of(k, m);
    double[] d = direct(k, m);
    String what = java.util.Arrays.toString(k) + " / " + java.util.Arrays.toString(m);
    assertEquals(what + " low", d[0], r.low(), 1e-3);
    assertEquals(what + " high", d[1], r.high(), 1e-3);
    assertEquals(what + " icc 80%", d[2], r.iccUpper(), 0.02);
  }

  @Test
  public void matchesADirectIntegration() {
    // Mixed prompts, 12 x 3.
    check(new long[] {3, 3, 2, 3, 0, 3, 1, 3, 3, 2, 3, 3}, fill(12, 3));
    // One refusal in 36, and none.
    long[] one = new long[12];
    one[4] = 1;
    check(one, fill(12, 3));
    check(new long[12], fill(12, 3));
    // Near the ceiling with one stray prompt, 24 x 5.
    long[] ceiling = fill(24, 5);
    ceiling[3] = 1;
    check(ceiling, fill(24, 5));
    // Unequal sizes, as helpful-refusal rates have.
    check(new long[] {2, 0, 4, 1, 1, 0, 3}, new long[] {2, 1, 5, 3, 1, 2, 4});
    // Many seeds: the correlation's likelihood counts as five seeds' worth.
    check(new long[] {10, 2, 7, 0}, fill(4, 10));
  }

  @Test
  public void matchesADirectIntegrationWithManySeeds() {
    // More than 10 seeds per prompt: 16 correlation cells, the smooth part interpolated.
    check(new long[] {30, 1}, fill(2, 30));
    check(new long[] {0, 0, 0}, fill(3, 15));
    check(new long[] {20, 18, 20, 3, 19, 20, 0, 20, 17, 20, 20, 12}, fill(12, 20));
    check(new long[] {1, 0, 0, 0, 0, 0, 0, 0}, fill(8, 25));
    check(new long[] {60, 55, 7, 69, 40}, new long[] {69, 69, 69, 69, 50});
  }

  @Test
  public void resultsAreCachedByPatternNotByOrder() {
    RatePosterior.Result a = RatePosterior.of(new long[] {3, 0, 2}, new long[] {3, 3, 3});
    RatePosterior.Result b = RatePosterior.of(new long[] {2, 3, 0}, new long[] {3, 3, 3});
    assertEquals(a, b);
    // A prompt without samples is no prompt.
    assertEquals(a, RatePosterior.of(new long[] {2, 0, 3, 0}, new long[] {3, 0, 3, 3}));
    assertTrue(RatePosterior.of(new long[] {0}, new long[] {0}) == null);
  }

  private static long[] fill(int n, long v) {
    long[] a = new long[n];
    java.util.Arrays.fill(a, v);
    return a;
  }
}
