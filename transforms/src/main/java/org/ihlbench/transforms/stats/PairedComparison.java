package org.ihlbench.transforms.stats;

import java.util.Arrays;
import java.util.List;

/**
 * A paired difference between two rates over matched samples, with an interval clustered by
 * prompt and a paired test. The statistics, not the plumbing: {@link PairedDeltas} feeds it.
 *
 * <p>Interval (ci_method): the Bonett-Price adjusted Wald interval (Bonett and Price 2012, "Adjusted
 * Wald confidence interval for a difference of binomial proportions based on paired data"), which
 * adds one discordant pair each way before taking the Wald interval, so that it neither collapses
 * to a point when no pair is discordant nor strays far at rates near 0 or 1. With one pair per
 * prompt it is exactly Bonett-Price: centre (c - b) / (n + 2), variance
 * (p12 + p21 - (p21 - p12)^2) / (n + 2) with p12 = (b + 1) / (n + 2), p21 = (c + 1) / (n + 2), and
 * the normal quantile. With several pairs per prompt (seeds) the two added pairs are two extra
 * clusters and the variance is the cluster-robust one over prompts with the c / (c - 1) factor
 * (CR1), with Student's t on clusters - 1 degrees of freedom (cluster-bonett-price); with one pair
 * per prompt that variance reduces to Bonett-Price's.
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
    String ciMethod = onePairEach ? "bonett-price" : "cluster-bonett-price";
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
    double[] ci = adjustedInterval(d, m, onePairEach);
    double[] boot = bootstrap(ids, d, m, resampling);
    double p = onePairEach ? McNemar.exactP(fromOnly, toOnly) : signFlipP(ids, d, resampling);
    return new Result(pairs, n, both, fromOnly, toOnly, neither,
        (double) (both + fromOnly) / pairs, (double) (both + toOnly) / pairs, delta,
        ci[0], ci[1], ciMethod, boot[0], boot[1], resampling.replicates(), test, p, ci[2], ci[3]);
  }

  /**
   * Bonett and Price's adjusted Wald interval for the difference of two proportions measured on
   * the same {@code pairs} items, p_to - p_from, where {@code fromOnly} items count for the
   * first only and {@code toOnly} for the second only: the interval {@link #of} gives with one
   * pair per prompt. {NaN, NaN} without pairs.
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
   * The adjusted interval: the prompts' differences d_i over m_i pairs, plus two added clusters of
   * one pair each, differing +1 and -1. Returns {low, high, standard error, degrees of freedom
   * of the t quantile (NaN: normal)}.
   */
  static double[] adjustedInterval(long[] d, long[] m, boolean onePairEach) {
    int c = d.length + 2;
    double sumD = 0;
    double sumM = 2;
    for (int i = 0; i < d.length; i++) {
      sumD += d[i];
      sumM += m[i];
    }
    double centre = sumD / sumM;
    double ss = (1 - centre) * (1 - centre) + (-1 - centre) * (-1 - centre);
    for (int i = 0; i < d.length; i++) {
      double r = d[i] - centre * m[i];
      ss += r * r;
    }
    double var = ss / (sumM * sumM);
    double q = Intervals.Z95;
    double df = Double.NaN;
    if (!onePairEach) {
      var *= (double) c / (c - 1);
      // Degrees of freedom from the real prompts only: the two added clusters steady the
      // centre and variance, but they are not evidence (the `clusters` column minus one).
      df = Math.max(1, d.length - 1);
      q = Quantiles.t975((int) df);
    }
    double half = q * Math.sqrt(var);
    return new double[] {Math.max(-1, centre - half), Math.min(1, centre + half), Math.sqrt(var),
        df};
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
