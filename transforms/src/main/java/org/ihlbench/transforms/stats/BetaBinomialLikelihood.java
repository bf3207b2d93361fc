package org.ihlbench.transforms.stats;

import java.util.TreeMap;

/**
 * The beta-binomial log-likelihood of a set of prompts as a function of the mean rate mu (on the
 * arcsine scale's grid, or anywhere) at one intra-prompt correlation, for {@link RatePosterior}.
 * With theta = rho / (1 - rho), a prompt with k of m refused contributes (up to a constant)
 *
 * <pre>
 * sum_{j<k} log(mu + j theta) + sum_{j<m-k} log(1 - mu + j theta) - sum_{j<m} log(1 + j theta)
 * </pre>
 *
 * <p>so the whole set gives sum_j [S_j log(mu + j theta) + F_j log(1 - mu + j theta)] - sum_j
 * N_j log(1 + j theta), with S_j, F_j, N_j the prompts with more than j refusals, more than j
 * other answers, more than j samples. The j = 0 terms, S_0 log mu + F_0 log(1 - mu), hold the
 * likelihood's sharp behaviour near 0 and 1; the rest (the "remainder") is smooth in mu on the
 * scale of sqrt(theta) on the arcsine scale, which lets {@link RatePosterior} evaluate it on a
 * coarser grid when prompts have many seeds. Each term of the remainder costs a log per j, or,
 * with many seeds and few distinct counts, a log-gamma per distinct count:
 * sum_{1<=j<k} log(mu + j theta) = (k - 1) log theta + lnG(mu / theta + k) - lnG(mu / theta + 1).
 */
final class BetaBinomialLikelihood {
  /** Points of the global grid in phi = asin(sqrt(mu)) over (0, pi/2). */
  static final int GRID = 2048;
  static final double H = Math.PI / 2 / GRID;
  /** Terms j of the fine correlation cells that are tabled (for seeds up to this many). */
  static final int DEPTH = 8;

  /** A set of correlation cells: nodes rho in (0, 1) and the cells' edges (for the prior weight). */
  record Cells(double[] rho, double[] theta, double[] edge) {
    /** n cells narrower towards 0 and 1: equal steps of t with rho = (1 - cos(pi t)) / 2. */
    static Cells chebyshev(int n) {
      double[] rho = new double[n];
      double[] theta = new double[n];
      double[] edge = new double[n + 1];
      for (int b = 0; b <= n; b++) {
        edge[b] = (1 - Math.cos(Math.PI * b / n)) / 2;
      }
      for (int b = 0; b < n; b++) {
        rho[b] = (1 - Math.cos(Math.PI * (b + 0.5) / n)) / 2;
        theta[b] = rho[b] / (1 - rho[b]);
      }
      return new Cells(rho, theta, edge);
    }

    int size() {
      return rho.length;
    }

    /** The uniform prior's weight of cell b: its width. */
    double width(int b) {
      return edge[b + 1] - edge[b];
    }
  }

  /** 40 cells, with tabled log terms: for prompts with up to {@link RatePosterior#FEW_SEEDS} seeds. */
  static final Cells FINE = Cells.chebyshev(40);
  /** 16 cells: for prompts with more seeds, whose correlation's likelihood is tempered and broad. */
  static final Cells COARSE = Cells.chebyshev(16);

  /** The global grid's phi, mu, log mu, log(1 - mu), and the fine cells' tabled terms. */
  static final class Grid {
    static final double[] PHI = new double[GRID];
    static final double[] MU = new double[GRID];
    static final double[] LOG_MU = new double[GRID];
    static final double[] LOG_ONE_MINUS_MU = new double[GRID];
    /** log(mu + j theta) and log(1 - mu + j theta) at [(cell * DEPTH + j) * GRID + point]. */
    static final double[] LOG_S = new double[FINE.size() * DEPTH * GRID];
    static final double[] LOG_F = new double[FINE.size() * DEPTH * GRID];

    static {
      for (int a = 0; a < GRID; a++) {
        PHI[a] = (a + 0.5) * H;
        double s = Math.sin(PHI[a]);
        double c = Math.cos(PHI[a]);
        MU[a] = s * s;
        // 1 - mu from cos^2, which keeps its precision where mu is near 1.
        LOG_MU[a] = Math.log(s * s);
        LOG_ONE_MINUS_MU[a] = Math.log(c * c);
      }
      for (int b = 0; b < FINE.size(); b++) {
        for (int j = 0; j < DEPTH; j++) {
          int base = (b * DEPTH + j) * GRID;
          for (int a = 0; a < GRID; a++) {
            double c = Math.cos(PHI[a]);
            LOG_S[base + a] = Math.log(MU[a] + j * FINE.theta()[b]);
            LOG_F[base + a] = Math.log(c * c + j * FINE.theta()[b]);
          }
        }
      }
    }

    private Grid() {}
  }

  final double[] s;
  final double[] f;
  final double[] all;
  final int maxSize;
  /** Distinct refusal (other answer) counts above 1 and how many prompts have each. */
  private final int[] refusals;
  private final double[] refusalPrompts;
  private final int[] others;
  private final double[] otherPrompts;
  /** Whether the remainder is cheaper as log-gamma differences than as logs. */
  private final boolean logGamma;

  private BetaBinomialLikelihood(double[] s, double[] f, double[] all, TreeMap<Integer, Double>
      byRefusals, TreeMap<Integer, Double> byOthers) {
    this.s = s;
    this.f = f;
    this.all = all;
    this.maxSize = all.length;
    this.refusals = byRefusals.keySet().stream().mapToInt(Integer::intValue).toArray();
    this.refusalPrompts = byRefusals.values().stream().mapToDouble(Double::doubleValue).toArray();
    this.others = byOthers.keySet().stream().mapToInt(Integer::intValue).toArray();
    this.otherPrompts = byOthers.values().stream().mapToDouble(Double::doubleValue).toArray();
    // A log-gamma costs about as much as three logs.
    this.logGamma = 3 * (refusals.length + others.length + 2) < 2 * (maxSize - 1);
  }

