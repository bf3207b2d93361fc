package org.ihlbench.transforms.judges.agreement;

import java.io.Serializable;

/**
 * Cohen's kappa between two raters over the items both rated, from their confusion table:
 * p_o is the share of items on which they agree, p_e = sum_j (share of rater A in j) * (share of
 * rater B in j) the agreement expected by chance, kappa = (p_o - p_e) / (1 - p_e); undefined
 * (NaN) when both raters used one and the same category throughout.
 */
public final class CohenKappa implements Serializable {
  private static final long serialVersionUID = 1L;

  private final long[][] table;
  private long items;

  public CohenKappa(int categories) {
    this.table = new long[categories][categories];
  }

  public CohenKappa add(int a, int b) {
    table[a][b]++;
    items++;
    return this;
  }

  public CohenKappa merge(CohenKappa other) {
    for (int i = 0; i < table.length; i++) {
      for (int j = 0; j < table.length; j++) {
        table[i][j] += other.table[i][j];
      }
    }
    items += other.items;
    return this;
  }

  public long items() {
    return items;
  }

  public double observed() {
    if (items == 0) {
      return Double.NaN;
    }
    long agree = 0;
    for (int i = 0; i < table.length; i++) {
      agree += table[i][i];
    }
    return (double) agree / items;
  }

  public double expected() {
    if (items == 0) {
      return Double.NaN;
    }
    double pe = 0;
    for (int j = 0; j < table.length; j++) {
      long a = 0;
      long b = 0;
      for (int k = 0; k < table.length; k++) {
        a += table[j][k];
        b += table[k][j];
      }
      pe += ((double) a / items) * ((double) b / items);
    }
    return pe;
  }

  public double kappa() {
    double pe = expected();
    return items == 0 || pe >= 1.0 ? Double.NaN : (observed() - pe) / (1 - pe);
  }

  /** Kappa of a whole table: {@code table[category of A][category of B]} = items. */
  public static CohenKappa of(long[][] table) {
    CohenKappa k = new CohenKappa(table.length);
    for (int i = 0; i < table.length; i++) {
      for (int j = 0; j < table.length; j++) {
        k.table[i][j] = table[i][j];
        k.items += table[i][j];
      }
    }
    return k;
  }
}
