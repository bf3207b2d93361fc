package org.ihlbench.transforms.judges.agreement;

import java.io.Serializable;

/**
 * Krippendorff's alpha for nominal data, which allows any number of raters per unit and missing
 * ratings; accumulated unit by unit through the coincidence matrix, so partial sums merge.
 *
 * <p>A unit rated by m_u >= 2 raters adds, for every ordered pair of its ratings (c, k) from two
 * different raters, 1 / (m_u - 1) to o_ck; units with fewer ratings are not pairable and add
 * nothing. With n_c = sum_k o_ck and n = sum_c n_c, alpha = 1 - (n - 1) * sum_{c != k} o_ck /
 * sum_{c != k} n_c n_k (Krippendorff, "Computing Krippendorff's Alpha-Reliability", 2011);
 * undefined (NaN) when every pairable rating is the same value.
 */
public final class KrippendorffAlpha implements Serializable {
  private static final long serialVersionUID = 1L;

  private final double[][] coincidences;
  private long units;

  public KrippendorffAlpha(int categories) {
    this.coincidences = new double[categories][categories];
  }

  /** One unit: how many of its ratings fell in each category. */
  public KrippendorffAlpha add(long[] countsByCategory) {
    long m = 0;
    for (long c : countsByCategory) {
      m += c;
    }
    if (m < 2) {
      return this;
    }
    units++;
    for (int c = 0; c < countsByCategory.length; c++) {
      for (int k = 0; k < countsByCategory.length; k++) {
        long pairs = countsByCategory[c] * (c == k ? countsByCategory[k] - 1 : countsByCategory[k]);
        coincidences[c][k] += pairs / (m - 1.0);
      }
    }
    return this;
  }

  public KrippendorffAlpha merge(KrippendorffAlpha other) {
    for (int c = 0; c < coincidences.length; c++) {
      for (int k = 0; k < coincidences.length; k++) {
        coincidences[c][k] += other.coincidences[c][k];
      }
    }
    units += other.units;
    return this;
  }

  /** Units with at least two ratings: the ones alpha is computed on. */
  public long units() {
    return units;
  }

  public double alpha() {
    int v = coincidences.length;
    double[] marginal = new double[v];
    double n = 0;
    double disagreeing = 0;
    for (int c = 0; c < v; c++) {
      for (int k = 0; k < v; k++) {
        marginal[c] += coincidences[c][k];
        if (c != k) {
          disagreeing += coincidences[c][k];
        }
      }
      n += marginal[c];
    }
    double expected = 0;
    for (int c = 0; c < v; c++) {
      for (int k = 0; k < v; k++) {
        if (c != k) {
          expected += marginal[c] * marginal[k];
        }
      }
    }
    return expected == 0 ? Double.NaN : 1 - (n - 1) * disagreeing / expected;
  }

  /**
   * Alpha of reliability data as published: {@code data[rater][unit]}, null where a rater gave
   * no value; values are category indices 0..categories-1.
   */
  public static KrippendorffAlpha of(Integer[][] data, int categories) {
    KrippendorffAlpha a = new KrippendorffAlpha(categories);
    for (int u = 0; u < data[0].length; u++) {
      long[] counts = new long[categories];
      for (Integer[] rater : data) {
        if (rater[u] != null) {
          counts[rater[u]]++;
        }
      }
      a.add(counts);
    }
    return a;
  }
}
