package org.ihlbench.transforms.stats;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class IccTest {
  @Test
  public void anovaEstimatorOnALiteralTable() {
    // Three prompts x 3 seeds refused 3, 0, 2 times. N = 9, sum y = 5,
    // sum y^2/n = 9/3 + 0 + 4/3 = 4.333333; MSB = (4.333333 - 25/9) / 2 = 0.777778;
    // MSW = (5 - 4.333333) / 6 = 0.111111; n0 = (9 - 27/9) / 2 = 3;
    // ICC = (0.777778 - 0.111111) / (0.777778 + 2 x 0.111111) = 0.666667
    assertEquals(2.0 / 3, Icc.anova(new long[] {3, 0, 2}, new long[] {3, 3, 3}), 1e-9);
  }

  @Test
  public void allOrNothingPromptsAreFullyCorrelated() {
    assertEquals(1.0, Icc.anova(new long[] {4, 0, 4, 0}, new long[] {4, 4, 4, 4}), 1e-12);
  }

  @Test
  public void chanceSpreadIsNearZeroAndUnderDispersionNegative() {
    // Every prompt exactly 2 of 4: MSB = 0, MSW = (12 - 6) / 18 = 1/3, n0 = 4:
    // ICC = -1/3 / (3 x 1/3) = -1/3 (less alike than chance).
    assertEquals(-1.0 / 3, Icc.anova(new long[] {2, 2, 2, 2, 2, 2}, new long[] {4, 4, 4, 4, 4, 4}),
        1e-12);
  }

  @Test
  public void equalMeanSquaresGiveExactlyZero() {
    // 0, 0 and 1 refusals of 3: MSB = (1/3 - 1/9) / 2 = 1/9 and MSW = (1 - 1/3) / 6 = 1/9, so
    // ICC = 0 (the straight formula gives -4.2e-17 in doubles).
    assertEquals(0.0, Icc.anova(new long[] {0, 0, 1}, new long[] {3, 3, 3}), 0);
    assertEquals(0.0, Icc.anova(new long[] {2, 3}, new long[] {3, 3}), 0);
  }

  @Test
  public void notEstimableWithoutRepeatsOrVariation() {
    assertTrue(Double.isNaN(Icc.anova(new long[] {1, 0, 1}, new long[] {1, 1, 1})));
    assertTrue(Double.isNaN(Icc.anova(new long[] {3}, new long[] {3})));
    assertTrue(Double.isNaN(Icc.anova(new long[] {3, 3}, new long[] {3, 3})));
  }
}
