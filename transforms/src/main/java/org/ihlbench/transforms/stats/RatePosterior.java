package org.ihlbench.transforms.stats;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import org.ihlbench.transforms.stats.BetaBinomialLikelihood.Cells;
import org.ihlbench.transforms.stats.BetaBinomialLikelihood.Grid;

/**
 * The rate of a set of prompts sampled with several seeds each, as the posterior of a
 * beta-binomial model: each prompt has its own refusal rate, drawn from a Beta distribution with
 * mean {@code mu} (the rate over the population of prompts, which the interval is for) and
 * intra-prompt correlation {@code rho} (how alike the seeds of one prompt are, 1 / (a + b + 1) for
 * Beta(a, b)); given its rate, a prompt's seeds are independent. Priors: Jeffreys' Beta(1/2, 1/2)
 * on mu and uniform on rho. The interval is the equal-tailed 95% interval of mu's posterior, with
 * rho integrated out.
 *
 * <p>Why this form (docs/STATISTICS.md has the simulations): it uses the variance a rate near 0
 * or 1 really has, rather than a normal approximation centred on the observed rate; it weighs
 * every intra-prompt correlation the data leave plausible, so a few non-unanimous prompts do not
 * make the seeds look independent (the interval the cluster-robust variance gave covered 90% at 24
 * prompts x 5 seeds, rate 0.95, ICC 0.4); and with every prompt unanimous it falls back on what
 * the data cannot rule out, with no special case at 0 or n.
 *
 * <p>One adjustment: the correlation's weights come from its likelihood raised to the power
 * min(1, 5 / mean seeds per prompt), as if no prompt had more than five seeds. With many seeds the
 * full likelihood reads a prompt whose seeds happen to agree in count with the others' as strong
 * evidence of independence, and one more refusal could then narrow the interval on both sides (a
 * property test found this with 7 or more seeds; up to 5 the posterior is exact).
 *
 * <p>The posterior is computed on a grid: rho in cells narrower towards 0 and 1 (40, or 16 when
 * prompts have more than {@value #FEW_SEEDS} seeds, whose tempered correlation posterior is
 * broad), and for each cell mu on the arcsine scale phi = asin(sqrt(mu)) (where Jeffreys' prior is
 * flat and a binomial posterior has nearly constant width) around that cell's mode, +-12 of its
 * standard deviations at 8 points each. With more than {@value #FEW_SEEDS} seeds the smooth part
 * of the likelihood is evaluated at 2 points per standard deviation (and every sqrt(theta) / 4
 * near 0 and 1) and interpolated ({@link BetaBinomialLikelihood}). {@code RatePosteriorTest}
 * checks the bounds against an independent integration. Results are cached by the prompts'
 * (refusals, samples) pattern, so the many small groups of a breakdown cost one computation per
 * distinct pattern.
 */
public final class RatePosterior {
  /** Seeds per prompt up to which the correlation's likelihood counts in full. */
  static final double FULL_WEIGHT_SEEDS = 5;
  /** Seeds per prompt up to which the fine cells and a direct evaluation are used. */
  static final int FEW_SEEDS = 10;
  private static final int GRID = BetaBinomialLikelihood.GRID;
  private static final double H = BetaBinomialLikelihood.H;
  private static final double UPPER_ICC_LEVEL = 0.8;
  private static final int CACHE_LIMIT = 50_000;
  private static final ConcurrentHashMap<Key, Result> CACHE = new ConcurrentHashMap<>();

  private RatePosterior() {}

  /**
   * What the posterior says about the rate, and about the intra-prompt correlation.
   *
   * @param se the posterior standard deviation of the rate: its standard error
   * @param effectiveN the samples, each counted 1 / (1 + (m - 1) E[rho]) times for a prompt with
   *     m of them: how many independent samples they are worth
   * @param iccMean the posterior mean of rho
   * @param iccUpper the one-sided 80% upper bound of rho
   */
  public record Result(double low, double high, double se, double effectiveN, double iccMean,
      double iccUpper) {}

