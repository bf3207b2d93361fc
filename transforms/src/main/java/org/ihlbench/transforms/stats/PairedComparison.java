package org.ihlbench.transforms.stats;

import java.util.Arrays;
import java.util.List;

/**
 * A paired difference between two rates over matched samples, with an interval clustered by
 * prompt and a paired test. The statistics, not the plumbing: {@link PairedDeltas} feeds it.
 *
 * <p>Interval (ci_method): with one pair per prompt, Agresti and Min's adjusted Wald interval
 * (Agresti and Min 2005, "Simple improved confidence intervals for comparing matched
 * proportions", their Wald+2), which adds half a pair to each cell of the 2x2 table before taking
 * the Wald interval: centre (c - b) / (n + 2), variance ((b + c + 1) - (c - b)^2 / (n + 2)) /
 * (n + 2)^2, the normal quantile ({@code agresti-min}). It does not collapse to a point when no
 * pair is discordant, and with few pairs it is shorter than Bonett and Price's (2012) one
 * discordant pair added each way, which covers 98-100% below 25 pairs near the ceiling
 * (docs/STATISTICS.md, "Coverage"). With several pairs per prompt (seeds), Bonett-Price's
 * adjustment, clustered: one discordant pair each way as two extra clusters, the cluster-robust
 * variance over prompts with the c / (c - 1) factor (CR1), and Student's t on c - 1 degrees of
 * freedom, c counting the two added clusters ({@code cluster-bonett-price}); there half a pair
 * each way falls short (87.6% at 12 prompts x 5 seeds near the ceiling). From {@link
 * #SCORE_MIN_PROMPTS} prompts up, the same clustered variance is the variance at the estimate of
 * a score interval (Tango 1998 at the effective number of pairs, {@code cluster-score}): the
 * variance under each hypothesised change follows one pair's variance at the restricted
 * maximum-likelihood 2x2 table, so the interval reaches further on the side where the change
 * would need more discordant pairs. Near the ceiling a few hard prompts carry the whole change,
 * and a sample that misses them shows a small, tight change; the symmetric interval then covered
 * 92.2% (12 prompts x 5 seeds, 0.87 -> 0.97, ICC 0.4), this 96.7% (docs/STATISTICS.md).
 *
 * <p>Test: McNemar's exact test when every prompt gives one pair; otherwise a sign-flip
 * permutation test over prompts (under no change the two conditions are exchangeable within a
 * prompt, so each prompt's summed difference is as likely negated), computed exactly (see
 * {@link #signFlipP}).
 *
 * <p>Bootstrap: a percentile interval from a Poisson bootstrap over prompts, as a check that
 * does not lean on a normal approximation.
 */
public final class PairedComparison {
  /** The outcome of one comparison. */
  public record Result(long pairs, long clusters, long both, long fromOnly, long toOnly,
      long neither, double rateFrom, double rateTo, double delta, double ciLow, double ciHigh,
      String ciMethod, double bootLow, double bootHigh, int bootReplicates, String test,
      double pValue, double ciSe, double ciDf) {}

  /** The interval's method with one pair per prompt. */
  public static final String AGRESTI_MIN = "agresti-min";
  /** The interval's method with several pairs of some prompt and fewer than 11 prompts. */
  public static final String CLUSTER_BONETT_PRICE = "cluster-bonett-price";
  /** The interval's method with several pairs of some prompt and 11 prompts or more. */
  public static final String CLUSTER_SCORE = "cluster-score";
  /**
   * The fewest prompts for the score interval. With fewer, the design effect it is scaled by
   * rests on so few prompts that one pair moving towards "to" can lower a bound (by up to 7
   * points at 3 prompts, in 856 steps of the walks in PairedCandidatesReport; none from 11
   * prompts up to 60 pairs); there the clustered Bonett-Price interval, which over-covers at 5
   * prompts anyway, is used.
   */
  public static final int SCORE_MIN_PROMPTS = 11;

  private PairedComparison() {}

