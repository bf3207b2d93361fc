package org.ihlbench.transforms.judges.agreement;

import java.io.Serializable;

/**
 * Fleiss' kappa (Fleiss 1971) for items that were each rated by the same number of raters,
 * accumulated item by item so that partial sums merge in any order.
 *
 * <p>For item i with n raters, n_ij of whom chose category j: P_i = (sum_j n_ij^2 - n) / (n(n-1)),
 * the share of agreeing rater pairs; P-bar is their mean. p_j is category j's share of all
 * ratings and P-bar_e = sum_j p_j^2 the agreement expected by chance. Kappa = (P-bar - P-bar_e) /
 * (1 - P-bar_e); undefined (NaN) when every rating falls in one category.
 */
public final class FleissKappa implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int raters;
  private final long[] categoryTotals;
  private long items;
  private double sumAgreement;

  public FleissKappa(int raters, int categories) {
    if (raters < 2) {
      throw new IllegalArgumentException("Fleiss' kappa needs at least two raters per item");
    }
    this.raters = raters;
    this.categoryTotals = new long[categories];
  }

  /** One item: how many raters chose each category; they must add up to the rater count. */
  public FleissKappa add(long[] countsByCategory) {
    long n = 0;
    long squares = 0;
    for (int j = 0; j < countsByCategory.length; j++) {
      n += countsByCategory[j];
      squares += countsByCategory[j] * countsByCategory[j];
      categoryTotals[j] += countsByCategory[j];
    }
    if (n != raters) {
      throw new IllegalArgumentException("an item has " + n + " ratings, not " + raters);
    }
    items++;
    sumAgreement += (double) (squares - n) / (n * (n - 1.0));
    return this;
  }

  public FleissKappa merge(FleissKappa other) {
    for (int j = 0; j < categoryTotals.length; j++) {
      categoryTotals[j] += other.categoryTotals[j];
    }
    items += other.items;
    sumAgreement += other.sumAgreement;
    return this;
  }

  public long items() {
    return items;
  }

  /** P-bar, the mean share of agreeing rater pairs. */
  public double observed() {
    return items == 0 ? Double.NaN : sumAgreement / items;
  }

  /** P-bar_e, the agreement expected from the category shares alone. */
  public double expected() {
    if (items == 0) {
      return Double.NaN;
    }
    double total = (double) items * raters;
    double pe = 0;
    for (long t : categoryTotals) {
      pe += (t / total) * (t / total);
    }
    return pe;
  }

  public double kappa() {
    double pe = expected();
    return items == 0 || pe >= 1.0 ? Double.NaN : (observed() - pe) / (1 - pe);
  }

  /** Kappa of a whole table: {@code counts[item][category]}. */
  public static FleissKappa of(long[][] counts) {
    long n = 0;
    for (long c : counts[0]) {
      n += c;
    }
    FleissKappa k = new FleissKappa((int) n, counts[0].length);
    for (long[] row : counts) {
      k.add(row);
    }
    return k;
  }
}
