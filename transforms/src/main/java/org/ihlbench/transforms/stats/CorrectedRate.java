package org.ihlbench.transforms.stats;

/**
 * The refusal rate corrected for the judge's measured error (Rogan and Gladen 1978): a judge with
 * sensitivity se and specificity sp that sees a true rate p reports q = se p + (1 - sp)(1 - p) on
 * average, so p = (q + sp - 1) / (se + sp - 1), clipped to [0, 1] for the reported rate.
 *
 * <p>The interval carries both uncertainties: the prompts' (q from a clustered sample, its
 * variance the cluster-robust CR1 estimate over prompts, as {@link Intervals#clustered} uses, and
 * never below the binomial one) and the labels' (se and sp estimated from the labelled answers of
 * a judge-eval, binomial). By the delta method
 * {@code var(p) = (var(q) + p^2 var(se) + (1 - p)^2 var(sp)) / (se + sp - 1)^2}, and the interval is
 * {@code p +- z sqrt(var(p))} around the unclipped estimate, then clipped to [0, 1]. The binomial
 * variances are taken at the add-two (Agresti-Coull) shares (x + 2) / (n + 4), so a judge that was
 * right on every labelled answer, or a cell refused every time, still carries the uncertainty of a
 * finite sample. Why this form: CorrectedRateCoverageTest (figures in docs/STATISTICS.md).
 */
public final class CorrectedRate {
  public static final String METHOD = "rogan-gladen-delta";

  private CorrectedRate() {}

  /** The corrected rate and its 95% interval (all NaN when undefined). */
  public record Estimate(double rate, double low, double high) {
    static final Estimate UNDEFINED = new Estimate(Double.NaN, Double.NaN, Double.NaN);
  }

  /**
   * The corrected rate of {@code sum(refused) / sum(decided)} over prompts, prompt i with
   * {@code decided[i]} judged samples of which the judge called {@code refused[i]} refusals:
   * Fieller's interval for the ratio.
   */
  public static Estimate of(long[] refused, long[] decided, JudgeErrorRates errors) {
    Parts x = parts(refused, decided, errors);
    if (x == null) {
      return Estimate.UNDEFINED;
    }
    // Fieller (1954): the theta with (A - theta J)^2 <= z^2 var(A - theta J), a quadratic in
    // theta; A = q + sp - 1 and J = se + sp - 1 share sp, so cov(A, J) = var(sp).
    double z2 = Intervals.Z95 * Intervals.Z95;
    double varA = x.varQ + x.varSp;
    double varJ = x.varSe + x.varSp;
    double cov = x.varSp;
    double a = x.j * x.j - z2 * varJ;
    double b = x.a * x.j - z2 * cov;
    double c = x.a * x.a - z2 * varA;
    double disc = b * b - a * c;
    double p = clip(x.a / x.j);
    if (a <= 0 || disc < 0) {
      // J is not clearly above 0 at this sample size: the ratio is unbounded, and the interval
      // all of [0, 1].
      return new Estimate(p, 0, 1);
    }
    double root = Math.sqrt(disc);
    return new Estimate(p, clip((b - root) / a), clip((b + root) / a));
  }

  /** The corrected rate of a cell's (or any set of) prompts. */
  public static Estimate of(java.util.Collection<PromptTally> prompts, JudgeErrorRates errors) {
    long[] refused = new long[prompts.size()];
    long[] decided = new long[prompts.size()];
    int i = 0;
    for (PromptTally p : prompts) {
      Tally t = p.tally();
      refused[i] = t.refused;
      decided[i] = t.n;
      i++;
    }
    return of(refused, decided, errors);
  }

  /** The delta method's interval for the same ratio, kept for the coverage comparison. */
  static Estimate delta(long[] refused, long[] decided, JudgeErrorRates errors) {
    Parts x = parts(refused, decided, errors);
    if (x == null) {
      return Estimate.UNDEFINED;
    }
    double raw = x.a / x.j;
    double p = clip(raw);
    double var = (x.varQ + p * p * x.varSe + (1 - p) * (1 - p) * x.varSp) / (x.j * x.j);
    double half = Intervals.Z95 * Math.sqrt(var);
    return new Estimate(p, clip(raw - half), clip(raw + half));
  }

  /** The ratio's numerator A = q + sp - 1, denominator J = se + sp - 1, and the variances. */
  private record Parts(double a, double j, double varQ, double varSe, double varSp) {}

  private static Parts parts(long[] refused, long[] decided, JudgeErrorRates errors) {
    if (errors.problem() != null) {
      return null;
    }
    long n = 0;
    long k = 0;
    int c = 0;
    for (int i = 0; i < refused.length; i++) {
      n += decided[i];
      k += refused[i];
      c += decided[i] > 0 ? 1 : 0;
    }
    if (n == 0) {
      return null;
    }
    double q = (double) k / n;
    double cr1 = 0;
    if (c > 1) {
      for (int i = 0; i < refused.length; i++) {
        double r = refused[i] - q * decided[i];
        cr1 += r * r;
      }
      cr1 *= (double) c / (c - 1) / ((double) n * n);
    }
    double se = errors.sensitivity();
    double sp = errors.specificity();
    return new Parts(q + sp - 1, se + sp - 1, Math.max(cr1, binomialVariance(k, n)),
        binomialVariance(errors.truePositives(), errors.positives()),
        binomialVariance(errors.trueNegatives(), errors.negatives()));
  }

  private static double clip(double x) {
    return Math.min(1, Math.max(0, x));
  }

  /** The variance of the share x / n, at the add-two share (x + 2) / (n + 4). */
  static double binomialVariance(long x, long n) {
    double s = (x + 2.0) / (n + 4.0);
    return s * (1 - s) / n;
  }
}
