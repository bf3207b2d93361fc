package org.ihlbench.transforms.stats;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.ihlbench.transforms.stats.Intervals.Interval;
import org.junit.Test;

/**
 * Expected Wilson bounds are worked by hand from
 * centre = (p + z^2/2n) / (1 + z^2/n), half = z * sqrt(p(1-p)/n + z^2/4n^2) / (1 + z^2/n)
 * with z = 1.959963984540054, z^2 = 3.84145882.
 */
public class IntervalsTest {
  private static final double TOL = 1e-4;

  private static void assertInterval(Interval i, double rate, double low, double high) {
    assertEquals("rate", rate, i.rate(), 1e-12);
    assertEquals("low", low, i.low(), TOL);
    assertEquals("high", high, i.high(), TOL);
  }

  private static void assertSameBounds(Interval expected, Interval actual) {
    assertEquals("rate", expected.rate(), actual.rate(), 1e-12);
    assertEquals("low", expected.low(), actual.low(), 1e-12);
    assertEquals("high", expected.high(), actual.high(), 1e-12);
  }

  @Test
  public void wilsonEightOfTen() {
    // p = 0.8, n = 10: denom = 1 + 0.384146 = 1.384146
    // centre = (0.8 + 0.192073) / 1.384146 = 0.716740
    // half = 1.959964 * sqrt(0.016 + 0.009604) / 1.384146 = 1.959964 * 0.160013 / 1.384146 = 0.226578
    // -> 0.490162 .. 0.943318
    Interval i = Intervals.wilson(8, 10);
    assertInterval(i, 0.8, 0.490162, 0.943318);
    assertEquals("wilson", i.method());
    assertEquals(10, i.effectiveN(), 0);
  }

  @Test
  public void wilsonNoneOfTen() {
    // p = 0: centre = 0.192073 / 1.384146 = 0.138766; half = 1.959964 * sqrt(0.009604) / 1.384146
    // = 1.959964 * 0.098000 / 1.384146 = 0.138766 -> 0 .. 0.277533
    assertInterval(Intervals.wilson(0, 10), 0.0, 0.0, 0.277533);
  }

  @Test
  public void wilsonTenOfTen() {
    // p = 1: centre = 1.192073 / 1.384146 = 0.861234; half = 0.138766 -> 0.722467 .. 1
    assertInterval(Intervals.wilson(10, 10), 1.0, 0.722467, 1.0);
  }

  @Test
  public void wilsonFiftyOfAHundred() {
    // p = 0.5, n = 100: denom = 1.038415; centre = 0.519207 / 1.038415 = 0.5
    // half = 1.959964 * sqrt(0.0025 + 0.0000960) / 1.038415 = 1.959964 * 0.050951 / 1.038415 = 0.096168
    assertInterval(Intervals.wilson(50, 100), 0.5, 0.403832, 0.596168);
  }

  @Test
  public void wilsonOneOfAThousand() {
    // p = 0.001, n = 1000: denom = 1.003841; centre = (0.001 + 0.001921) / 1.003841 = 0.002910
    // half = 1.959964 * sqrt(0.000000999 + 0.00000096) / 1.003841 = 1.959964 * 0.0013998 / 1.003841
    // = 0.002733 -> 0.000177 .. 0.005643
    assertInterval(Intervals.wilson(1, 1000), 0.001, 0.000177, 0.005643);
  }

  @Test
  public void emptySampleGivesNaN() {
    Interval w = Intervals.wilson(0, 0);
    assertTrue(Double.isNaN(w.rate()) && Double.isNaN(w.low()) && Double.isNaN(w.high()));
    assertEquals(0, w.effectiveN(), 0);
    Interval c = Intervals.clustered(new long[0], new long[0]);
    assertTrue(Double.isNaN(c.rate()) && Double.isNaN(c.low()) && Double.isNaN(c.high()));
    assertEquals(Intervals.BETA_BINOMIAL, c.method());
    Interval zeros = Intervals.clustered(new long[] {0, 0}, new long[] {0, 0});
    assertTrue(Double.isNaN(zeros.rate()));
  }

  /*
   * One sample per prompt: Jeffreys' interval, the 2.5% and 97.5% quantiles of Beta(k + 1/2,
   * n - k + 1/2) (scipy.stats.beta.ppf, to 1e-10), widened to Wilson's where Wilson reaches
   * further, and at 0 and n to the one-sided exact bound 1 - 0.05^(1/n).
   */