  /**
   * @param prompts prompt ids, one per tally
   * @param tallies the matched pairs of each prompt; prompts without pairs are ignored
   */
  public static Result of(List<String> prompts, List<PairTally> tallies,
      Resampling.Cache resampling) {
    int n = 0;
    String[] ids = new String[tallies.size()];
    long[] d = new long[tallies.size()];
    long[] m = new long[tallies.size()];
    long both = 0;
    long fromOnly = 0;
    long toOnly = 0;
    long neither = 0;
    boolean onePairEach = true;
    for (int i = 0; i < tallies.size(); i++) {
      PairTally t = tallies.get(i);
      if (t.pairs() == 0) {
        continue;
      }
      ids[n] = prompts.get(i);
      d[n] = t.difference();
      m[n] = t.pairs();
      onePairEach &= t.pairs() == 1;
      both += t.both();
      fromOnly += t.fromOnly();
      toOnly += t.toOnly();
      neither += t.neither();
      n++;
    }
    long pairs = both + fromOnly + toOnly + neither;
    String ciMethod = method(n, onePairEach);
    String test = onePairEach ? "mcnemar-exact" : "sign-flip";
    if (pairs == 0) {
      double nan = Double.NaN;
      return new Result(0, 0, 0, 0, 0, 0, nan, nan, nan, nan, nan, ciMethod, nan, nan, 0, test,
          nan, nan, nan);
    }
    ids = Arrays.copyOf(ids, n);
    d = Arrays.copyOf(d, n);
    m = Arrays.copyOf(m, n);
    double delta = (double) (toOnly - fromOnly) / pairs;
    double[] ci = adjustedInterval(d, m, fromOnly, toOnly, onePairEach);
    double[] boot = bootstrap(ids, d, m, resampling);
    double p = onePairEach ? McNemar.exactP(fromOnly, toOnly) : signFlipP(ids, d, resampling);
    return new Result(pairs, n, both, fromOnly, toOnly, neither,
        (double) (both + fromOnly) / pairs, (double) (both + toOnly) / pairs, delta,
        ci[0], ci[1], ciMethod, boot[0], boot[1], resampling.replicates(), test, p, ci[2], ci[3]);
  }

  /** The interval's method for {@code prompts} prompts with pairs. */
  static String method(int prompts, boolean onePairEach) {
    return onePairEach ? AGRESTI_MIN
        : prompts >= SCORE_MIN_PROMPTS ? CLUSTER_SCORE : CLUSTER_BONETT_PRICE;
  }

  /**
   * Bonett and Price's adjusted Wald interval for the difference of two proportions measured on
   * the same {@code pairs} items, p_to - p_from, where {@code fromOnly} items count for the
   * first only and {@code toOnly} for the second only: one discordant pair added each way, the
   * adjustment {@link #of} clusters with several pairs per prompt. {NaN, NaN} without pairs.
   */
  public static double[] bonettPrice(long fromOnly, long toOnly, long pairs) {
    if (pairs <= 0) {
      return new double[] {Double.NaN, Double.NaN};
    }
    double m = pairs + 2.0;
    double p12 = (fromOnly + 1) / m;
    double p21 = (toOnly + 1) / m;
    double centre = p21 - p12;
    double half = Intervals.Z95 * Math.sqrt((p12 + p21 - centre * centre) / m);
    return new double[] {Math.max(-1, centre - half), Math.min(1, centre + half)};
  }

  /**
   * Agresti and Min's adjusted Wald interval (half a pair added to each cell) for the same
   * difference: the interval {@link #of} gives with one pair per prompt. Returns {low, high,
   * standard error}; NaNs without pairs.
   */
  public static double[] agrestiMin(long fromOnly, long toOnly, long pairs) {
    if (pairs <= 0) {
      return new double[] {Double.NaN, Double.NaN, Double.NaN};
    }
    double m = pairs + 2.0;
    double diff = toOnly - fromOnly;
    double centre = diff / m;
    double se = Math.sqrt((fromOnly + toOnly + 1 - diff * diff / m) / (m * m));
    double half = Intervals.Z95 * se;
    return new double[] {Math.max(-1, centre - half), Math.min(1, centre + half), se};
  }

  /**
   * The adjusted interval from the prompts' differences d_i over m_i pairs, of which {@code
   * fromOnly} and {@code toOnly} in all are discordant: with one pair per prompt, Agresti-Min's;
   * otherwise the clustered Bonett-Price one (two added clusters of one pair each, differing +1
   * and -1), as a Wald interval below {@link #SCORE_MIN_PROMPTS} prompts and as a score interval
   * from there ({@link #clusterScore}). Returns {low, high, standard error at the estimate,
   * degrees of freedom of the t quantile (NaN: normal)}.
   */
  static double[] adjustedInterval(long[] d, long[] m, long fromOnly, long toOnly,
      boolean onePairEach) {
    if (onePairEach) {
      double[] am = agrestiMin(fromOnly, toOnly, d.length);
      return new double[] {am[0], am[1], am[2], Double.NaN};
    }
    int c = d.length + 2;
    Totals totals = Totals.withAddedPairs(d, m);
    double centre = totals.centre();
    double var = clusteredVariance(d, m, centre) / ((double) totals.m() * totals.m());
    // Degrees of freedom from every cluster the variance is summed over, the two added ones too
    // (the `clusters` column plus one). Counting the real prompts only (t on 4 degrees of freedom
    // at 5 prompts) kept no cell of the coverage grid in range that this does not, and let a
    // bound step back in 766 steps of the walks of PairedCandidatesReport (by up to 9.3 points at
    // 2 prompts); this, in 4, all at 2 prompts (docs/STATISTICS.md, "Paired change").
    double df = c - 1;
    double q = Quantiles.t975((int) df);
    if (d.length >= SCORE_MIN_PROMPTS) {
      double[] ci = clusterScore(d, m, totals, fromOnly, toOnly, q);
      return new double[] {ci[0], ci[1], Math.sqrt(var), df};
    }
    double half = q * Math.sqrt(var);
    return new double[] {Math.max(-1, centre - half), Math.min(1, centre + half), Math.sqrt(var),
        df};
  }

