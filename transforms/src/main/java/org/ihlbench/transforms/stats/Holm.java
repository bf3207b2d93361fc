package org.ihlbench.transforms.stats;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Holm's step-down adjustment (Holm 1979): controls the chance of any false rejection across a
 * family of tests (here, the models compared on the same contrast) without assuming they are
 * independent. Sorted ascending, p_(i) becomes max over j <= i of min(1, (k - j + 1) p_(j)).
 */
public final class Holm {
  private Holm() {}

  /** Adjusted p-values in the order given; NaN values are not tests and stay NaN. */
  public static double[] adjust(double[] p) {
    Integer[] order = new Integer[p.length];
    int k = 0;
    for (int i = 0; i < p.length; i++) {
      if (!Double.isNaN(p[i])) {
        order[k++] = i;
      }
    }
    Integer[] tests = Arrays.copyOf(order, k);
    Arrays.sort(tests, Comparator.comparingDouble(i -> p[i]));
    double[] out = new double[p.length];
    Arrays.fill(out, Double.NaN);
    double running = 0;
    for (int j = 0; j < k; j++) {
      running = Math.max(running, Math.min(1.0, (k - j) * p[tests[j]]));
      out[tests[j]] = running;
    }
    return out;
  }
}
