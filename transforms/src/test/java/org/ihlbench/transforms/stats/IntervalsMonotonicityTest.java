package org.ihlbench.transforms.stats;

import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.Test;

/**
 * One more refusal never lowers either bound of the interval. For every number of prompts and
 * seeds with at most 60 samples, refusals are added one at a time until every sample is refused,
 * spread over the prompts in the ways that matter: all in one prompt before the next (the most
 * clustered), evenly (each prompt one more in turn: the data look least clustered each time a
 * round completes), and in random orders; at each step both bounds must be at least what they
 * were.
 *
 * <p>Prompts of unequal size (as helpful-refusal rates have: refusals per prompt as the samples)
 * are not held to this exactly: there, a refusal that makes the prompts look more alike can move
 * one bound down a little (the interval weighs the correlations the data leave plausible, and
 * adding to a prompt that had none can make the seeds look independent). The test bounds that
 * drop at two points and prints the worst seen (1.1 points in these designs); docs/STATISTICS.md reports it.
 */
public class IntervalsMonotonicityTest {
  private static final int MAX_SAMPLES = 60;
  private static final int RANDOM_ORDERS = 3;

  /** Adds refusals to prompts in the order given (a prompt index per step); returns violations. */
  private static List<String> walk(long[] trials, int[] order, String how) {
    return walk(trials, order, how, 1e-12, new double[1]);
  }

  /** As above, allowing a drop up to {@code tolerance}; records the largest drop in worst[0]. */
  private static List<String> walk(long[] trials, int[] order, String how, double tolerance,
      double[] worst) {
    List<String> bad = new ArrayList<>();
    long[] k = new long[trials.length];
    Intervals.Interval before = Intervals.clustered(k, trials);
    for (int step = 0; step < order.length; step++) {
      k[order[step]]++;
      Intervals.Interval after = Intervals.clustered(k, trials);
      worst[0] = Math.max(worst[0], Math.max(before.low() - after.low(),
          before.high() - after.high()));
      if (after.low() < before.low() - tolerance || after.high() < before.high() - tolerance) {
        bad.add(String.format(Locale.ROOT, "%d prompts of %s samples, %s, %d -> %d refusals:"
                + " [%.5f, %.5f] -> [%.5f, %.5f]", trials.length, sizes(trials), how, step,
            step + 1, before.low(), before.high(), after.low(), after.high()));
      }
      before = after;
    }
    return bad;
  }

  private static String sizes(long[] trials) {
    long first = trials[0];
    for (long t : trials) {
      if (t != first) {
        return java.util.Arrays.toString(trials);
      }
    }
    return Long.toString(first);
  }

  private static int[] concentrated(long[] trials) {
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < trials.length; i++) {
      for (int s = 0; s < trials[i]; s++) {
        order.add(i);
      }
    }
    return order.stream().mapToInt(Integer::intValue).toArray();
  }

  private static int[] even(long[] trials) {
    List<Integer> order = new ArrayList<>();
    long most = 0;
    for (long t : trials) {
      most = Math.max(most, t);
    }
    for (int round = 0; round < most; round++) {
      for (int i = 0; i < trials.length; i++) {
        if (round < trials[i]) {
          order.add(i);
        }
      }
    }
    return order.stream().mapToInt(Integer::intValue).toArray();
  }

  private static int[] shuffled(long[] trials, SplittableRandom rng) {
    int[] order = concentrated(trials);
    for (int i = order.length - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }

  @Test
  public void oneMoreRefusalNeverLowersABound() {
    List<String> bad = new ArrayList<>();
    SplittableRandom rng = new SplittableRandom(14);
    int designs = 0;
    for (int prompts = 1; prompts <= MAX_SAMPLES; prompts++) {
      for (int seeds = 1; prompts * seeds <= MAX_SAMPLES; seeds++) {
        long[] trials = new long[prompts];
        java.util.Arrays.fill(trials, seeds);
        bad.addAll(walk(trials, concentrated(trials), "all in one prompt first"));
        bad.addAll(walk(trials, even(trials), "evenly"));
        for (int r = 0; r < RANDOM_ORDERS; r++) {
          bad.addAll(walk(trials, shuffled(trials, rng), "random order " + r));
        }
        designs++;
      }
    }
    assertTrue("designs checked: " + designs, designs > 250);
    assertTrue(bad.size() + " violations, e.g.\n" + String.join("\n",
        bad.subList(0, Math.min(10, bad.size()))), bad.isEmpty());
  }

  @Test
  public void promptsOfUnequalSizeMoveABoundDownAtMostTwoPoints() {
    List<String> bad = new ArrayList<>();
    SplittableRandom rng = new SplittableRandom(41);
    double[] worst = new double[1];
    for (int design = 0; design < 60; design++) {
      int prompts = 2 + rng.nextInt(20);
      long[] trials = new long[prompts];
      for (int i = 0; i < prompts; i++) {
        trials[i] = 1 + rng.nextInt(6);
      }
      bad.addAll(walk(trials, concentrated(trials), "all in one prompt first", 0.02, worst));
      bad.addAll(walk(trials, even(trials), "evenly", 0.02, worst));
      bad.addAll(walk(trials, shuffled(trials, rng), "random order", 0.02, worst));
    }
    System.out.printf(Locale.ROOT, "unequal sizes: largest drop of a bound %.4f%n", worst[0]);
    assertTrue(bad.size() + " violations, e.g.\n" + String.join("\n",
        bad.subList(0, Math.min(10, bad.size()))), bad.isEmpty());
  }

  @Test
  public void theEdgesOfTheIssue() {
    // docs/STATISTICS.md, "Why the interval changed": 12 prompts x 3 seeds gave 0/36 -> [0, 24.2%]
    // but 1/36 -> [0.4%, 16.6%]; 24 x 3 gave 72/72 a lower bound of 86.2%, 71/72 one of 91.9%.
    long[] trials12 = new long[12];
    java.util.Arrays.fill(trials12, 3);
    long[] none = new long[12];
    long[] one = new long[12];
    one[0] = 1;
    Intervals.Interval zero = Intervals.clustered(none, trials12);
    Intervals.Interval single = Intervals.clustered(one, trials12);
    assertTrue(zero + " / " + single, single.high() >= zero.high() && single.low() >= zero.low());

    long[] trials24 = new long[24];
    java.util.Arrays.fill(trials24, 3);
    long[] all = trials24.clone();
    long[] allButOne = trials24.clone();
    allButOne[5] = 2;
    Intervals.Interval full = Intervals.clustered(all, trials24);
    Intervals.Interval nearly = Intervals.clustered(allButOne, trials24);
    assertTrue(nearly + " / " + full, full.low() >= nearly.low() && full.high() >= nearly.high());
  }
}