  /**
   * The posterior for {@code successes[i]} of {@code trials[i]} over prompts i; prompts without
   * trials are ignored. Null when there are no trials at all.
   */
  public static Result of(long[] successes, long[] trials) {
    Key key = Key.of(successes, trials);
    if (key == null) {
      return null;
    }
    Result cached = CACHE.get(key);
    if (cached != null) {
      return cached;
    }
    Result r = compute(key);
    if (CACHE.size() >= CACHE_LIMIT) {
      CACHE.clear();
    }
    CACHE.put(key, r);
    return r;
  }

  /** The prompts as a sorted multiset of (samples, refusals) with counts: what the posterior depends on. */
  private record Key(long[] packed) {
    static Key of(long[] successes, long[] trials) {
      long[] types = new long[successes.length];
      int t = 0;
      for (int i = 0; i < successes.length; i++) {
        if (trials[i] <= 0) {
          continue;
        }
        if (successes[i] < 0 || successes[i] > trials[i] || trials[i] > Integer.MAX_VALUE) {
          throw new IllegalArgumentException("prompt " + i + ": " + successes[i] + " of "
              + trials[i] + " is not a count of samples");
        }
        types[t++] = (trials[i] << 32) | successes[i];
      }
      if (t == 0) {
        return null;
      }
      types = Arrays.copyOf(types, t);
      Arrays.sort(types);
      long[] packed = new long[2 * t];
      int u = 0;
      for (int i = 0; i < t; i++) {
        if (u > 0 && packed[u - 2] == types[i]) {
          packed[u - 1]++;
        } else {
          packed[u++] = types[i];
          packed[u++] = 1;
        }
      }
      return new Key(Arrays.copyOf(packed, u));
    }

    int types() {
      return packed.length / 2;
    }

    int trials(int t) {
      return (int) (packed[2 * t] >>> 32);
    }

    int successes(int t) {
      return (int) (packed[2 * t] & 0xffffffffL);
    }

    long count(int t) {
      return packed[2 * t + 1];
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && Arrays.equals(packed, k.packed);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(packed);
    }
  }

