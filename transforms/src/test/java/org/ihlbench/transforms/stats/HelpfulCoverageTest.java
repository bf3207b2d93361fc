package org.ihlbench.transforms.stats;

import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.Test;

/**
 * Coverage of the helpful-refusal-rate interval (explained refusals / refusals, clustered by
 * prompt) over the same grid as {@link RateCoverageTest}: prompts {5, 12, 24, 100, 322} x seeds
 * {1, 3, 5} x true helpful rate {0.5, 0.9, 0.97} x intra-prompt correlation {0, 0.2, 0.4}, with
 * prompts refusing 80% of the time ({@link RateCoverage#simulateHelpful}, 2,000 seeded
 * experiments per cell: a method that truly covers 91.5% passes with probability below 0.1%).
 *
 * <p>Every cell must cover at least 93.5%. At most 97.5% is asserted from 100 prompts up; below,
 * the interval over-covers in some cells (up to 99.5% at 5 prompts, rate 0.5, independent seeds,
 * the refusal-rate grid's shortfall: few prompts cannot rule out correlated seeds), and with one
 * seed the refusals are often too few for any count-based interval to do better (the table marks
 * those). The cells above 97.5% are printed and listed in docs/STATISTICS.md. At 2,000
 * experiments a coverage's standard error is about 0.35 points near 97%.
 */
public class HelpfulCoverageTest {
  static final int REPLICATES = 2000;
  static final double REFUSAL_RATE = 0.8;

  @Test
  public void helpfulRateCoversEveryCell() {
    List<RateCoverage.Cell> all = new ArrayList<>();
    for (int prompts : RateCoverageTest.PROMPTS) {
      for (int seeds : RateCoverageTest.SEEDS) {
        List<RateCoverage.Cell> cells = new ArrayList<>();
        for (double rate : RateCoverageTest.RATES) {
          for (double icc : RateCoverageTest.ICCS) {
            cells.add(RateCoverage.simulateHelpful(RateCoverage.CHOSEN, prompts, seeds,
                REFUSAL_RATE, rate, icc, REPLICATES));
          }
        }
        System.out.println(RateCoverage.compact("helpful", cells));
        all.addAll(cells);
      }
    }
    System.out.println(RateCoverage.table(all));
    List<String> failures = new ArrayList<>();
    for (RateCoverage.Cell c : all) {
      if (c.coverage() < 0.935) {
        failures.add(c.label() + ": " + c.coverage() + " < 0.935");
      }
      if (c.coverage() > 0.975 && c.upperLimitApplies() && c.prompts() >= 100) {
        failures.add(c.label() + ": " + c.coverage() + " > 0.975");
      }
    }
    assertTrue(String.join("\n", failures), failures.isEmpty());
  }
}
