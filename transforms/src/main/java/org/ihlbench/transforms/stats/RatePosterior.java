package org.ihlbench.transforms.stats;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.math3.special.Gamma;

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
 * <p>The posterior is computed on a grid: mu on the arcsine scale phi = asin(sqrt(mu)), where
 * Jeffreys' prior is flat and a binomial posterior has nearly constant width, restricted to the
 * region that can hold the posterior's mass, and {@value #RHO_NODES} equal cells for rho.
 * Results are cached by the prompts' (refusals, samples) pairs, so the many small groups of a
 * breakdown cost one computation per distinct pattern.
 */
public final class RatePosterior {
  /**
   * Cells of rho in (0, 1), narrower towards 0 and 1 where the likelihood changes fastest (equal
   * steps of t with rho = (1 - cos(pi t)) / 2), each weighted by its width (the uniform prior).
   */
  static final int RHO_NODES = 40;
  /** Points of the global grid in phi over (0, pi/2); a posterior uses a strided window of it. */
  static final int GRID = 2048;
  /** Seeds per prompt up to which the correlation's likelihood counts in full. */
  static final double FULL_WEIGHT_SEEDS = 5;
  /** Tabled terms j of the log-likelihood: seeds per prompt up to this are table lookups. */
  private static final int DEPTH = 8;
  private static final double H = Math.PI / 2 / GRID;
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

  /** The global grid's phi and mu at each point, and the tabled log terms, built once. */
  private static final class Tables {
    static final double[] PHI = new double[GRID];
    static final double[] MU = new double[GRID];
    static final double[] RHO = new double[RHO_NODES];
    static final double[] THETA = new double[RHO_NODES];
    /** Each cell's bounds: cell b spans EDGE[b] .. EDGE[b + 1]. */
    static final double[] EDGE = new double[RHO_NODES + 1];
    /** log(mu + j theta) and log(1 - mu + j theta) at [(rho * DEPTH + j) * GRID + point]. */
    static final double[] LOG_S = new double[RHO_NODES * DEPTH * GRID];
    static final double[] LOG_F = new double[RHO_NODES * DEPTH * GRID];

    static {
      for (int a = 0; a < GRID; a++) {
        PHI[a] = (a + 0.5) * H;
        double s = Math.sin(PHI[a]);
        MU[a] = s * s;
      }
      for (int b = 0; b <= RHO_NODES; b++) {
        EDGE[b] = (1 - Math.cos(Math.PI * b / RHO_NODES)) / 2;
      }
      for (int b = 0; b < RHO_NODES; b++) {
        RHO[b] = (1 - Math.cos(Math.PI * (b + 0.5) / RHO_NODES)) / 2;
        THETA[b] = RHO[b] / (1 - RHO[b]);
        for (int j = 0; j < DEPTH; j++) {
          int base = (b * DEPTH + j) * GRID;
          for (int a = 0; a < GRID; a++) {
            // 1 - mu from cos^2, which keeps its precision where mu is near 1.
            double c = Math.cos(PHI[a]);
            LOG_S[base + a] = Math.log(MU[a] + j * THETA[b]);
            LOG_F[base + a] = Math.log(c * c + j * THETA[b]);
          }
        }
      }
    }
  }

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
    long prompts = 0;
    double n = 0;
    double k = 0;
    for (int t = 0; t < key.types(); t++) {
      prompts += key.count(t);
      n += (double) key.trials(t) * key.count(t);
      k += (double) key.successes(t) * key.count(t);
    }
    Likelihood lik = Likelihood.of(key);
    double gamma = Math.min(1.0, FULL_WEIGHT_SEEDS * prompts / n);