  @Test
  public void clustersOfOneAreJeffreysWidenedToWilson() {
    // 7 of 10: Jeffreys 0.394182 .. 0.907305; Wilson: centre (0.7 + 0.192073) / 1.384146 =
    // 0.644493, half 1.959964 x sqrt(0.021 + 0.009604) / 1.384146 = 0.247714 -> 0.396779 ..
    // 0.892207. The union: Jeffreys' on both sides.
    long[] successes = {1, 0, 1, 1, 0, 1, 1, 1, 0, 1};
    long[] trials = new long[10];
    Arrays.fill(trials, 1);
    Interval c = Intervals.clustered(successes, trials);
    assertEquals(Intervals.WILSON_JEFFREYS, c.method());
    assertInterval(c, 0.7, 0.394182, 0.907305);
    assertEquals(10, c.effectiveN(), 0);
    assertTrue(c.low() <= Intervals.wilson(7, 10).low() && c.high() >= Intervals.wilson(7, 10).high());
    // Standard error: the Beta(7.5, 3.5) posterior's sd, sqrt(7.5 x 3.5 / (11^2 x 12)) = 0.134456.
    assertEquals(0.134456, c.se(), 1e-6);
  }

  @Test
  public void wilsonJeffreysAtTheEdges() {
    // 0 of 10: Jeffreys' upper 0.217196, Wilson's 0.277533, exact one-sided 1 - 0.05^0.1 =
    // 0.258866: Wilson's. 10 of 10: Jeffreys' lower 0.782804, Wilson's 0.722467, exact 0.741134.
    assertInterval(Intervals.wilsonJeffreys(0, 10), 0, 0, 0.277533);
    assertInterval(Intervals.wilsonJeffreys(10, 10), 1, 0.722467, 1);
    // 0 of 4: Jeffreys 0.444763, Wilson 3.841459 / 7.841459 = 0.489891, exact 1 - 0.05^0.25 =
    // 0.527129: the exact bound, so that a true rate of 0.5 is covered with 4 samples.
    assertInterval(Intervals.wilsonJeffreys(0, 4), 0, 0, 0.527129);
  }

  /*
   * Several seeds per prompt: the beta-binomial posterior (RatePosterior). Its bounds are checked
   * against an independent integration in RatePosteriorTest; here, what they must do.
   */

  @Test
  public void perfectlyCorrelatedClustersCountAboutOncePerPrompt() {
    // 10 prompts, 5 seeds each; 7 always refused, 3 never: the 50 samples say little more than
    // the 10 prompts do. The posterior puts the correlation high (80% bound above 0.8) and the
    // interval is about as wide as for 10 independent samples, far wider than for 50.
    long[] successes = {5, 5, 5, 5, 5, 5, 5, 0, 0, 0};
    long[] trials = {5, 5, 5, 5, 5, 5, 5, 5, 5, 5};
    Interval c = Intervals.clustered(successes, trials);
    assertEquals(Intervals.BETA_BINOMIAL, c.method());
    assertEquals(0.7, c.rate(), 1e-12);
    assertTrue("icc bound " + c.iccUpper(), c.iccUpper() > 0.8);
    assertTrue("effective n " + c.effectiveN(), c.effectiveN() < 15);
    double width = c.high() - c.low();
    Interval ten = Intervals.wilsonJeffreys(7, 10);
    Interval fifty = Intervals.wilsonJeffreys(35, 50);
    assertTrue(c + " vs " + ten, width > 0.85 * (ten.high() - ten.low()));
    assertTrue(width > 1.8 * (fifty.high() - fifty.low()));
  }

  @Test
  public void perfectlyCorrelatedClustersOfUnequalSizeCountAboutOncePerPrompt() {
    // Sizes 2 and 6, half the prompts always refused: the rate is 16/32 = 0.5 and every prompt
    // is all-or-nothing.
    long[] successes = {2, 0, 6, 0, 2, 0, 6, 0};
    long[] trials = {2, 2, 6, 6, 2, 2, 6, 6};
    Interval c = Intervals.clustered(successes, trials);
    assertEquals(0.5, c.rate(), 0);
    assertTrue("effective n " + c.effectiveN(), c.effectiveN() < 12);
    Interval naive = Intervals.wilson(16, 32);
    assertTrue(c.high() - c.low() > 1.3 * (naive.high() - naive.low()));
  }