  /**
   * The CR1 variance of sum d_i - delta0 sum m_i over the prompts and the two added clusters (d
   * = +1 and -1, one pair each): c / (c - 1) sum (d_i - delta0 m_i)^2.
   */
  static double clusteredVariance(long[] d, long[] m, double delta0) {
    int c = d.length + 2;
    double ss = (1 - delta0) * (1 - delta0) + (1 + delta0) * (1 + delta0);
    for (int i = 0; i < d.length; i++) {
      double r = d[i] - delta0 * m[i];
      ss += r * r;
    }
    return ss * c / (c - 1);
  }

  /**
   * The clustered score interval: every delta0 with |D - delta0 M| <= q sqrt(V(delta0)), D and M
   * the summed differences and pairs with one discordant pair added each way (two extra
   * clusters). V(delta0) = deff M v(delta0): v(delta0) is one pair's variance of (to - from) at
   * the 2x2 table of largest likelihood with change delta0 (Tango 1998's restricted estimate, on
   * the counts with the added pairs), deff the clustered (CR1) variance at the estimate over M
   * v(estimate), so that at the estimate V is the clustered variance of the Wald interval and
   * away from it V grows or shrinks as the binomial model of the pairs says. Solved by bisection
   * on each side of the estimate; a bound is -1 or 1 where the statistic stays within q.
   */
  static double[] clusterScore(long[] d, long[] m, Totals totals, long fromOnly, long toOnly,
      double q) {
    long sumD = totals.d();
    long sumM = totals.m();
    double centre = totals.centre();
    long b = fromOnly + 1;
    long c = toOnly + 1;
    double deff = clusteredVariance(d, m, centre) / (sumM * pairVariance(centre, b, c, sumM));
    return bisect(centre, delta0 -> withinScore(delta0, sumD, sumM, q, deff, b, c));
  }

  /**
   * The summed differences and pairs over the prompts, with one discordant pair added each way
   * (the two extra clusters of the adjusted intervals).
   */
  record Totals(long d, long m) {
    static Totals withAddedPairs(long[] d, long[] m) {
      long sumD = 0;
      long sumM = 2;
      for (int i = 0; i < d.length; i++) {
        sumD += d[i];
        sumM += m[i];
      }
      return new Totals(sumD, sumM);
    }

    /** The estimate the intervals are built around. */
    double centre() {
      return (double) d / m;
    }
  }

  /**
   * The changes around {@code centre} (which {@code within} holds) that {@code within} holds, by
   * bisection on each side of it; a bound is -1 or 1 where {@code within} holds there.
   */
  static double[] bisect(double centre, java.util.function.DoublePredicate within) {
    double[] out = new double[2];
    for (int side = 0; side < 2; side++) {
      double inside = centre;
      double outside = side == 0 ? -1 : 1;
      if (within.test(outside)) {
        out[side] = outside;
        continue;
      }
      for (int it = 0; it < 60; it++) {
        double mid = 0.5 * (inside + outside);
        if (within.test(mid)) {
          inside = mid;
        } else {
          outside = mid;
        }
      }
      out[side] = inside;
    }
    return out;
  }

  private static boolean withinScore(double delta0, long sumD, long sumM, double q, double deff,
      long b, long c) {
    double diff = sumD - delta0 * sumM;
    return diff * diff <= q * q * deff * sumM * pairVariance(delta0, b, c, sumM);
  }