  /** From (refusals, samples, prompts) triples. */
  static BetaBinomialLikelihood of(int[] successes, int[] trials, double[] counts) {
    int maxSize = 0;
    for (int m : trials) {
      maxSize = Math.max(maxSize, m);
    }
    double[] s = new double[maxSize];
    double[] f = new double[maxSize];
    double[] all = new double[maxSize];
    TreeMap<Integer, Double> byRefusals = new TreeMap<>();
    TreeMap<Integer, Double> byOthers = new TreeMap<>();
    for (int t = 0; t < successes.length; t++) {
      int r = successes[t];
      int o = trials[t] - r;
      for (int j = 0; j < r; j++) {
        s[j] += counts[t];
      }
      for (int j = 0; j < o; j++) {
        f[j] += counts[t];
      }
      for (int j = 0; j < trials[t]; j++) {
        all[j] += counts[t];
      }
      if (r > 1) {
        byRefusals.merge(r, counts[t], Double::sum);
      }
      if (o > 1) {
        byOthers.merge(o, counts[t], Double::sum);
      }
    }
    return new BetaBinomialLikelihood(s, f, all, byRefusals, byOthers);
  }

  /** sum_j N_j log(1 + j theta): the part that depends on rho only. */
  double denominator(double theta) {
    double d = 0;
    for (int j = 1; j < maxSize; j++) {
      d += all[j] * Math.log1p(j * theta);
    }
    return d;
  }

  /** S_0 log mu + F_0 log(1 - mu) at grid point a. */
  double edges(int a) {
    return (s.length > 0 ? s[0] * Grid.LOG_MU[a] : 0)
        + (f.length > 0 ? f[0] * Grid.LOG_ONE_MINUS_MU[a] : 0);
  }

  /** The whole log-likelihood at grid point a, for fine cell b, from the tables. */
  double atFine(int b, int a) {
    int tabled = Math.min(maxSize, DEPTH);
    double l = 0;
    for (int j = 0; j < tabled; j++) {
      int idx = (b * DEPTH + j) * GRID + a;
      l += s[j] * Grid.LOG_S[idx] + f[j] * Grid.LOG_F[idx];
    }
    if (maxSize > tabled) {
      double c = Math.cos(Grid.PHI[a]);
      l += logs(FINE.theta()[b], Grid.MU[a], c * c, tabled);
    }
    return l;
  }

  /** The remainder (every term but j = 0) at mu, with 1 - mu given for its precision near 1. */
  double remainder(double theta, double mu, double oneMinusMu) {
    if (!logGamma) {
      return logs(theta, mu, oneMinusMu, 1);
    }
    double logTheta = Math.log(theta);
    double x = mu / theta + 1;
    double y = oneMinusMu / theta + 1;
    double l = 0;
    double touched = 0;
    for (int i = 0; i < refusals.length; i++) {
      l += refusalPrompts[i] * ((refusals[i] - 1) * logTheta + lnGamma(x + refusals[i] - 1));
      touched += refusalPrompts[i];
    }
    l -= touched * lnGamma(x);
    touched = 0;
    for (int i = 0; i < others.length; i++) {
      l += otherPrompts[i] * ((others[i] - 1) * logTheta + lnGamma(y + others[i] - 1));
      touched += otherPrompts[i];
    }
    return l - touched * lnGamma(y);
  }

  /** The whole log-likelihood at any mu. */
  double at(double theta, double mu, double oneMinusMu) {
    double l = remainder(theta, mu, oneMinusMu);
    if (s.length > 0 && s[0] > 0) {
      l += s[0] * Math.log(mu);
    }
    if (f.length > 0 && f[0] > 0) {
      l += f[0] * Math.log(oneMinusMu);
    }
    return l;
  }

  private double logs(double theta, double mu, double oneMinusMu, int fromJ) {
    double l = 0;
    for (int j = fromJ; j < maxSize; j++) {
      l += (s[j] > 0 ? s[j] * Math.log(mu + j * theta) : 0)
          + (f[j] > 0 ? f[j] * Math.log(oneMinusMu + j * theta) : 0);
    }
    return l;
  }

  /**
   * log Gamma(z) for z >= 1: Stirling's series from z >= 8 (error below 1e-12), shifting
   * smaller arguments up with one log of the product.
   */
  static double lnGamma(double z) {
    double shift = 0;
    if (z < 8) {
      double product = 1;
      while (z < 8) {
        product *= z;
        z += 1;
      }
      shift = Math.log(product);
    }
    double inv = 1 / z;
    double inv2 = inv * inv;
    double series = inv * (1.0 / 12 - inv2 * (1.0 / 360 - inv2 * (1.0 / 1260 - inv2 / 1680)));
    return (z - 0.5) * Math.log(z) - z + 0.9189385332046727 + series - shift;
  }

  /**
   * The mu that maximises the likelihood at theta: the root of its derivative
   * sum_j [S_j / (mu + j theta) - F_j / (1 - mu + j theta)], which falls from +inf to -inf on
   * (0, 1) (0 or 1 when every sample went one way). Newton steps kept inside a shrinking bracket.
   */
  double mode(double theta) {
    if (s.length == 0 || s[0] == 0) {
      return 0;
    }
    if (f[0] == 0) {
      return 1;
    }
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
      if (Math.abs(next - mu) < 1e-13 || hi - lo < 1e-13) {
        return next;
      }
      mu = next;
    }
    return mu;
  }
}
