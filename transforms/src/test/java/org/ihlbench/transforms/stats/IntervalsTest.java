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
    assertEquals("cluster-wilson", c.method());
    Interval zeros = Intervals.clustered(new long[] {0, 0}, new long[] {0, 0});
    assertTrue(Double.isNaN(zeros.rate()));
  }

  @Test
  public void clustersOfOneAreJustWilson() {
    long[] successes = {1, 0, 1, 1, 0, 1, 1, 1, 0, 1};
    long[] trials = new long[10];
    Arrays.fill(trials, 1);
    Interval c = Intervals.clustered(successes, trials);
    assertSameBounds(Intervals.wilson(7, 10), c);
    assertEquals(10, c.effectiveN(), 0);
  }

  @Test
  public void perfectlyCorrelatedClustersCountAboutOncePerPrompt() {
    // 10 prompts, 5 seeds each; 7 prompts always refused, 3 never: the 50 samples say no more
    // than the 10 prompts do. p = 35/50 = 0.7; residuals 5 - 3.5 = 1.5 (x7) and -3.5 (x3):
    // ss = 7 x 2.25 + 3 x 12.25 = 52.5; CR1 variance = 10/9 x 52.5 / 50^2 = 0.0233333;
    // binomial variance 0.21 / 50 = 0.0042; design effect 5.5556; effective n = 50 / 5.5556 = 9
    // (c - 1: the CR1 factor). t_9 = 2.262157, so Wilson is taken at 9 x (1.959964 / 2.262157)^2
    // = 6.756054: z^2/m = 0.568602, denom = 1.568602, centre = (0.7 + 0.284301) / 1.568602
    // = 0.627503, half = 1.959964 x sqrt(0.21/6.756054 + 3.841459/(4 x 6.756054^2)) / 1.568602
    // = 1.959964 x 0.228310 / 1.568602 = 0.285269 -> 0.342234 .. 0.912771
    long[] successes = {5, 5, 5, 5, 5, 5, 5, 0, 0, 0};
    long[] trials = {5, 5, 5, 5, 5, 5, 5, 5, 5, 5};
    Interval c = Intervals.clustered(successes, trials);
    assertEquals("cluster-wilson", c.method());
    assertEquals(9, c.effectiveN(), 1e-9);
    assertInterval(c, 0.7, 0.342234, 0.912771);
    Interval onePerPrompt = Intervals.wilson(7, 10);
    assertTrue("no narrower than one sample per prompt",
        c.high() - c.low() > onePerPrompt.high() - onePerPrompt.low());
  }

  @Test
  public void perfectlyCorrelatedClustersOfUnequalSizeCountOncePerPrompt() {
    // Sizes 2 and 6, half the prompts always refused: the rate is 16/32 = 0.5 and every prompt
    // is all-or-nothing.
    long[] successes = {2, 0, 6, 0, 2, 0, 6, 0};
    long[] trials = {2, 2, 6, 6, 2, 2, 6, 6};
    Interval c = Intervals.clustered(successes, trials);
    assertEquals(0.5, c.rate(), 0);
    assertTrue("effective n " + c.effectiveN(), c.effectiveN() < 8);
    assertTrue(c.high() - c.low() > Intervals.wilson(16, 32).high() - Intervals.wilson(16, 32).low());
  }

  @Test
  public void allOrNothingWithoutSpreadCountsEachPromptOnce() {
    Interval none = Intervals.clustered(new long[] {0, 0, 0, 0}, new long[] {5, 5, 5, 5});
    assertEquals(4, none.effectiveN(), 0);
    assertEquals(0.0, none.rate(), 0);
    assertEquals(Intervals.wilson(0, 4).high(), none.high(), 1e-12);

    Interval all = Intervals.clustered(new long[] {3, 3, 3}, new long[] {3, 3, 3});
    assertEquals(3, all.effectiveN(), 0);
    assertEquals(Intervals.wilson(3, 3).low(), all.low(), 1e-12);
  }

  @Test
  public void independentLookingClustersHaveDesignEffectNearOne() {
    // 50 prompts x 4 seeds at p = 0.5: binomial counts would vary with variance 4 * 0.25 = 1;
    // counts alternating 1 and 3 vary exactly that much. ss = 50 x 1 = 50; CR1 variance
    // = 50/49 x 50 / 200^2 = 0.00127551 vs binomial 0.00125: design effect 50/49, effective n 196.
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
    assertEquals(196, clustered.effectiveN(), 1e-9);
    // The CR1 factor and t_49 = 2.009575 instead of z widen it by
    // sqrt(50/49) x 2.009575 / 1.959964 = 1.0357 (Wilson's width at p = 0.5 scales almost so).
    double ratio = (clustered.high() - clustered.low()) / (wilson.high() - wilson.low());
    assertTrue("width ratio " + ratio, ratio >= 1.0 && ratio < 1.04);
    assertInterval(clustered, 0.5, 0.428958, 0.571042);
  }

  @Test
  public void underDispersedClustersAreNotNarrowerThanWilson() {
    // Every prompt refused exactly 2 of 4 times: less spread than chance, but the design effect
    // is never taken below 1, so the effective n is all 24 samples. Six prompts still leave the
    // spread between prompts poorly known: t_5 = 2.570582 scales n to 24 x (1.959964/2.570582)^2
    // = 13.952260, and Wilson there gives 0.267681 .. 0.732319, wider than Wilson at 24.
    long[] successes = {2, 2, 2, 2, 2, 2};
    long[] trials = {4, 4, 4, 4, 4, 4};
    Interval c = Intervals.clustered(successes, trials);
    assertEquals(24, c.effectiveN(), 0);
    assertInterval(c, 0.5, 0.267681, 0.732319);
    Interval w = Intervals.wilson(12, 24);
    assertTrue(c.low() < w.low() && c.high() > w.high());
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
    }
  }
}
