package org.ihlbench.transforms.judges.agreement;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Every agreement figure of one binary field within one scope, accumulated item by item: Fleiss'
 * kappa over the items every judge rated, Krippendorff's alpha over all items with two or more
 * ratings, Cohen's kappa for each pair of judges over the items both rated, and each judge's
 * agreement with the panel's majority. Ratings are 1 (yes), 0 (no) or -1 (no rating: the judge
 * abstained, or the field does not apply to its verdict).
 */
public final class PanelAgreement implements Serializable {
  private static final long serialVersionUID = 1L;
  static final int CATEGORIES = 2;

  private final int judges;
  private final FleissKappa fleiss;
  private final KrippendorffAlpha alpha;
  private final CohenKappa[] pairs;
  private final long[] agreeWithMajority;
  private final long[] comparedWithMajority;

  public PanelAgreement(int judges) {
    this.judges = judges;
    this.fleiss = judges >= 2 ? new FleissKappa(judges, CATEGORIES) : null;
    this.alpha = new KrippendorffAlpha(CATEGORIES);
    this.pairs = new CohenKappa[judges * (judges - 1) / 2];
    for (int i = 0; i < pairs.length; i++) {
      pairs[i] = new CohenKappa(CATEGORIES);
    }
    this.agreeWithMajority = new long[judges];
    this.comparedWithMajority = new long[judges];
  }

  /** One item: each judge's rating in panel order, and the majority's (-1: undecided). */
  public PanelAgreement add(int[] ratings, int majority) {
    long[] counts = new long[CATEGORIES];
    int rated = 0;
    for (int r : ratings) {
      if (r >= 0) {
        counts[r]++;
        rated++;
      }
    }
    if (fleiss != null && rated == judges) {
      fleiss.add(counts);
    }
    alpha.add(counts);
    int p = 0;
    for (int a = 0; a < judges; a++) {
      for (int b = a + 1; b < judges; b++, p++) {
        if (ratings[a] >= 0 && ratings[b] >= 0) {
          pairs[p].add(ratings[a], ratings[b]);
        }
      }
      if (ratings[a] >= 0 && majority >= 0) {
        comparedWithMajority[a]++;
        if (ratings[a] == majority) {
          agreeWithMajority[a]++;
        }
      }
    }
    return this;
  }

  public PanelAgreement merge(PanelAgreement other) {
    if (fleiss != null) {
      fleiss.merge(other.fleiss);
    }
    alpha.merge(other.alpha);
    for (int i = 0; i < pairs.length; i++) {
      pairs[i].merge(other.pairs[i]);
    }
    for (int j = 0; j < judges; j++) {
      agreeWithMajority[j] += other.agreeWithMajority[j];
      comparedWithMajority[j] += other.comparedWithMajority[j];
    }
    return this;
  }

  /** One figure: which statistic, of which judges, on how many items. */
  public record Figure(String statistic, String judgeA, String judgeB, long items, double value,
      Double observed, Double expected) {}

  /** The figures, with judges named in panel order. */
  public List<Figure> figures(List<String> names) {
    List<Figure> out = new ArrayList<>();
    if (fleiss != null) {
      out.add(new Figure("fleiss_kappa", null, null, fleiss.items(), fleiss.kappa(),
          orNull(fleiss.observed()), orNull(fleiss.expected())));
      out.add(new Figure("krippendorff_alpha", null, null, alpha.units(), alpha.alpha(), null, null));
    }
    int p = 0;
    for (int a = 0; a < judges; a++) {
      for (int b = a + 1; b < judges; b++, p++) {
        CohenKappa k = pairs[p];
        out.add(new Figure("cohen_kappa", names.get(a), names.get(b), k.items(), k.kappa(),
            orNull(k.observed()), orNull(k.expected())));
      }
    }
    for (int j = 0; j < judges; j++) {
      long n = comparedWithMajority[j];
      double share = n == 0 ? Double.NaN : (double) agreeWithMajority[j] / n;
      out.add(new Figure("agreement_with_majority", names.get(j), null, n, share, orNull(share), null));
    }
    return out;
  }

  private static Double orNull(double v) {
    return Double.isNaN(v) ? null : v;
  }
}
