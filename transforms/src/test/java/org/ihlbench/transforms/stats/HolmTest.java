package org.ihlbench.transforms.stats;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class HolmTest {
  @Test
  public void stepDownAdjustment() {
    // Sorted: 0.005 x 4 = 0.02; 0.01 x 3 = 0.03; 0.03 x 2 = 0.06; 0.04 x 1 = 0.04, raised to the
    // running maximum 0.06. Back in the given order:
    double[] adjusted = Holm.adjust(new double[] {0.01, 0.04, 0.03, 0.005});
    assertArrayEquals(new double[] {0.03, 0.06, 0.06, 0.02}, adjusted, 1e-12);
  }

  @Test
  public void capsAtOneAndSkipsMissingTests() {
    // Two real tests: 0.3 x 2 = 0.6, 0.7 x 1 = 0.7; NaN is not a test and does not count.
    double[] adjusted = Holm.adjust(new double[] {0.7, Double.NaN, 0.3});
    assertArrayEquals(new double[] {0.7, Double.NaN, 0.6}, adjusted, 1e-12);
    assertArrayEquals(new double[] {1.0, 1.0}, Holm.adjust(new double[] {0.6, 0.9}), 1e-12);
  }

  @Test
  public void aSingleTestIsUnchanged() {
    assertArrayEquals(new double[] {0.042}, Holm.adjust(new double[] {0.042}), 0);
    assertTrue(Holm.adjust(new double[0]).length == 0);
  }
}
