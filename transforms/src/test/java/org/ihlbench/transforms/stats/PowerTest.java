package org.ihlbench.transforms.stats;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;
import org.junit.Test;

public class PowerTest {
  @Test
  public void samplesForEightyVersusNinetyPercent() {
    // p1 = 0.8, p2 = 0.9: pbar = 0.85, sqrt(2 x 0.85 x 0.15) = 0.504975,
    // sqrt(0.16 + 0.09) = 0.5; (1.959964 x 0.504975 + 0.841621 x 0.5)^2 = 1.410544^2 = 1.989634;
    // / 0.1^2 = 198.96 samples per condition.
    assertEquals(198.9634, Power.samplesPerCondition(0.8, 0.9, 0.05, 0.8), 1e-3);
    assertEquals(199, Power.promptsNeeded(0.8, 0.9, Double.NaN, 1, 0.05, 0.8));
  }

  @Test
  public void seedsHelpLessTheMoreAlikeTheyAre() {
    // Five seeds at ICC 0.3: design effect 1 + 4 x 0.3 = 2.2; 198.96 x 2.2 / 5 = 87.54 -> 88.
    assertEquals(2.2, Power.designEffect(5, 0.3), 1e-12);
    assertEquals(88, Power.promptsNeeded(0.8, 0.9, 0.3, 5, 0.05, 0.8));
    // Ten seeds: 198.96 x 3.7 / 10 = 73.6 -> 74; the floor as seeds grow is 198.96 x 0.3 = 59.7.
    assertEquals(74, Power.promptsNeeded(0.8, 0.9, 0.3, 10, 0.05, 0.8));
    assertTrue(Power.promptsNeeded(0.8, 0.9, 0.3, 1000, 0.05, 0.8) >= 60);
    // Independent seeds (ICC 0): five seeds need a fifth of the prompts.
    assertEquals(40, Power.promptsNeeded(0.8, 0.9, 0.0, 5, 0.05, 0.8));
    // A negative ICC estimate is taken as 0.
    assertEquals(1.0, Power.designEffect(5, -0.1), 0);
  }

  @Test
  public void powerOfTheDesignThatTheFormulaSizedIsTheTarget() {
    assertEquals(0.8, Power.powerOf(0.8, 0.9, 0.3, 87.54, 5, 0.05), 1e-3);
    assertTrue(Power.powerOf(0.8, 0.9, 0.3, 322, 5, 0.05) > 0.99);
    assertTrue(Power.powerOf(0.8, 0.82, 0.3, 36, 3, 0.05) < 0.2);
  }

  @Test
  public void theChangeTurnsDownNearTheCeiling() {
    assertEquals(0.85, Power.target(0.80, 0.05), 1e-12);
    assertEquals(0.92, Power.target(0.97, 0.05), 1e-12);
  }

  @Test
  public void badArgumentsAreRefusedWithTheirValues() {
    assertThrows(IllegalArgumentException.class, () -> Power.samplesPerCondition(0.8, 0.8, 0.05, 0.8));
    assertThrows(IllegalArgumentException.class, () -> Power.promptsNeeded(0.8, 0.9, Double.NaN, 3, 0.05, 0.8));
    assertThrows(IllegalArgumentException.class, () -> Power.samplesPerCondition(0.8, 0.9, 0.05, 1.2));
  }

  @Test
  public void simulatedPowerOfTheSizedDesignIsNearEightyPercent() {
    // Independent-groups check of the formula: 199 samples per condition at 0.8 vs 0.9, a
    // two-sided z-test of two proportions at 5%: about 80% of 4,000 experiments reject
    // (Monte Carlo standard error 0.6 points).
    RandomGenerator rng = new Well19937c(5);
    int n = 199;
    int rejections = 0;
    int experiments = 4000;
    for (int e = 0; e < experiments; e++) {
      int a = 0;
      int b = 0;
      for (int i = 0; i < n; i++) {
        a += rng.nextDouble() < 0.8 ? 1 : 0;
        b += rng.nextDouble() < 0.9 ? 1 : 0;
      }
      double pa = a / (double) n;
      double pb = b / (double) n;
      double pool = (a + b) / (2.0 * n);
      double z = (pb - pa) / Math.sqrt(pool * (1 - pool) * 2 / n);
      rejections += Math.abs(z) > Intervals.Z95 ? 1 : 0;
    }
    double power = (double) rejections / experiments;
    assertTrue("simulated power " + power, power > 0.77 && power < 0.83);
  }
}
