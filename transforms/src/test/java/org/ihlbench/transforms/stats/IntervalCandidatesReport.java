package org.ihlbench.transforms.stats;

import static org.junit.Assume.assumeTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.commons.math3.distribution.FDistribution;
import org.junit.Test;

/**
 * The candidates for the clustered rate interval, put through the coverage grid of {@link
 * RateCoverageTest} and the monotonicity walks of {@link IntervalsMonotonicityTest}: the figures
 * behind the choice in docs/STATISTICS.md. Slow (the bootstrap), so it runs only when asked:
 *
 * <pre>
 * mvn -o test -pl transforms -am -Dtest=IntervalCandidatesReport -Dihlbench.candidates=true \
 *     -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 */
public class IntervalCandidatesReport {
  /** Two-sided 95% normal quantile. */
  private static final double Z = Intervals.Z95;

  static double[] wilson(double p, double n, double q) {
    double d = 1 + q * q / n;
    double c = (p + q * q / (2 * n)) / d;
    double h = q * Math.sqrt(Math.max(0, p * (1 - p) / n + q * q / (4 * n * n))) / d;
    return new double[] {p <= 0 ? 0 : Math.max(0, c - h), p >= 1 ? 1 : Math.min(1, c + h)};
  }

  private static double[] sums(long[] k, long[] m) {
    double n = 0;
    double s = 0;
    int c = 0;
    double most = 0;
    for (int i = 0; i < k.length; i++) {
      if (m[i] > 0) {
        n += m[i];
        s += k[i];
        c++;
        most = Math.max(most, m[i]);
      }
    }
    return new double[] {n, s, c, most};
  }

  /** The interval before this change: CR1 design effect (never below 1), t on prompts - 1. */
  static final RateCoverage.Method CLUSTER_WILSON = (k, m) -> {
    double[] t = sums(k, m);
    double n = t[0];
    double p = t[1] / n;
    int c = (int) t[2];
    if (t[3] <= 1) {
      return wilson(p, n, Z);
    }
    if (t[1] == 0 || t[1] == n || c < 2) {
      return wilson(p, c, Z);
    }
    double ss = 0;
    for (int i = 0; i < k.length; i++) {
      double r = k[i] - p * m[i];
      ss += r * r;
    }
    double de = Math.max(1, (double) c / (c - 1) * ss / (n * n) / (p * (1 - p) / n));
    double q = Quantiles.t975(c - 1);
    return wilson(p, n / de * (Z / q) * (Z / q), Z);
  };

  /**
   * CR2 (Bell and McCaffrey's bias-reduced linearisation) for the mean, with their degrees of
   * freedom under a working model of independent samples, in Wilson's form: effective n =
   * p(1 - p) / V, quantile t on those degrees of freedom. With equal seeds per prompt it is
   * CR1 with t on prompts - 1; at 0 and n (no spread) it counts each prompt once.
   */
  static final RateCoverage.Method CR2_BELL_MCCAFFREY = (k, m) -> {
    double[] t = sums(k, m);
    double n = t[0];
    double p = t[1] / n;
    int c = (int) t[2];
    if (t[3] <= 1) {
      return wilson(p, n, Z);
    }
    if (t[1] == 0 || t[1] == n || c < 2) {
      return wilson(p, c, Z);
    }
    double v = 0;
    double trace = 0;
    double diag2 = 0;
    double sumWm2 = 0;
    double sumW2m4 = 0;
    for (int i = 0; i < k.length; i++) {
      if (m[i] == 0) {
        continue;
      }
      double u = k[i] - p * m[i];
      double w = 1 / ((1 - m[i] / n) * n * n);
      v += w * u * u;
      double a = m[i] - (double) m[i] * m[i] / n;
      trace += w * a;
      diag2 += w * w * a * a;
      double wm2 = w * m[i] * m[i] / n;
      sumWm2 += wm2;
      sumW2m4 += wm2 * wm2;
    }
    // tr((W S)^2) = sum_i w_i^2 a_i^2 + sum_{i != j} w_i w_j (m_i m_j / n)^2
    double traceSquared = diag2 + (sumWm2 * sumWm2 - sumW2m4);
    double df = Math.max(1, trace * trace / traceSquared);
    double q = df > 1e6 ? Z : new org.apache.commons.math3.distribution.TDistribution(null, df,
        1e-9).inverseCumulativeProbability(0.975);
    double neff = Math.min(n, p * (1 - p) / v);
    return wilson(p, neff * (Z / q) * (Z / q), Z);
  };

