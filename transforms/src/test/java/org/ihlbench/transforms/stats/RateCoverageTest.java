package org.ihlbench.transforms.stats;

import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.Test;

/**
 * Coverage of the refusal-rate interval over prompts {5, 12, 24, 100, 322} x seeds {1, 3, 5} x
 * true rate {0.5, 0.9, 0.97} x intra-prompt correlation {0, 0.2, 0.4} ({@link RateCoverage}: exact
 * where the design is small, else 4,000 seeded experiments per cell).
 *
 * <p>Every cell must cover at least 93.5%. With 4,000 experiments the standard error of a coverage
 * near 95% is 0.34 points, so a method that truly covers 91.5% (a 2-point miss) passes with
 * probability below 1e-5. Every cell must cover at most 97.5% where the count's discreteness
 * allows it ({@link RateCoverage.Cell#upperLimitApplies}), except the cells listed in {@link
 * #OVER_COVERING}: at 5 to 24 prompts an interval that holds 93.5% when seeds are correlated 0.4
 * cannot be as short when they are independent, since so few prompts cannot tell the two apart
 * (docs/STATISTICS.md shows every candidate doing the same).
 */
public class RateCoverageTest {
  static final int[] PROMPTS = {5, 12, 24, 100, 322};
  static final int[] SEEDS = {1, 3, 5};
  static final double[] RATES = {0.5, 0.9, 0.97};
  static final double[] ICCS = {0, 0.2, 0.4};
  static final int REPLICATES = 4000;

  /**
   * Cells known to cover more than 97.5% though a count-based interval could cover less: all at
   * independent seeds (or 0.2 at 5 prompts), where the interval still allows for correlated ones.
   * Exact figures, so the list does not move with a seed.
   */
  static final List<String> OVER_COVERING = List.of(
      "prompts=5 seeds=3 rate=0.50 icc=0.0", // 99.3%
      "prompts=5 seeds=5 rate=0.50 icc=0.0", // 99.7%
      "prompts=5 seeds=5 rate=0.50 icc=0.2", // 98.1%
      "prompts=12 seeds=3 rate=0.50 icc=0.0", // 97.8%
      "prompts=12 seeds=3 rate=0.90 icc=0.0", // 97.8%
      "prompts=12 seeds=5 rate=0.50 icc=0.0", // 98.5%
      "prompts=24 seeds=3 rate=0.90 icc=0.0"); // 97.5%

  @Test
  public void refusalRateCoversEveryCell() {
    List<RateCoverage.Cell> all = new ArrayList<>();
    for (int prompts : PROMPTS) {
      for (int seeds : SEEDS) {
        List<RateCoverage.Cell> cells = RateCoverage.design(RateCoverage.CHOSEN, prompts, seeds,
            RATES, ICCS, REPLICATES);
        System.out.println(RateCoverage.compact("refusal", cells));
        all.addAll(cells);
      }
    }
    System.out.println(RateCoverage.table(all));
    List<String> failures = new ArrayList<>();
    for (RateCoverage.Cell c : all) {
      if (c.coverage() < 0.935) {
        failures.add(c.label() + ": " + c.coverage() + " < 0.935");
      }
      if (c.coverage() > 0.975 && c.upperLimitApplies() && !OVER_COVERING.contains(c.label())) {
        failures.add(c.label() + ": " + c.coverage() + " > 0.975");
      }
    }
    assertTrue(String.join("\n", failures), failures.isEmpty());
  }
}