  private static Result compute(Key key) {
    int types = key.types();
    int[] k = new int[types];
    int[] m = new int[types];
    double[] count = new double[types];
    double prompts = 0;
    double n = 0;
    int maxSize = 0;
    for (int t = 0; t < types; t++) {
      k[t] = key.successes(t);
      m[t] = key.trials(t);
      count[t] = key.count(t);
      prompts += count[t];
      n += (double) m[t] * count[t];
      maxSize = Math.max(maxSize, m[t]);
    }
    BetaBinomialLikelihood lik = BetaBinomialLikelihood.of(k, m, count);
    boolean fine = maxSize <= FEW_SEEDS;
    Cells cells = fine ? BetaBinomialLikelihood.FINE : BetaBinomialLikelihood.COARSE;
    int nodes = cells.size();
    double gamma = Math.min(1.0, FULL_WEIGHT_SEEDS * prompts / n);

    // Each correlation cell's conditional posterior of mu: its mode (Newton on the concave
    // log-likelihood), its spread (1 / (2 sqrt(effective n)) on the arcsine scale), and a Laplace
    // estimate of its marginal likelihood, so that cells the data leave no weight on are skipped.
    double[] mode = new double[nodes];
    double[] spread = new double[nodes];
    double[] laplace = new double[nodes];
    double best = Double.NEGATIVE_INFINITY;
    for (int b = 0; b < nodes; b++) {
      double theta = cells.theta()[b];
      double effective = 0;
      for (int t = 0; t < types; t++) {
        effective += count[t] * m[t] / (1 + (m[t] - 1) * cells.rho()[b]);
      }
      spread[b] = 1 / (2 * Math.sqrt(effective));
      double mu = lik.mode(theta);
      mode[b] = Math.asin(Math.sqrt(mu));
      double c = Math.cos(mode[b]);
      laplace[b] = lik.at(theta, mu, c * c) - lik.denominator(theta) + Math.log(spread[b]);
      best = Math.max(best, laplace[b]);
    }

    // The full pass, on the global grid around each kept cell's mode: +-12 of its standard
    // deviations, in strided cells of 8 per standard deviation (each evaluated at its middle).
    // Each correlation cell's conditional density is normalised; its marginal likelihood (the
    // integral over phi, Jeffreys' prior being flat there) weighs it.
    int[] from = new int[nodes];
    int[] stride = new int[nodes];
    double[][] weight = new double[nodes][];
    double[] logMarginal = new double[nodes];
    Arrays.fill(logMarginal, Double.NEGATIVE_INFINITY);
    for (int b = 0; b < nodes; b++) {
      if (gamma * (laplace[b] - best) < -50) {
        continue;
      }
      double theta = cells.theta()[b];
      stride[b] = (int) Math.max(1, Math.floor(spread[b] / (8 * H)));
      from[b] = (int) Math.max(0, Math.floor((mode[b] - 12 * spread[b]) / H));
      int to = (int) Math.min(GRID - 1, Math.ceil((mode[b] + 12 * spread[b]) / H));
      int points = (to - from[b]) / stride[b] + 1;
      if (from[b] + (points - 1) * stride[b] > GRID - 1) {
        points--;
      }
      double[] w = fine ? direct(lik, b, from[b], stride[b], points)
          : interpolated(lik, theta, spread[b], from[b], stride[b], points);
      double max = Double.NEGATIVE_INFINITY;
      for (double v : w) {
        max = Math.max(max, v);
      }
      double z = 0;
      for (int p = 0; p < points; p++) {
        w[p] = Math.exp(w[p] - max);
        z += w[p];
      }
      for (int p = 0; p < points; p++) {
        w[p] /= z;
      }
      weight[b] = w;
      logMarginal[b] = Math.log(z * stride[b] * H) + max - lik.denominator(theta);
    }

    double top = Double.NEGATIVE_INFINITY;
    for (double lm : logMarginal) {
      top = Math.max(top, lm);
    }
    double[] rhoWeight = new double[nodes];
    double total = 0;
    for (int b = 0; b < nodes; b++) {
      rhoWeight[b] = cells.width(b) * Math.exp(gamma * (logMarginal[b] - top));
      total += rhoWeight[b];
    }
    double iccMean = 0;
    for (int b = 0; b < nodes; b++) {
      rhoWeight[b] /= total;
      iccMean += rhoWeight[b] * cells.rho()[b];
    }

    // The mixture on the global grid: each strided point's mass spread evenly over the grid
    // cells it stands for (a difference array, then running sums).
    double[] density = new double[GRID + 1];
    for (int b = 0; b < nodes; b++) {
      if (weight[b] == null || rhoWeight[b] < 1e-15) {
        continue;
      }
      for (int p = 0; p < weight[b].length; p++) {
        int lo = from[b] + p * stride[b];
        int hi = Math.min(GRID - 1, lo + stride[b] - 1);
        double each = rhoWeight[b] * weight[b][p] / (hi - lo + 1);
        density[lo] += each;
        density[hi + 1] -= each;
      }
    }
    double running = 0;
    for (int a = 0; a < GRID; a++) {
      running += density[a];
      density[a] = Math.max(0, running);
    }
    double mean = 0;
    double square = 0;
    double mass = 0;
    for (int a = 0; a < GRID; a++) {
      mass += density[a];
      mean += density[a] * Grid.MU[a];
      square += density[a] * Grid.MU[a] * Grid.MU[a];
    }
    mean /= mass;
    double se = Math.sqrt(Math.max(0, square / mass - mean * mean));
    double low = quantile(density, mass, 0.025);
    double high = quantile(density, mass, 0.975);

    double effectiveN = 0;
    for (int t = 0; t < types; t++) {
      effectiveN += count[t] * m[t] / (1 + (m[t] - 1) * iccMean);
    }
    return new Result(low, high, se, effectiveN, iccMean,
        rhoQuantile(rhoWeight, cells, UPPER_ICC_LEVEL));
  }

