package org.ihlbench.transforms.stats;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
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
      long fromOnly = 0;
      long toOnly = 0;
      for (int i = 0; i < prompts; i++) {
        double z = rng.nextGaussian();
        double w = rng.nextGaussian();
        double pFrom = logistic(a + s * z);
        double pTo = logistic(b + s * z + t * w);
        d[i] = 0;
        m[i] = seeds;
        for (int j = 0; j < seeds; j++) {
          int y = (rng.nextDouble() < pTo ? 1 : 0) - (rng.nextDouble() < pFrom ? 1 : 0);
          d[i] += y;
          fromOnly += y < 0 ? 1 : 0;
          toOnly += y > 0 ? 1 : 0;
        }
      }
      double[] ci = PairedComparison.adjustedInterval(d, m, fromOnly, toOnly, seeds == 1);
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

  /**
   * Cells above 97.5% where an interval of the net change could cover less
   * ({@link PairedSimulation#leastAchievable}), all at 5 to 24 prompts. At 5 prompts (and 12 with
   * one seed) a true change of 0.1 is half a pair at 5 pairs, and the count criterion allows
   * intervals no sane method gives (one that leaves out +0.1 after three of five pairs moved up,
   * say); every candidate in docs/STATISTICS.md over-covers these. At 12 and 24 prompts x 3 and 5
   * seeds they are the price of the score interval reaching further above where a change would
   * need more discordant pairs (8 cells above 97.5% that the Wald interval kept in range, for the
   * two below 93.5% it left). Seeded, so the list does not move between runs.
   */
  static final List<String> OVER_COVERING = List.of(
      "prompts=5 seeds=1 to=0.50 icc=0.2" /* 98.1% */,
      "prompts=5 seeds=1 to=0.50 icc=0.4" /* 98.8% */,
      "prompts=5 seeds=1 to=0.90 icc=0.0" /* 99.2% */,
      "prompts=5 seeds=1 to=0.90 icc=0.2" /* 99.6% */,
      "prompts=5 seeds=1 to=0.90 icc=0.4" /* 99.8% */,
      "prompts=5 seeds=1 to=0.97 icc=0.2" /* 100.0% */,
      "prompts=5 seeds=1 to=0.97 icc=0.4" /* 100.0% */,
      "prompts=5 seeds=3 to=0.50 icc=0.0" /* 98.2% */,
      "prompts=5 seeds=3 to=0.50 icc=0.2" /* 99.3% */,
      "prompts=5 seeds=3 to=0.50 icc=0.4" /* 99.8% */,
      "prompts=5 seeds=3 to=0.90 icc=0.0" /* 99.8% */,
      "prompts=5 seeds=3 to=0.90 icc=0.2" /* 100.0% */,
      "prompts=5 seeds=3 to=0.90 icc=0.4" /* 100.0% */,
      "prompts=5 seeds=3 to=0.97 icc=0.0" /* 100.0% */,
      "prompts=5 seeds=3 to=0.97 icc=0.2" /* 100.0% */,
      "prompts=5 seeds=3 to=0.97 icc=0.4" /* 100.0% */,
      "prompts=5 seeds=5 to=0.50 icc=0.4" /* 98.8% */,
      "prompts=5 seeds=5 to=0.90 icc=0.0" /* 98.9% */,
      "prompts=5 seeds=5 to=0.90 icc=0.2" /* 99.3% */,
      "prompts=5 seeds=5 to=0.90 icc=0.4" /* 99.7% */,
      "prompts=5 seeds=5 to=0.97 icc=0.0" /* 99.9% */,
      "prompts=5 seeds=5 to=0.97 icc=0.2" /* 100.0% */,
      "prompts=5 seeds=5 to=0.97 icc=0.4" /* 99.9% */,
      "prompts=12 seeds=1 to=0.90 icc=0.4" /* 97.8% */,
      "prompts=12 seeds=1 to=0.97 icc=0.0" /* 98.7% */,
      "prompts=12 seeds=1 to=0.97 icc=0.2" /* 99.3% */,
      "prompts=12 seeds=1 to=0.97 icc=0.4" /* 99.8% */,
      "prompts=12 seeds=3 to=0.50 icc=0.4" /* 97.8% */,
      "prompts=12 seeds=3 to=0.90 icc=0.0" /* 98.3% */,
      "prompts=12 seeds=3 to=0.90 icc=0.2" /* 98.2% */,
      "prompts=12 seeds=3 to=0.90 icc=0.4" /* 98.9% */,
      "prompts=12 seeds=3 to=0.97 icc=0.0" /* 98.9% */,
      "prompts=12 seeds=3 to=0.97 icc=0.2" /* 99.2% */,
      "prompts=12 seeds=3 to=0.97 icc=0.4" /* 98.9% */,
      "prompts=12 seeds=5 to=0.97 icc=0.0" /* 97.7% */,
      "prompts=24 seeds=3 to=0.97 icc=0.0" /* 98.3% */,
      "prompts=24 seeds=3 to=0.97 icc=0.2" /* 97.6% */);

  /**
   * The net change's least achievable coverage, by hand: one prompt, one seed, 0.87 -> 0.97 with
   * independent seeds: the change is +1 with probability 0.13 x 0.97 = 0.1261, -1 with 0.87 x 0.03
   * = 0.0261, 0 with 0.8478; the shortest range reaching 93.5% is {0, +1}, 0.9739. With 322
   * prompts the count is fine-grained and the least is just above 93.5%.
   */
  @Test
  public void leastAchievableCoverageOfTheNetChange() {
    PairedSimulation.Rates rates = PairedSimulation.Rates.of(0.87, 0.97, 0);
    assertEquals(0.9739, PairedSimulation.leastAchievable(rates, 1, 1), 1e-9);
    double fine = PairedSimulation.leastAchievable(rates, 322, 1);
    assertTrue("322 prompts: " + fine, fine >= 0.935 && fine < 0.94);
  }

  /**
   * The grid of the rate intervals ({@link RateCoverageTest}) for the paired change: prompts {5,
   * 12, 24, 100, 322} x seeds {1, 3, 5} x rate after the change {0.5, 0.9, 0.97} (10 points above
   * the rate before) x intra-prompt correlation {0, 0.2, 0.4}, 2,000 seeded experiments per cell
   * ({@link PairedSimulation}). At least 93.5% in every cell; at most
   * 97.5% wherever the net change's discreteness allows it ({@link
   * PairedSimulation.Cell#upperLimitApplies}, computed, not named), except the cells in {@link
   * #OVER_COVERING}. docs/STATISTICS.md has the table and the candidates measured.
   */
  @Test
  public void pairedChangeOverTheGrid() {
    List<PairedSimulation.Cell> all = new ArrayList<>();
    for (int prompts : RateCoverageTest.PROMPTS) {
      for (int seeds : RateCoverageTest.SEEDS) {
        List<PairedSimulation.Cell> cells = new ArrayList<>();
        for (double to : RateCoverageTest.RATES) {
          for (double icc : RateCoverageTest.ICCS) {
            cells.add(PairedSimulation.coverage(PairedSimulation.CHOSEN, prompts, seeds, to - 0.1,
                to, icc, 2000));
          }
        }
        System.out.println(PairedSimulation.compact("paired", cells));
        all.addAll(cells);
      }
    }
    System.out.println(PairedSimulation.table(all));
    List<String> failures = new ArrayList<>();
    for (PairedSimulation.Cell c : all) {
      if (c.coverage() < 0.935) {
        failures.add(c.label() + ": " + c.coverage() + " < 0.935");
      }
      if (c.coverage() > 0.975 && c.upperLimitApplies() && !OVER_COVERING.contains(c.label())) {
        failures.add(c.label() + ": " + c.coverage() + " > 0.975");
      }
    }
    assertTrue(String.join("\n", failures), failures.isEmpty());
  }

  /**
   * When nothing changed (each prompt refused at the same rate under both conditions), how often
   * does Holm's correction across eight models (the paper's eight) still call at least one of
   * them changed? 1,000 families per design; the limit is 5% plus two standard errors (0.69
   * points each).
   */
  @Test
  public void holmKeepsTheFamilyWiseFalsePositivesAtFivePercent() {
    int families = 1000;
    int models = 8;
    int[][] designs = {{12, 1}, {24, 3}, {100, 5}};
    for (int[] design : designs) {
      PairedSimulation.Rates rates = PairedSimulation.Rates.of(0.85, 0.85, 0.3);
      SplittableRandom rng = new SplittableRandom(1400 + design[0] * 10L + design[1]);
      Resampling.Cache resampling = new Resampling.Cache(0, 10_000);
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < design[0]; i++) {
        ids.add("prompt-" + i);
      }
      int anySignificant = 0;
      int rejections = 0;
      for (int f = 0; f < families; f++) {
        double[] p = new double[models];
        for (int m = 0; m < models; m++) {
          List<PairTally> tallies = PairedSimulation.experiment(rates, design[0], design[1], rng);
          p[m] = PairedComparison.of(ids, tallies, resampling).pValue();
          rejections += p[m] < 0.05 ? 1 : 0;
        }
        double[] holm = Holm.adjust(p);
        boolean any = false;
        for (double h : holm) {
          any |= h < 0.05;
        }
        anySignificant += any ? 1 : 0;
      }
      double fwer = (double) anySignificant / families;
      System.out.printf(java.util.Locale.ROOT, "holm prompts=%d seeds=%d: family-wise %.4f,"
          + " per comparison %.4f%n", design[0], design[1], fwer,
          (double) rejections / (families * models));
      assertTrue("family-wise false positives " + fwer, fwer <= 0.05 + 2 * 0.0069);
    }
  }
}