  /**
   * A percentile bootstrap over prompts (400 resamples, seeded by the counts), widened to
   * Wilson's interval at the bootstrap's effective n (p(1 - p) / bootstrap variance; one sample
   * per prompt when the resamples do not vary).
   */
  static final RateCoverage.Method BOOTSTRAP_WILSON_FLOOR = (k, m) -> {
    double[] t = sums(k, m);
    double n = t[0];
    double p = t[1] / n;
    int b = 400;
    long seed = 17;
    for (int i = 0; i < k.length; i++) {
      seed = seed * 31 + k[i] * 7 + m[i];
    }
    SplittableRandom rng = new SplittableRandom(seed);
    double[] stats = new double[b];
    double mean = 0;
    double sq = 0;
    for (int r = 0; r < b; r++) {
      double ks = 0;
      double ms = 0;
      for (int i = 0; i < k.length; i++) {
        int j = rng.nextInt(k.length);
        ks += k[j];
        ms += m[j];
      }
      stats[r] = ms > 0 ? ks / ms : p;
      mean += stats[r];
      sq += stats[r] * stats[r];
    }
    java.util.Arrays.sort(stats);
    double var = sq / b - (mean / b) * (mean / b);
    double neff = var > 0 ? Math.min(n, p * (1 - p) / var) : t[2];
    double[] w = wilson(p, Math.max(1, neff), Z);
    return new double[] {Math.min(w[0], PairedComparison.percentile(stats, 0.025)),
        Math.max(w[1], PairedComparison.percentile(stats, 0.975))};
  };

  /**
   * Wilson at the effective n of an 80% upper bound on the intra-prompt correlation (Searle's
   * F-based bound for the one-way ANOVA estimator; 1 when every prompt is unanimous), z quantile.
   */
  static final RateCoverage.Method ICC_BOUND_WILSON = (k, m) -> {
    double[] t = sums(k, m);
    double n = t[0];
    double p = t[1] / n;
    int c = (int) t[2];
    if (t[3] <= 1) {
      return wilson(p, n, Z);
    }
    double y2 = 0;
    for (int i = 0; i < k.length; i++) {
      if (m[i] > 0) {
        y2 += (double) k[i] * k[i] / m[i];
      }
    }
    double msb = (y2 - t[1] * t[1] / n) / (c - 1);
    double msw = (t[1] - y2) / (n - c);
    double m0 = n / c;
    double rho = 1;
    if (msw > 0 && c > 1) {
      double fl = new FDistribution(null, c - 1, n - c, 1e-9).inverseCumulativeProbability(0.2);
      double f = msb / msw / fl;
      rho = Math.max(0, Math.min(1, (f - 1) / (f + m0 - 1)));
    }
    return wilson(p, n / (1 + (m0 - 1) * rho), Z);
  };

  @Test
  public void candidates() {
    assumeTrue("set -Dihlbench.candidates=true to run", Boolean.getBoolean("ihlbench.candidates"));
    Map<String, RateCoverage.Method> methods = new LinkedHashMap<>();
    methods.put("cluster-wilson", CLUSTER_WILSON);
    methods.put("cr2-bm-wilson", CR2_BELL_MCCAFFREY);
    methods.put("bootstrap-wilson", BOOTSTRAP_WILSON_FLOOR);
    methods.put("icc-bound-wilson", ICC_BOUND_WILSON);
    methods.put("beta-binomial", RateCoverage.CHOSEN);
    StringBuilder summary = new StringBuilder("| method | cells below 93.5% | lowest | cells above"
        + " 97.5% (where the count allows less) | mean width | monotonicity violations |\n"
        + "|---|---|---|---|---|---|\n");
    for (Map.Entry<String, RateCoverage.Method> e : methods.entrySet()) {
      List<RateCoverage.Cell> all = new ArrayList<>();
      for (int prompts : RateCoverageTest.PROMPTS) {
        for (int seeds : RateCoverageTest.SEEDS) {
          if (seeds == 1) {
            continue; // one seed per prompt: every candidate is its one-sample interval
          }
          List<RateCoverage.Cell> cells = RateCoverage.design(e.getValue(), prompts, seeds,
              RateCoverageTest.RATES, RateCoverageTest.ICCS, 4000);
          System.out.println(RateCoverage.compact(e.getKey(), cells));
          all.addAll(cells);
        }
      }
      long below = all.stream().filter(c -> c.coverage() < 0.935).count();
      long above = all.stream().filter(c -> c.coverage() > 0.975 && c.upperLimitApplies()).count();
      double lowest = all.stream().mapToDouble(RateCoverage.Cell::coverage).min().orElse(1);
      double width = all.stream().mapToDouble(RateCoverage.Cell::meanWidth).average().orElse(0);
      summary.append(String.format(Locale.ROOT, "| %s | %d of %d | %.1f%% | %d | %.3f | %d |%n",
          e.getKey(), below, all.size(), 100 * lowest, above, width,
          violations(e.getValue())));
    }
    System.out.println(summary);
  }

  /** Steps (of the concentrated and even walks, prompts x seeds up to 60) that lower a bound. */
  private static int violations(RateCoverage.Method method) {
    int bad = 0;
    for (int prompts = 1; prompts <= 60; prompts++) {
      for (int seeds = 2; prompts * seeds <= 60; seeds++) {
        long[] m = new long[prompts];
        java.util.Arrays.fill(m, seeds);
        for (boolean even : new boolean[] {false, true}) {
          long[] k = new long[prompts];
          double[] before = method.bounds(k, m);
          for (int step = 0; step < prompts * seeds; step++) {
            int i = even ? step % prompts : step / seeds;
            k[i]++;
            double[] after = method.bounds(k, m);
            bad += after[0] < before[0] - 1e-12 || after[1] < before[1] - 1e-12 ? 1 : 0;
            before = after;
          }
        }
      }
    }
    return bad;
  }
}