  /**
   * One pair's variance of (to - from) where the 2x2 table of b from-only and c to-only of n
   * pairs is most likely given P(to only) - P(from only) = delta0: psi - delta0^2, psi = 2 f +
   * delta0 the discordant share, f the restricted P(from only), the root in [0, (1 - delta0) /
   * 2] of 2n f^2 - K f - b delta0 (1 - delta0) = 0 with K = b (1 - 3 delta0) + c (1 - delta0) -
   * 2 (n - b - c) delta0 (the score equation of the multinomial likelihood with P(to only) = f +
   * delta0); for delta0 < 0 by symmetry, the two kinds of discordance swapped.
   */
  static double pairVariance(double delta0, long b, long c, long n) {
    if (delta0 < 0) {
      return pairVariance(-delta0, c, b, n);
    }
    double e = n - b - c;
    double k = b * (1 - 3 * delta0) + c * (1 - delta0) - 2 * e * delta0;
    double f = (k + Math.sqrt(k * k + 8.0 * n * b * delta0 * (1 - delta0))) / (4.0 * n);
    double psi = Math.min(1, 2 * f + delta0);
    return Math.max(1e-12, psi - delta0 * delta0);
  }

  /** Percentile interval of sum(w d) / sum(w m) over Poisson-weighted prompts; NaN without replicates. */
  static double[] bootstrap(String[] ids, long[] d, long[] m, Resampling.Cache resampling) {
    int r = resampling.replicates();
    if (r == 0) {
      return new double[] {Double.NaN, Double.NaN};
    }
    double[] sd = new double[r];
    double[] sm = new double[r];
    for (int i = 0; i < ids.length; i++) {
      byte[] w = resampling.weights(ids[i]);
      for (int j = 0; j < r; j++) {
        sd[j] += w[j] * d[i];
        sm[j] += w[j] * m[i];
      }
    }
    double[] stats = new double[r];
    int k = 0;
    for (int j = 0; j < r; j++) {
      if (sm[j] > 0) {
        stats[k++] = sd[j] / sm[j];
      }
    }
    if (k == 0) {
      return new double[] {Double.NaN, Double.NaN};
    }
    stats = Arrays.copyOf(stats, k);
    Arrays.sort(stats);
    return new double[] {percentile(stats, 0.025), percentile(stats, 0.975)};
  }

  /** The sorted sample's quantile at q, interpolating between order statistics (R's type 7). */
  static double percentile(double[] sorted, double q) {
    double h = (sorted.length - 1) * q;
    int lo = (int) Math.floor(h);
    int hi = Math.min(sorted.length - 1, lo + 1);
    return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
  }

  /**
   * Two-sided sign-flip p-value for the sum of the prompts' differences: the share of the 2^c
   * sign assignments whose sum is at least as far from 0 as the observed one. Computed exactly by
   * convolving the prompts' two-point distributions {-d_i, +d_i} (the differences are integers,
   * so the sum lives on at most 2 sum|d_i| + 1 values), unless that costs more than
   * {@code permutations} random flips would; then by deterministic random flips.
   */
  static double signFlipP(String[] ids, long[] d, Resampling.Cache resampling) {
    long observed = 0;
    long spread = 0;
    for (long x : d) {
      observed += x;
      spread += Math.abs(x);
    }
    if (spread <= resampling.permutations()) {
      return exactSignFlipP(d, Math.abs(observed), (int) spread);
    }
    long target = Math.abs(observed);
    int r = resampling.permutations();
    long[] sums = new long[r];
    for (int i = 0; i < ids.length; i++) {
      if (d[i] == 0) {
        continue;
      }
      long[] signs = resampling.signs(ids[i]);
      for (int j = 0; j < r; j++) {
        sums[j] += Resampling.flipped(signs, j) ? -d[i] : d[i];
      }
    }
    int atLeast = 0;
    for (long s : sums) {
      atLeast += Math.abs(s) >= target ? 1 : 0;
    }
    // The observed assignment counts as one of the permutations (Phipson and Smyth 2010).
    return (1.0 + atLeast) / (r + 1.0);
  }

  /** P(|sum s_i d_i| >= target) over independent fair signs, by convolution. */
  static double exactSignFlipP(long[] d, long target, int spread) {
    // prob[k] = P(sum = k - spread); each prompt moves half the mass up by d, half down.
    double[] prob = new double[2 * spread + 1];
    double[] next = new double[prob.length];
    prob[spread] = 1.0;
    int reach = 0;
    for (long x : d) {
      int step = (int) Math.abs(x);
      if (step == 0) {
        continue;
      }
      java.util.Arrays.fill(next, spread - reach - step, spread + reach + step + 1, 0.0);
      for (int k = spread - reach; k <= spread + reach; k++) {
        double half = prob[k] * 0.5;
        next[k - step] += half;
        next[k + step] += half;
      }
      double[] t = prob;
      prob = next;
      next = t;
      reach += step;
    }
    double p = 0;
    for (int k = 0; k < prob.length; k++) {
      if (Math.abs(k - spread) >= target) {
        p += prob[k];
      }
    }
    return Math.min(1.0, p);
  }
}
