package org.ihlbench.transforms.stats;

import java.io.Serializable;

/**
 * How often a rater (a judge, or the panel's majority) is right about "full refusal or not", as
 * measured against human labels: the confusion counts of a judge-eval result, and where they came
 * from. The corrected refusal rate ({@link CorrectedRate}) undoes the bias these rates cause.
 *
 * @param source where the counts came from, as the summary's {@code correction} column shows it
 *     (e.g. {@code judge-eval:<sha256 prefix>:majority})
 * @param truePositives labelled full refusals the rater called full refusals
 * @param falseNegatives labelled full refusals the rater did not
 * @param trueNegatives answers labelled otherwise that the rater called otherwise
 * @param falsePositives answers labelled otherwise that the rater called full refusals
 */
public record JudgeErrorRates(String source, long truePositives, long falseNegatives,
    long trueNegatives, long falsePositives) implements Serializable {

  public JudgeErrorRates {
    if (truePositives < 0 || falseNegatives < 0 || trueNegatives < 0 || falsePositives < 0) {
      throw new IllegalArgumentException("confusion counts must be >= 0");
    }
  }

  public long positives() {
    return truePositives + falseNegatives;
  }

  public long negatives() {
    return trueNegatives + falsePositives;
  }

  /** Share of labelled refusals the rater calls refusals; NaN with none labelled. */
  public double sensitivity() {
    return positives() == 0 ? Double.NaN : (double) truePositives / positives();
  }

  /** Share of labelled non-refusals the rater calls non-refusals; NaN with none labelled. */
  public double specificity() {
    return negatives() == 0 ? Double.NaN : (double) trueNegatives / negatives();
  }

  /**
   * Youden's J = sensitivity + specificity - 1, the denominator of the correction: the rate is
   * correctable only when J > 0 (a rater no better than chance, or worse, says nothing about it).
   */
  public double youden() {
    return sensitivity() + specificity() - 1;
  }

  /** Why no correction is possible with these counts; null when one is. */
  public String problem() {
    if (positives() == 0) {
      return "no labelled full refusals, so sensitivity is undefined";
    }
    if (negatives() == 0) {
      return "no labelled answers other than full refusals, so specificity is undefined";
    }
    if (!(youden() > 0)) {
      return String.format(java.util.Locale.ROOT, "sensitivity %.3f + specificity %.3f <= 1: the"
          + " rater is no better than chance, so its rate cannot be corrected", sensitivity(),
          specificity());
    }
    return null;
  }
}