  @Test
  public void allOrNothingWithoutSpreadLiesBetweenOneSamplePerPromptAndIndependentSamples() {
    // No refusal in 4 prompts x 5 seeds: the data cannot tell whether seeds agree because the
    // prompts do (then 4 samples' worth) or by chance (20): the bound lies between.
    Interval none = Intervals.clustered(new long[] {0, 0, 0, 0}, new long[] {5, 5, 5, 5});
    assertEquals(0.0, none.rate(), 0);
    assertEquals(0.0, none.low(), 0);
    assertTrue(none.toString(), none.high() > Intervals.wilsonJeffreys(0, 20).high()
        && none.high() < Intervals.wilsonJeffreys(0, 4).high());
    Interval all = Intervals.clustered(new long[] {3, 3, 3}, new long[] {3, 3, 3});
    assertEquals(1.0, all.high(), 0);
    assertTrue(all.toString(), all.low() < Intervals.wilsonJeffreys(9, 9).low()
        && all.low() > Intervals.wilsonJeffreys(3, 3).low());
  }

  @Test
  public void independentLookingClustersAreWorthNearlyAllTheirSamples() {
    // 50 prompts x 4 seeds at p = 0.5, counts alternating 1 and 3: exactly the spread
    // independent seeds give. The posterior keeps the correlation low (80% bound below 0.15):
    // the samples are worth most of 200, and the interval is within 15% of Wilson's at 200.
    int c = 50;
    long[] successes = new long[c];
    long[] trials = new long[c];
    for (int i = 0; i < c; i++) {
      successes[i] = i % 2 == 0 ? 1 : 3;
      trials[i] = 4;
    }
    Interval clustered = Intervals.clustered(successes, trials);
    Interval wilson = Intervals.wilson(100, 200);
    assertEquals(0.5, clustered.rate(), 0);
    assertTrue("icc bound " + clustered.iccUpper(), clustered.iccUpper() < 0.15);
    assertTrue("effective n " + clustered.effectiveN(), clustered.effectiveN() > 150);
    double ratio = (clustered.high() - clustered.low()) / (wilson.high() - wilson.low());
    assertTrue("width ratio " + ratio, ratio >= 1.0 && ratio < 1.15);
    // Symmetric data, symmetric interval.
    assertEquals(0.5 - clustered.low(), clustered.high() - 0.5, 1e-3);
  }

  @Test
  public void underDispersedClustersAreNotNarrowerThanIndependentSamples() {
    // Every prompt refused exactly 2 of 4 times: less spread than chance. Six prompts still
    // leave the correlation poorly known, so the interval is wider than Wilson's at 24.
    long[] successes = {2, 2, 2, 2, 2, 2};
    long[] trials = {4, 4, 4, 4, 4, 4};
    Interval c = Intervals.clustered(successes, trials);
    assertTrue("effective n " + c.effectiveN(), c.effectiveN() <= 24);
    Interval w = Intervals.wilson(12, 24);
    assertTrue(c + " vs " + w, c.low() < w.low() && c.high() > w.high());
  }

  @Test
  public void intervalAlwaysContainsTheRateAndStaysInZeroOne() {
    Random r = new Random(20260601);
    for (int round = 0; round < 2000; round++) {
      int c = 1 + r.nextInt(30);
      long[] successes = new long[c];
      long[] trials = new long[c];
      double promptRate = r.nextDouble();
      for (int i = 0; i < c; i++) {
        trials[i] = r.nextInt(8); // clusters of 0..7 samples
        double p = r.nextInt(3) == 0 ? (r.nextBoolean() ? 0 : 1) : promptRate;
        for (int s = 0; s < trials[i]; s++) {
          successes[i] += r.nextDouble() < p ? 1 : 0;
        }
      }
      Interval iv = Intervals.clustered(successes, trials);
      long n = Arrays.stream(trials).sum();
      if (n == 0) {
        assertTrue(Double.isNaN(iv.rate()));
        continue;
      }
      String what = "round " + round + ": " + Arrays.toString(successes) + " / "
          + Arrays.toString(trials) + " -> " + iv;
      assertTrue(what, iv.low() >= 0 && iv.high() <= 1);
      assertTrue(what, iv.low() <= iv.rate() + 1e-12 && iv.rate() <= iv.high() + 1e-12);
      assertTrue(what, iv.effectiveN() > 0 && iv.effectiveN() <= n + 1e-9);
      assertTrue(what, iv.se() > 0);
    }
  }
}