    // Each correlation cell's conditional posterior of mu: its mode (Newton on the concave
    // log-likelihood), its spread (1 / (2 sqrt(effective n)) on the arcsine scale), and a Laplace
    // estimate of its marginal likelihood, so that cells the data leave no weight on are skipped.
    double[] mode = new double[RHO_NODES];
    double[] spread = new double[RHO_NODES];
    double[] laplace = new double[RHO_NODES];
    double best = Double.NEGATIVE_INFINITY;
    for (int b = 0; b < RHO_NODES; b++) {
      double effective = 0;
      for (int t = 0; t < key.types(); t++) {
        effective += key.count(t) * key.trials(t) / (1 + (key.trials(t) - 1) * Tables.RHO[b]);
      }
      spread[b] = 1 / (2 * Math.sqrt(effective));
      double mu = lik.mode(b);
      mode[b] = Math.asin(Math.sqrt(mu));
      laplace[b] = lik.at(b, mu, 1 - mu) - lik.denominator(b) + Math.log(spread[b]);
      best = Math.max(best, laplace[b]);
    }

    // The full pass, on the global grid around each kept cell's mode: +-12 of its standard
    // deviations, strided to 8 points per standard deviation. Each cell's conditional density is
    // normalised; its marginal likelihood (the integral over phi, Jeffreys' prior being flat
    // there) weighs it.
    int[] from = new int[RHO_NODES];
    int[] stride = new int[RHO_NODES];
    double[][] weight = new double[RHO_NODES][];
    double[] logMarginal = new double[RHO_NODES];
    java.util.Arrays.fill(logMarginal, Double.NEGATIVE_INFINITY);
    for (int b = 0; b < RHO_NODES; b++) {
      if (gamma * (laplace[b] - best) < -50) {
        continue;
      }
      stride[b] = (int) Math.max(1, Math.floor(spread[b] / (8 * H)));
      from[b] = (int) Math.max(0, Math.floor((mode[b] - 12 * spread[b]) / H));
      int to = (int) Math.min(GRID - 1, Math.ceil((mode[b] + 12 * spread[b]) / H));
      int points = (to - from[b]) / stride[b] + 1;
      double[] w = new double[points];
      double max = Double.NEGATIVE_INFINITY;
      for (int p = 0; p < points; p++) {
        w[p] = lik.at(b, from[b] + p * stride[b]);
        max = Math.max(max, w[p]);
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
      logMarginal[b] = Math.log(z * stride[b] * H) + max - lik.denominator(b);
    }

    double top = Double.NEGATIVE_INFINITY;
    for (double lm : logMarginal) {
      top = Math.max(top, lm);
    }
    double[] rhoWeight = new double[RHO_NODES];
    double total = 0;
    for (int b = 0; b < RHO_NODES; b++) {
      rhoWeight[b] = (Tables.EDGE[b + 1] - Tables.EDGE[b])
          * Math.exp(gamma * (logMarginal[b] - top));
      total += rhoWeight[b];
    }
    double iccMean = 0;
    for (int b = 0; b < RHO_NODES; b++) {
      rhoWeight[b] /= total;
      iccMean += rhoWeight[b] * Tables.RHO[b];
    }

    // The mixture on the global grid: each strided point's mass spread evenly over the grid
    // cells it stands for (a difference array, then running sums).
    double[] density = new double[GRID + 1];
    for (int b = 0; b < RHO_NODES; b++) {
      if (weight[b] == null || rhoWeight[b] < 1e-15) {
        continue;
      }
      int half = stride[b] / 2;
      for (int p = 0; p < weight[b].length; p++) {
        int lo = Math.max(0, from[b] + p * stride[b] - half);
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
    density = java.util.Arrays.copyOf(density, GRID);
    double mean = 0;
    double square = 0;
    double mass = 0;
    for (int a = 0; a < GRID; a++) {
      mass += density[a];
      mean += density[a] * Tables.MU[a];
      square += density[a] * Tables.MU[a] * Tables.MU[a];
    }
    mean /= mass;
    double se = Math.sqrt(Math.max(0, square / mass - mean * mean));
    double low = quantile(density, mass, 0.025, 0, 1);
    double high = quantile(density, mass, 0.975, 0, 1);

    double effectiveN = 0;
    for (int t = 0; t < key.types(); t++) {
      effectiveN += key.count(t) * key.trials(t) / (1 + (key.trials(t) - 1) * iccMean);
    }
    return new Result(low, high, se, effectiveN, iccMean, rhoQuantile(rhoWeight, UPPER_ICC_LEVEL));
  }

  /**
   * The beta-binomial log-likelihood of one set of prompts, up to a constant: sum over j of
   * S_j log(mu + j theta) + F_j log(1 - mu + j theta), with S_j, F_j the prompts with more than j
   * refusals (other answers); minus sum N_j log(1 + j theta) ({@link #denominator}), N_j the
   * prompts with more than j samples. With many seeds and few distinct counts it is cheaper as
   * log-gamma differences: sum_{j < k} log(mu + j theta) = k log theta + lnG(mu / theta + k) -
   * lnG(mu / theta).
   */
  private static final class Likelihood {
    final double[] s;
    final double[] f;
    final double[] all;
    final int maxSize;
    /** Distinct nonzero refusal (other answer) counts and how many prompts have each. */
    final int[] refusals;
    final double[] refusalPrompts;
    final int[] others;
    final double[] otherPrompts;
    final boolean logGamma;

    private Likelihood(double[] s, double[] f, double[] all, int maxSize, int[] refusals,
        double[] refusalPrompts, int[] others, double[] otherPrompts) {
      this.s = s;
      this.f = f;
      this.all = all;
      this.maxSize = maxSize;
      this.refusals = refusals;
      this.refusalPrompts = refusalPrompts;
      this.others = others;
      this.otherPrompts = otherPrompts;
      // A log-gamma costs about four logs.
      this.logGamma = maxSize > DEPTH
          && 4 * (refusals.length + others.length + 2) < 2 * (maxSize - DEPTH);
    }

    static Likelihood of(Key key) {
      int maxSize = 0;
      for (int t = 0; t < key.types(); t++) {
        maxSize = Math.max(maxSize, key.trials(t));
      }
      double[] s = new double[maxSize];
      double[] f = new double[maxSize];
      double[] all = new double[maxSize];
      java.util.TreeMap<Integer, Double> byRefusals = new java.util.TreeMap<>();
      java.util.TreeMap<Integer, Double> byOthers = new java.util.TreeMap<>();
      for (int t = 0; t < key.types(); t++) {
        double c = key.count(t);
        int r = key.successes(t);
        int o = key.trials(t) - r;
        for (int j = 0; j < r; j++) {
          s[j] += c;
        }
        for (int j = 0; j < o; j++) {
          f[j] += c;
        }
        for (int j = 0; j < key.trials(t); j++) {
          all[j] += c;
        }
        if (r > 0) {
          byRefusals.merge(r, c, Double::sum);
        }
        if (o > 0) {
          byOthers.merge(o, c, Double::sum);
        }
      }
      return new Likelihood(s, f, all, maxSize,
          byRefusals.keySet().stream().mapToInt(Integer::intValue).toArray(),
          byRefusals.values().stream().mapToDouble(Double::doubleValue).toArray(),
          byOthers.keySet().stream().mapToInt(Integer::intValue).toArray(),
          byOthers.values().stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** sum_j N_j log(1 + j theta): the part that depends on rho only. */
    double denominator(int b) {
      double theta = Tables.THETA[b];
      double d = 0;
      for (int j = 1; j < maxSize; j++) {
        d += all[j] * Math.log1p(j * theta);
      }
      return d;
    }

    /** At grid point {@code a} of correlation cell {@code b}. */
    double at(int b, int a) {
      if (logGamma) {
        double c = Math.cos(Tables.PHI[a]);
        return at(b, Tables.MU[a], c * c);
      }
      int tabled = Math.min(maxSize, DEPTH);
      double l = 0;
      for (int j = 0; j < tabled; j++) {
        int idx = (b * DEPTH + j) * GRID + a;
        l += s[j] * Tables.LOG_S[idx] + f[j] * Tables.LOG_F[idx];
      }
      if (maxSize > tabled) {
        double c = Math.cos(Tables.PHI[a]);
        l += tail(Tables.THETA[b], Tables.MU[a], c * c, tabled);
      }
      return l;
    }

    /** At any mu (with 1 - mu given, for its precision near 1). */
    double at(int b, double mu, double oneMinusMu) {
      double theta = Tables.THETA[b];
      if (!logGamma) {
        return tail(theta, mu, oneMinusMu, 0);
      }
      double x = mu / theta;
      double y = oneMinusMu / theta;
      double logTheta = Math.log(theta);
      double l = 0;
      double touched = 0;
      for (int i = 0; i < refusals.length; i++) {
        l += refusalPrompts[i] * (refusals[i] * logTheta + Gamma.logGamma(x + refusals[i]));
        touched += refusalPrompts[i];
      }
      l -= touched * Gamma.logGamma(x);
      touched = 0;
      for (int i = 0; i < others.length; i++) {
        l += otherPrompts[i] * (others[i] * logTheta + Gamma.logGamma(y + others[i]));
        touched += otherPrompts[i];
      }
      return l - touched * Gamma.logGamma(y);
    }

    private double tail(double theta, double mu, double oneMinusMu, int fromJ) {
      double l = 0;
      for (int j = fromJ; j < maxSize; j++) {
        l += (s[j] > 0 ? s[j] * Math.log(mu + j * theta) : 0)
            + (f[j] > 0 ? f[j] * Math.log(oneMinusMu + j * theta) : 0);
      }
      return l;
    }

    /**
     * The mu that maximises the likelihood at correlation cell {@code b}: the root of its
     * derivative sum_j [S_j / (mu + j theta) - F_j / (1 - mu + j theta)], which falls from +inf
     * to -inf on (0, 1) (0 or 1 when every sample went one way). Newton steps kept inside a
     * shrinking bracket.
     */
    double mode(int b) {
      if (s.length == 0 || s[0] == 0) {
        return 0;
      }
      if (f[0] == 0) {
        return 1;
      }
      double theta = Tables.THETA[b];
      double lo = 0;
      double hi = 1;
      double mu = Math.max(1e-9, Math.min(1 - 1e-9, s[0] / (s[0] + f[0])));
      for (int it = 0; it < 100; it++) {
        double g = 0;
        double dg = 0;
        for (int j = 0; j < maxSize; j++) {
          double a = mu + j * theta;
          double c = 1 - mu + j * theta;
          g += s[j] / a - f[j] / c;
          dg -= s[j] / (a * a) + f[j] / (c * c);
        }
        if (g > 0) {
          lo = mu;
        } else {
          hi = mu;
        }
        double next = mu - g / dg;
        if (!(next > lo && next < hi)) {
          next = (lo + hi) / 2;
        }
        if (Math.abs(next - mu) < 1e-12 || hi - lo < 1e-12) {
          return next;
        }
        mu = next;
      }
      return mu;
    }
  }

  /** The posterior quantile of mu, interpolating within the strided cell on the phi scale. */
  private static double quantile(double[] density, double mass, double q, int from, int stride) {
    double target = q * mass;
    double cumulative = 0;
    for (int p = 0; p < density.length; p++) {
      if (cumulative + density[p] >= target) {
        double within = density[p] > 0 ? (target - cumulative) / density[p] : 0.5;
        double phi = Tables.PHI[from + p * stride] + (within - 0.5) * stride * H;
        phi = Math.max(0, Math.min(Math.PI / 2, phi));
        double sin = Math.sin(phi);
        return sin * sin;
      }
      cumulative += density[p];
    }
    double sin = Math.sin(Tables.PHI[from + (density.length - 1) * stride]);
    return sin * sin;
  }

  /** The posterior quantile of rho, interpolating within its cell. */
  private static double rhoQuantile(double[] weight, double q) {
    double cumulative = 0;
    for (int b = 0; b < weight.length; b++) {
      if (cumulative + weight[b] >= q) {
        double within = weight[b] > 0 ? (q - cumulative) / weight[b] : 0.5;
        return Tables.EDGE[b] + within * (Tables.EDGE[b + 1] - Tables.EDGE[b]);
      }
      cumulative += weight[b];
    }
    return 1.0;
  }
}
