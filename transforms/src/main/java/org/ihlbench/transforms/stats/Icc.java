package org.ihlbench.transforms.stats;

/**
 * The intra-class (intra-prompt) correlation of a binary outcome: how alike the seeds of one
 * prompt are. 0 means seeds behave like fresh prompts; 1 means a prompt always gets the same
 * answer, so repeating it adds nothing. It sets the design effect 1 + (m - 1) ICC of m seeds.
 */
public final class Icc {
  private Icc() {}

  /**
   * The one-way ANOVA estimator for clusters of unequal size (Fleiss, Levin and Paik, Statistical
   * Methods for Rates and Proportions, 3rd ed., section 15.5; Ridout, Demetrio and Firth 1999):
   *
   * <pre>
   * MSB = (sum y_i^2 / n_i - (sum y_i)^2 / N) / (k - 1)
   * MSW = (sum y_i - sum y_i^2 / n_i) / (N - k)
   * n0  = (N - sum n_i^2 / N) / (k - 1)
   * ICC = (MSB - MSW) / (MSB + (n0 - 1) MSW)
   * </pre>
   *
   * over the k clusters with at least one trial. NaN when it cannot be estimated: fewer than two
   * clusters, no cluster with two or more trials, or no variation at all. It may come out slightly
   * negative by chance; callers that need a design effect take max(0, ICC).
   */
  public static double anova(long[] successes, long[] trials) {
    int k = 0;
    double n = 0;
    double y = 0;
    double y2OverN = 0;
    double n2 = 0;
    for (int i = 0; i < successes.length; i++) {
      if (trials[i] <= 0) {
        continue;
      }
      k++;
      n += trials[i];
      y += successes[i];
      y2OverN += (double) successes[i] * successes[i] / trials[i];
      n2 += (double) trials[i] * trials[i];
    }
    if (k < 2 || n <= k) {
      return Double.NaN;
    }
    double msb = (y2OverN - y * y / n) / (k - 1);
    double msw = (y - y2OverN) / (n - k);
    double n0 = (n - n2 / n) / (k - 1);
    double denom = msb + (n0 - 1) * msw;
    if (denom <= 0) {
      return Double.NaN;
    }
    if (Math.abs(msb - msw) <= 1e-12 * Math.max(msb, msw)) {
      return 0.0; // equal mean squares: floating-point cancellation would leave +-1e-17
    }
    return (msb - msw) / denom;
  }
}