  /**
   * The grid point that stands for the p-th strided cell, which spans from + p * stride to
   * from + (p + 1) * stride - 1: its middle (within the grid).
   */
  private static int centre(int from, int stride, int p) {
    return Math.min(GRID - 1, from + p * stride + stride / 2);
  }

  /** The log-likelihood at each strided point, from the fine cells' tables. */
  private static double[] direct(BetaBinomialLikelihood lik, int b, int from, int stride,
      int points) {
    double[] l = new double[points];
    for (int p = 0; p < points; p++) {
      l[p] = lik.atFine(b, centre(from, stride, p));
    }
    return l;
  }

  /**
   * The log-likelihood at each strided point: its sharp part (the j = 0 terms) exactly, its
   * smooth remainder at every {@code ratio}-th point (2 per standard deviation, and at most
   * sqrt(theta) / 4 apart on the arcsine scale, the remainder's own scale near 0 and 1) and
   * interpolated between them (cubic, through the four nearest).
   */
  private static double[] interpolated(BetaBinomialLikelihood lik, double theta, double spread,
      int from, int stride, int points) {
    double step = Math.min(spread / 2, Math.sqrt(theta) / 4);
    int ratio = (int) Math.max(1, Math.floor(step / (stride * H)));
    int coarse = (points - 1 + ratio - 1) / ratio + 1;
    double[] r = new double[coarse];
    for (int q = 0; q < coarse; q++) {
      int a = centre(from, stride, q * ratio);
      double c = Math.cos(Grid.PHI[a]);
      r[q] = lik.remainder(theta, Grid.MU[a], c * c);
    }
    double[] l = new double[points];
    for (int p = 0; p < points; p++) {
      int a = centre(from, stride, p);
      double remainder;
      if (ratio == 1 || coarse < 4) {
        remainder = ratio == 1 ? r[p] : linear(r, (double) p / ratio);
      } else {
        remainder = cubic(r, (double) p / ratio);
      }
      l[p] = lik.edges(a) + remainder;
    }
    return l;
  }

  private static double linear(double[] r, double x) {
    int i = (int) Math.min(r.length - 2, Math.floor(x));
    double t = x - i;
    return r[i] + t * (r[i + 1] - r[i]);
  }

  /** Lagrange cubic through the four coarse points around x (shifted inward at the ends). */
  private static double cubic(double[] r, double x) {
    int i = (int) Math.floor(x) - 1;
    i = Math.max(0, Math.min(r.length - 4, i));
    double t = x - i;
    double a = r[i];
    double b = r[i + 1];
    double c = r[i + 2];
    double d = r[i + 3];
    return a * (t - 1) * (t - 2) * (t - 3) / -6 + b * t * (t - 2) * (t - 3) / 2
        + c * t * (t - 1) * (t - 3) / -2 + d * t * (t - 1) * (t - 2) / 6;
  }

  /** The posterior quantile of mu, interpolating within a grid cell on the phi scale. */
  private static double quantile(double[] density, double mass, double q) {
    double target = q * mass;
    double cumulative = 0;
    for (int a = 0; a < GRID; a++) {
      if (cumulative + density[a] >= target) {
        double within = density[a] > 0 ? (target - cumulative) / density[a] : 0.5;
        double phi = Math.max(0, Math.min(Math.PI / 2, (a + within) * H));
        double sin = Math.sin(phi);
        return sin * sin;
      }
      cumulative += density[a];
    }
    return 1;
  }

  /** The posterior quantile of rho, interpolating within its cell. */
  private static double rhoQuantile(double[] weight, Cells cells, double q) {
    double cumulative = 0;
    for (int b = 0; b < weight.length; b++) {
      if (cumulative + weight[b] >= q) {
        double within = weight[b] > 0 ? (q - cumulative) / weight[b] : 0.5;
        return cells.edge()[b] + within * cells.width(b);
      }
      cumulative += weight[b];
    }
    return 1.0;
  }
}
