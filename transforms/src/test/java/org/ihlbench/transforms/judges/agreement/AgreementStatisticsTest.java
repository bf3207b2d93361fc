package org.ihlbench.transforms.judges.agreement;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

/** The three agreement statistics against published worked examples. */
public class AgreementStatisticsTest {

  /**
   * Fleiss (1971) as worked in Wikipedia's "Fleiss' kappa" article ("Worked example"): 10 items,
   * 14 raters, 5 categories; P-bar = 0.378, P-bar_e = 0.213, kappa = 0.210.
   */
  private static final long[][] FLEISS_WIKIPEDIA = {
      {0, 0, 0, 0, 14},
      {0, 2, 6, 4, 2},
      {0, 0, 3, 5, 6},
      {0, 3, 9, 2, 0},
      {2, 2, 8, 1, 1},
      {7, 7, 0, 0, 0},
      {3, 2, 6, 3, 0},
      {2, 5, 3, 2, 2},
      {6, 5, 2, 1, 0},
      {0, 2, 2, 3, 7}};

  @Test
  public void fleissKappaMatchesTheWorkedExample() {
    FleissKappa k = FleissKappa.of(FLEISS_WIKIPEDIA);
    assertEquals(10, k.items());
    assertEquals(0.378, k.observed(), 0.0005);
    assertEquals(0.213, k.expected(), 0.0005);
    assertEquals(0.210, k.kappa(), 0.0005);
    // Exactly: P-bar = 5.3846/10 (sum of P_i), P-bar_e = (20^2+28^2+39^2+21^2+32^2)/140^2.
    double pe = (400 + 784 + 1521 + 441 + 1024) / 19600.0;
    assertEquals(pe, k.expected(), 1e-12);
  }

  @Test
  public void fleissKappaMergesInAnyOrder() {
    FleissKappa a = new FleissKappa(14, 5);
    FleissKappa b = new FleissKappa(14, 5);
    for (int i = 0; i < FLEISS_WIKIPEDIA.length; i++) {
      (i % 3 == 0 ? a : b).add(FLEISS_WIKIPEDIA[i]);
    }
    assertEquals(FleissKappa.of(FLEISS_WIKIPEDIA).kappa(), b.merge(a).kappa(), 1e-12);
  }

  @Test
  public void fleissKappaIsUndefinedWithoutVariationAndOneWithPerfectAgreement() {
    assertTrue(Double.isNaN(FleissKappa.of(new long[][] {{3, 0}, {3, 0}}).kappa()));
    assertEquals(1.0, FleissKappa.of(new long[][] {{3, 0}, {0, 3}}).kappa(), 1e-12);
  }

  /**
   * Wikipedia's "Krippendorff's alpha" article, "A computational example": 3 coders, 15 units,
   * values 1-4 with missing data; nominal alpha = 0.691 (0.691358 in the krippendorff Python
   * package's tests of the same data).
   */
  @Test
  public void krippendorffsAlphaMatchesTheWikipediaExample() {
    Integer n = null;
    Integer[][] data = {
        {n, n, n, n, n, 3, 4, 1, 2, 1, 1, 3, 3, n, 3},
        {1, n, 2, 1, 3, 3, 4, 3, n, n, n, n, n, n, n},
        {n, n, 2, 1, 3, 4, 4, n, 2, 1, 1, 3, 3, n, 4}};
    KrippendorffAlpha a = KrippendorffAlpha.of(minusOne(data), 4);
    assertEquals(0.691358, a.alpha(), 5e-7);
    // Units 1, 2 and 14 have fewer than two values and are not pairable.
    assertEquals(12, a.units());
  }

  /**
   * Krippendorff, "Computing Krippendorff's Alpha-Reliability" (2011), example C: 4 observers,
   * 12 units, values 1-5 with missing data; nominal alpha = 0.743.
   */
  @Test
  public void krippendorffsAlphaMatchesKrippendorffsOwnNominalExample() {
    Integer n = null;
    Integer[][] data = {
        {1, 2, 3, 3, 2, 1, 4, 1, 2, n, n, n},
        {1, 2, 3, 3, 2, 2, 4, 1, 2, 5, n, 3},
        {n, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, n},
        {1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, n}};
    assertEquals(0.743, KrippendorffAlpha.of(minusOne(data), 5).alpha(), 0.0005);
  }

  /**
   * The same paper's example A: binary data, 2 observers, 10 units, no missing data; alpha =
   * 0.095. By hand: o_00 = 10, o_11 = 2, o_01 = o_10 = 4, n = 20, so alpha = 1 - 19 * 8 / (2 *
   * 14 * 6) = 0.0952.
   */
  @Test
  public void krippendorffsAlphaMatchesTheBinaryExample() {
    Integer[][] data = {
        {0, 1, 0, 0, 0, 0, 0, 0, 1, 0},
        {1, 1, 1, 0, 0, 1, 0, 0, 0, 0}};
    assertEquals(1 - 19.0 * 8 / (2 * 14 * 6), KrippendorffAlpha.of(data, 2).alpha(), 1e-12);
    assertEquals(0.095, KrippendorffAlpha.of(data, 2).alpha(), 0.0005);
  }

  @Test
  public void krippendorffsAlphaIsUndefinedWithoutVariation() {
    assertTrue(Double.isNaN(KrippendorffAlpha.of(new Integer[][] {{1, 1}, {1, 1}}, 2).alpha()));
  }

  /**
   * Wikipedia's "Cohen's kappa" article, first example: 50 proposals; both yes 20, A yes B no 5,
   * A no B yes 10, both no 15; p_o = 0.7, p_e = 0.5, kappa = 0.4.
   */
  @Test
  public void cohensKappaMatchesTheWorkedExample() {
    CohenKappa k = CohenKappa.of(new long[][] {{20, 5}, {10, 15}});
    assertEquals(50, k.items());
    assertEquals(0.7, k.observed(), 1e-12);
    assertEquals(0.5, k.expected(), 1e-12);
    assertEquals(0.4, k.kappa(), 1e-12);
    CohenKappa byItem = new CohenKappa(2);
    for (int i = 0; i < 20; i++) {
      byItem.add(0, 0);
    }
    for (int i = 0; i < 5; i++) {
      byItem.add(0, 1);
    }
    for (int i = 0; i < 10; i++) {
      byItem.add(1, 0);
    }
    for (int i = 0; i < 15; i++) {
      byItem.add(1, 1);
    }
    assertEquals(0.4, byItem.kappa(), 1e-12);
  }

  @Test
  public void cohensKappaIsUndefinedWhenBothRatersNeverVary() {
    assertTrue(Double.isNaN(CohenKappa.of(new long[][] {{9, 0}, {0, 0}}).kappa()));
    assertEquals(-1.0, CohenKappa.of(new long[][] {{0, 5}, {5, 0}}).kappa(), 1e-12);
  }

  private static Integer[][] minusOne(Integer[][] data) {
    Integer[][] out = new Integer[data.length][];
    for (int i = 0; i < data.length; i++) {
      out[i] = new Integer[data[i].length];
      for (int u = 0; u < data[i].length; u++) {
        out[i][u] = data[i][u] == null ? null : data[i][u] - 1;
      }
    }
    return out;
  }
}
