package org.ihlbench.transforms.stats;

import static org.junit.Assert.assertTrue;

import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.distribution.BinomialDistribution;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;
import org.junit.Test;

/**
 * Does the corrected refusal rate's 95% interval cover the true rate, when the judge errs? Each
 * experiment draws a prompt set as {@link IntervalsCoverageTest} does (prompt-level true rates
 * from a Beta with mean mu and intra-prompt correlation ICC), samples every prompt with one or
 * five seeds, and has a judge of sensitivity 0.85 and specificity 0.95 call each answer (a true
 * refusal is called one with probability 0.85, anything else with probability 0.05). The same
 * judge is measured on a fresh set of labelled answers (a judge-eval with 100-300 items, of
 * which a given share are labelled refusals), and the summary's corrected interval is checked
 * against mu, the true rate over the population of prompts.
 *
 * <p>Beside it: the same interval without the labels' uncertainty (prompts only), and the
 * judge's uncorrected interval (the summary's {@code refusal_ci_*}), both of which should miss
 * far more often; their figures are printed for docs/STATISTICS.md. 4,000 experiments: Monte
 * Carlo standard error 0.34 points near 95%; the RNG is seeded, so the figures are fixed.
 */
public class CorrectedRateCoverageTest {
  private static final int EXPERIMENTS = 4000;
  private static final double SENSITIVITY = 0.85;
  private static final double SPECIFICITY = 0.95;
  /** The floor for the corrected interval. */
  private static final double FLOOR = 0.935;

  record Coverage(double corrected, double delta, double promptsOnly, double uncorrected) {}

  static Coverage simulate(long seed, int prompts, int seeds, double mu, double icc, int labelled,
      double labelledRefusals) {
    RandomGenerator rng = new Well19937c(seed);
    double ab = 1 / icc - 1;
    BetaDistribution promptRates = new BetaDistribution(rng, mu * ab, (1 - mu) * ab);
    int positives = (int) Math.round(labelled * labelledRefusals);
    int negatives = labelled - positives;
    BinomialDistribution tp = new BinomialDistribution(rng, positives, SENSITIVITY);
    BinomialDistribution tn = new BinomialDistribution(rng, negatives, SPECIFICITY);
    long[] k = new long[prompts];
    long[] n = new long[prompts];
    int corrected = 0;
    int delta = 0;
    int promptsOnly = 0;
    int uncorrected = 0;
    for (int e = 0; e < EXPERIMENTS; e++) {
      for (int i = 0; i < prompts; i++) {
        double p = promptRates.sample();
        k[i] = 0;
        n[i] = seeds;
        for (int s = 0; s < seeds; s++) {
          boolean refused = rng.nextDouble() < p;
          boolean called = rng.nextDouble() < (refused ? SENSITIVITY : 1 - SPECIFICITY);
          k[i] += called ? 1 : 0;
        }
      }
      int truePositives = tp.sample();
      int trueNegatives = tn.sample();
      JudgeErrorRates measured = new JudgeErrorRates("sim", truePositives,
          positives - truePositives, trueNegatives, negatives - trueNegatives);
      CorrectedRate.Estimate c = CorrectedRate.of(k, n, measured);
      corrected += c.low() <= mu && mu <= c.high() ? 1 : 0;
      CorrectedRate.Estimate d = CorrectedRate.delta(k, n, measured);
      delta += d.low() <= mu && mu <= d.high() ? 1 : 0;
      // The labels' uncertainty left out: as if se and sp were known from a huge labelled set.
      long scale = 1_000_000;
      JudgeErrorRates exact = new JudgeErrorRates("exact", measured.truePositives() * scale,
          measured.falseNegatives() * scale, measured.trueNegatives() * scale,
          measured.falsePositives() * scale);
      CorrectedRate.Estimate o = CorrectedRate.of(k, n, exact);
      promptsOnly += o.low() <= mu && mu <= o.high() ? 1 : 0;
      Intervals.Interval u = Intervals.clustered(k, n);
      uncorrected += u.low() <= mu && mu <= u.high() ? 1 : 0;
    }
    Coverage cov = new Coverage((double) corrected / EXPERIMENTS,
        (double) delta / EXPERIMENTS, (double) promptsOnly / EXPERIMENTS, (double) uncorrected / EXPERIMENTS);
    System.out.printf("corrected coverage prompts=%d seeds=%d mu=%.2f icc=%.2f labelled=%d"
        + " (%.0f%% refusals): corrected (Fieller) %.4f, delta method %.4f, prompts only %.4f,"
        + " uncorrected %.4f%n", prompts, seeds, mu, icc, labelled, 100 * labelledRefusals,
        cov.corrected(), cov.delta(), cov.promptsOnly(),
        cov.uncorrected());
    return cov;
  }

  private static void assertCovers(Coverage c) {
    assertTrue("corrected coverage " + c.corrected() + " below " + FLOOR, c.corrected() >= FLOOR);
    // Not bought by an interval that is far too wide either.
    assertTrue("corrected coverage " + c.corrected() + " above 0.985", c.corrected() <= 0.985);
  }

  @Test
  public void violationSetWithFiveSeedsAndTwoHundredLabels() {
    Coverage c = simulate(11, 322, 5, 0.85, 0.2, 200, 0.5);
    assertCovers(c);
    // The judge's own rate is biased down by 0.85 x 0.85 + 0.05 x 0.15 - 0.85 = -12 points: its
    // interval almost never holds the truth.
    assertTrue("uncorrected " + c.uncorrected(), c.uncorrected() < 0.05);
    // Leaving the labels out makes the interval too short: the se estimate from 100 labelled
    // refusals is as uncertain as the rate from 1,610 answers.
    assertTrue("prompts only " + c.promptsOnly(), c.promptsOnly() < c.corrected() - 0.05);
  }

  @Test
  public void oneSeedPerPromptAtAHighRateWithAHundredLabels() {
    assertCovers(simulate(12, 322, 1, 0.95, 0.2, 100, 0.5));
  }

  @Test
  public void halfTheRulesNearCeilingWithStronglyAlikeSeeds() {
    assertCovers(simulate(13, 161, 5, 0.95, 0.4, 300, 0.6));
  }

  @Test
  public void aHundredPromptsAtALowerRate() {
    assertCovers(simulate(14, 100, 5, 0.70, 0.3, 150, 0.4));
  }

  @Test
  public void overRefusalOfBenignPrompts() {
    // Benign prompts: few refusals, so most of the judge's "refusals" are its false positives
    // and the specificity's uncertainty dominates.
    assertCovers(simulate(15, 322, 5, 0.10, 0.2, 200, 0.5));
  }
}
