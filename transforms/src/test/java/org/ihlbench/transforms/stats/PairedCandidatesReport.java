package org.ihlbench.transforms.stats;

import static org.junit.Assume.assumeTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.Test;

/**
 * The candidates for the paired-change interval, put through the coverage grid of {@link
 * PairedCoverageTest}. Runs only when asked:
 *
 * <pre>
 * mvn -o test -pl transforms -am -Dtest=PairedCandidatesReport -Dihlbench.candidates=true \
 *     -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 *
 * <p>{@code -Dihlbench.only=before,chosen} runs only the named candidates; {@code
 * -Dihlbench.table=true} prints each one's full table.
 */
public class PairedCandidatesReport {

  /**
   * The first interval: Bonett-Price with one pair per prompt, clustered (CR1, t on the real
   * prompts - 1) with several.
   */
  static final PairedSimulation.Method CLUSTER_BONETT_PRICE = tallies -> {
    boolean one = true;
    long fromOnly = 0;
    long toOnly = 0;
    for (PairTally t : tallies) {
      one &= t.pairs() == 1;
      fromOnly += t.fromOnly();
      toOnly += t.toOnly();
    }
    return one ? PairedComparison.bonettPrice(fromOnly, toOnly, tallies.size())
        : wald(1, 0).bounds(tallies);
  };

  /**
   * MOVER (Zou and Donner 2008; Newcombe 1998's method 10 for paired data) from the two sides'
   * own intervals (the rate intervals), with the correlation of the two rates over prompts.
   */
  static PairedSimulation.Method mover() {
    return mover(false);
  }

  /** With {@code lowerR}, MOVER with the correlation's lower 80% bound (Fisher's z). */
  static PairedSimulation.Method mover(boolean lowerR) {
    return tallies -> {
      int c = tallies.size();
      long[] kf = new long[c];
      long[] kt = new long[c];
      long[] m = new long[c];
      for (int i = 0; i < c; i++) {
        PairTally t = tallies.get(i);
        kf[i] = t.both() + t.fromOnly();
        kt[i] = t.both() + t.toOnly();
        m[i] = t.pairs();
      }
      Intervals.Interval f = Intervals.clustered(kf, m);
      Intervals.Interval t = Intervals.clustered(kt, m);
      double pf = f.rate();
      double pt = t.rate();
      double sff = 0;
      double stt = 0;
      double sft = 0;
      for (int i = 0; i < c; i++) {
        double rf = kf[i] - pf * m[i];
        double rt = kt[i] - pt * m[i];
        sff += rf * rf;
        stt += rt * rt;
        sft += rf * rt;
      }
      double r = sff > 0 && stt > 0 ? sft / Math.sqrt(sff * stt) : 0;
      if (lowerR) {
        r = Math.max(-0.999999, Math.min(0.999999, r));
        r = Math.tanh(0.5 * Math.log((1 + r) / (1 - r))
            - 0.8416 / Math.sqrt(Math.max(1, c - 3)));
      }
      double delta = pt - pf;
      double a = pt - t.low();
      double b = f.high() - pf;
      double low = delta - Math.sqrt(Math.max(0, a * a + b * b - 2 * r * a * b));
      a = t.high() - pt;
      b = pf - f.low();
      double high = delta + Math.sqrt(Math.max(0, a * a + b * b - 2 * r * a * b));
      return new double[] {Math.max(-1, low), Math.min(1, high)};
    };
  }

  /**
   * The adjusted Wald interval with {@code added} discordant pairs each way (Bonett-Price: 1):
   * with one pair per prompt unclustered, with the normal quantile; with several, clustered as
   * {@link PairedComparison} does, t on prompts - 1 + {@code extraDf} degrees of freedom.
   */
  static PairedSimulation.Method wald(double added, int extraDf) {
    return wald(added, extraDf, false);
  }

  /**
   * As {@link #wald(double, int)}; with {@code effectiveDf}, the degrees of freedom are at most
   * the effective number of prompts carrying the variance, (sum r_i^2)^2 / sum r_i^4 - 1 over the
   * real prompts' residuals (Satterthwaite's for a sum of unequal variance components).
   */
  static PairedSimulation.Method wald(double added, int extraDf, boolean effectiveDf) {
    return tallies -> {
      int n = tallies.size();
      boolean one = true;
      double sumD = 0;
      double sumM = 2 * added;
      for (PairTally t : tallies) {
        one &= t.pairs() == 1;
        sumD += t.difference();
        sumM += t.pairs();
      }
      double centre = sumD / sumM;
      double ss = added * ((1 - centre) * (1 - centre) + (1 + centre) * (1 + centre));
      for (PairTally t : tallies) {
        double r = t.difference() - centre * t.pairs();
        ss += r * r;
      }
      double var = ss / (sumM * sumM);
      double q = Intervals.Z95;
      if (!one) {
        int c = n + 2;
        var *= (double) c / (c - 1);
        double df = n - 1 + extraDf;
        if (effectiveDf) {
          double s2 = 0;
          double s4 = 0;
          for (PairTally t : tallies) {
            double r = t.difference() - centre * t.pairs();
            s2 += r * r;
            s4 += r * r * r * r;
          }
          df = s4 > 0 ? Math.min(df, s2 * s2 / s4 - 1) : df;
        }
        q = df >= 1 ? Quantiles.t975((int) Math.floor(df)) : Quantiles.t975(1);
      }
      double half = q * Math.sqrt(var);
      return new double[] {Math.max(-1, centre - half), Math.min(1, centre + half)};
    };
  }

  /**
   * The prompts' summed differences and pairs, the discordant pairs of each kind in all, and
   * whether every prompt gives one pair.
   */
  private record Prompts(long[] d, long[] m, long fromOnly, long toOnly, boolean onePairEach) {
    static Prompts of(List<PairTally> tallies) {
      long[] d = new long[tallies.size()];
      long[] m = new long[tallies.size()];
      long from = 0;
      long to = 0;
      boolean one = true;
      for (int i = 0; i < d.length; i++) {
        PairTally t = tallies.get(i);
        d[i] = t.difference();
        m[i] = t.pairs();
        from += t.fromOnly();
        to += t.toOnly();
        one &= m[i] == 1;
      }
      return new Prompts(d, m, from, to, one);
    }

    double[] agrestiMin() {
      return PairedComparison.agrestiMin(fromOnly, toOnly, d.length);
    }
  }

  /** A clustered interval from the prompts' tallies. */
  interface Clustered {
    double[] bounds(Prompts p);
  }

  /**
   * Agresti-Min with one pair per prompt (the chosen interval there); with several, {@code
   * clustered}, from {@code minPrompts} prompts up, and the clustered Bonett-Price Wald interval
   * (t on all clusters - 1) below.
   */
  static PairedSimulation.Method severalSeeds(int minPrompts, Clustered clustered) {
    PairedSimulation.Method wald = wald(1, 2);
    return tallies -> {
      Prompts p = Prompts.of(tallies);
      return p.onePairEach() ? p.agrestiMin()
          : p.d().length < minPrompts ? wald.bounds(tallies) : clustered.bounds(p);
    };
  }

  /** The interval before: Agresti-Min; clustered Bonett-Price, t on all clusters - 1. */
  static final PairedSimulation.Method BEFORE = severalSeeds(Integer.MAX_VALUE, null);

  /**
   * The clustered Bonett-Price interval (two added clusters of one pair, +1 and -1; CR1; t on
   * all clusters - 1) with Hall's (1992) cubic transformation of the studentized mean, which
   * removes the n^(-1/2) skewness term of its Edgeworth expansion (the monotone form of Johnson's
   * 1978 modified t): g(t) = t + a t^2 + a^2 t^3 / 3 + b, a = gamma / 3, b = gamma / 6, gamma
   * the skewness of the estimate, t = (centre - delta) / se. The interval is {delta: |g(t)| <=
   * t_(c-1)}: with right-skewed differences (a few prompts carrying the change) the upper bound
   * moves out and the lower one in. With {@code model}, gamma from the pairs' model: one pair's
   * (to - from) is +1, -1 or 0 with the shares of to-only and from-only pairs (one added each
   * way), skewness mu_3 / v^1.5, over sqrt(n_eff), n_eff = pairs / deff (deff: the CR1 variance
   * over the pairs' binomial one); without, the sample skewness of the clusters' residuals d_i -
   * centre m_i over sqrt(c) (Hall's).
   */
  static double[] hall(Prompts p, boolean model) {
    long[] d = p.d();
    long[] m = p.m();
    int c = d.length + 2;
    PairedComparison.Totals totals = PairedComparison.Totals.withAddedPairs(d, m);
    double sumM = totals.m();
    double centre = totals.centre();
    double r1 = 1 - centre;
    double r2 = -1 - centre;
    double s2 = r1 * r1 + r2 * r2;
    double s3 = r1 * r1 * r1 + r2 * r2 * r2;
    for (int i = 0; i < d.length; i++) {
      double r = d[i] - centre * m[i];
      s2 += r * r;
      s3 += r * r * r;
    }
    double var = s2 * c / (c - 1);
    double se = Math.sqrt(var) / sumM;
    double gamma;
    if (model) {
      double f = (p.fromOnly() + 1) / sumM;
      double g = (p.toOnly() + 1) / sumM;
      double v = f + g - centre * centre;
      double mu3 = g * Math.pow(1 - centre, 3) + f * Math.pow(-1 - centre, 3)
          + (1 - f - g) * Math.pow(-centre, 3);
      double nEff = sumM / (var / (sumM * v));
      gamma = mu3 / Math.pow(v, 1.5) / Math.sqrt(nEff);
    } else {
      gamma = s2 > 0 ? (s3 / c) / Math.pow(s2 / c, 1.5) / Math.sqrt(c) : 0;
    }
    double q = Quantiles.t975(c - 1);
    double a = gamma / 3;
    double b = gamma / 6;
    double tHigh = hallInverse(q, a, b);
    double tLow = hallInverse(-q, a, b);
    return new double[] {Math.max(-1, centre - tHigh * se), Math.min(1, centre - tLow * se)};
  }

  /** The t with g(t) = y for Hall's g(t) = ((1 + a t)^3 - 1) / (3 a) + b. */
  static double hallInverse(double y, double a, double b) {
    if (Math.abs(a) < 1e-12) {
      return y - b;
    }
    return (Math.cbrt(1 + 3 * a * (y - b)) - 1) / a;
  }

  /**
   * The clustered score interval of {@link PairedComparison#clusterScore} with the normal
   * quantile ({@code normal}) or t on all clusters - 1.
   */
  static double[] score(Prompts p, boolean normal) {
    double q = normal ? Intervals.Z95 : Quantiles.t975(p.d().length + 1);
    return PairedComparison.clusterScore(p.d(), p.m(),
        PairedComparison.Totals.withAddedPairs(p.d(), p.m()), p.fromOnly(), p.toOnly(), q);
  }

  /**
   * The score interval with the cluster-robust variance centred at the hypothesised change:
   * {delta0 : |D - delta0 M| <= t_(c-1) sqrt(c / (c - 1) sum (d_i - delta0 m_i)^2)} (the
   * clustered McNemar statistic of Obuchowski 1998 and Durkalski et al. 2003 at delta0 = 0),
   * with the two added clusters, by bisection.
   */
  static double[] robustScore(Prompts p) {
    long[] d = p.d();
    long[] m = p.m();
    PairedComparison.Totals totals = PairedComparison.Totals.withAddedPairs(d, m);
    double q = Quantiles.t975(d.length + 1);
    return PairedComparison.bisect(totals.centre(), delta0 -> {
      double diff = totals.d() - delta0 * totals.m();
      return diff * diff <= q * q * PairedComparison.clusteredVariance(d, m, delta0);
    });
  }


  /** The union of two intervals' reach. */
  static PairedSimulation.Method wider(PairedSimulation.Method x, PairedSimulation.Method y) {
    return tallies -> {
      double[] a = x.bounds(tallies);
      double[] b = y.bounds(tallies);
      return new double[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])};
    };
  }

  @Test
  public void candidates() {
    assumeTrue("set -Dihlbench.candidates=true to run", Boolean.getBoolean("ihlbench.candidates"));
    Map<String, PairedSimulation.Method> methods = new LinkedHashMap<>();
    methods.put("bonett-price", CLUSTER_BONETT_PRICE);
    methods.put("before", BEFORE);
    methods.put("chosen", PairedSimulation.CHOSEN);
    methods.put("half-pair", wald(0.5, 0));
    methods.put("half-pair-df+2", wald(0.5, 2));
    methods.put("bonett-price-df+2", wald(1, 2));
    methods.put("bonett-price-effective-df", wald(1, 0, true));
    methods.put("half-pair-effective-df", wald(0.5, 0, true));
    methods.put("mover", mover());
    methods.put("mover-lower-r", mover(true));
    methods.put("bonett-price-or-mover", wider(CLUSTER_BONETT_PRICE, mover()));
    methods.put("half-pair-or-mover-lower-r", wider(wald(0.5, 0), mover(true)));
    methods.put("hall", severalSeeds(0, p -> hall(p, false)));
    methods.put("hall-model", severalSeeds(0, p -> hall(p, true)));
    methods.put("score-robust", severalSeeds(0, PairedCandidatesReport::robustScore));
    methods.put("score", severalSeeds(0, p -> score(p, false)));
    methods.put("score-normal", severalSeeds(0, p -> score(p, true)));
    methods.put("score-one-pair-too", tallies -> score(Prompts.of(tallies), false));
    String only = System.getProperty("ihlbench.only", "");
    if (!only.isEmpty()) {
      methods.keySet().retainAll(List.of(only.split(",")));
    }
    StringBuilder summary = new StringBuilder("| method | cells below 93.5% | lowest | cells above"
        + " 97.5% (where the change's count allows less) | mean width | monotonicity violations |\n"
        + "|---|---|---|---|---|---|\n");
    for (Map.Entry<String, PairedSimulation.Method> e : methods.entrySet()) {
      List<PairedSimulation.Cell> all = new ArrayList<>();
      for (int prompts : RateCoverageTest.PROMPTS) {
        for (int seeds : RateCoverageTest.SEEDS) {
          List<PairedSimulation.Cell> cells = new ArrayList<>();
          for (double to : RateCoverageTest.RATES) {
            for (double icc : RateCoverageTest.ICCS) {
              cells.add(PairedSimulation.coverage(e.getValue(), prompts, seeds, to - 0.1, to, icc,
                  2000));
            }
          }
          System.out.println(PairedSimulation.compact(e.getKey(), cells));
          all.addAll(cells);
        }
      }
      if (Boolean.getBoolean("ihlbench.table")) {
        System.out.println(PairedSimulation.table(all));
      }
      int violations = violations(e.getKey(), e.getValue());
      long below = all.stream().filter(c -> c.coverage() < 0.935).count();
      long above = all.stream().filter(c -> c.coverage() > 0.975 && c.upperLimitApplies())
          .count();
      double lowest = all.stream().mapToDouble(PairedSimulation.Cell::coverage).min().orElse(1);
      double width = all.stream().mapToDouble(PairedSimulation.Cell::meanWidth).average()
          .orElse(0);
      summary.append(String.format(Locale.ROOT, "| %s | %d of %d | %.1f%% | %d | %.3f | %d |%n",
          e.getKey(), below, all.size(), 100 * lowest, above, width, violations));
    }
    System.out.println(summary);
    // Beyond the 60 pairs of the walks: the score interval (and the Wald one) with 6 to 20 seeds.
    for (String name : List.of("before", "chosen")) {
      if (methods.containsKey(name)) {
        for (int prompts : new int[] {11, 12, 16, 24, 40}) {
          violations(name + ", " + prompts + " prompts x 6-20 seeds", methods.get(name), 6, 20,
              prompts, Integer.MAX_VALUE, prompts);
        }
      }
    }
  }

  /**
   * Steps that lower a bound when one pair moves towards "to" (from-only -> neither -> to-only):
   * over every prompts (2 up) x seeds up to 60 pairs, from every pair from-only to every pair
   * to-only, one step at a time, a prompt at a time (all of a prompt's pairs first) or evenly
   * (each prompt in turn).
   */
  static int violations(String name, PairedSimulation.Method method) {
    return violations(name, method, 1, 20, 2, 60, 0);
  }

  /**
   * The walks of {@link #violations(String, PairedSimulation.Method)} over seeds {@code
   * minSeeds} to {@code maxSeeds} and prompts {@code minPrompts} up, at most {@code maxPairs}
   * pairs, or over exactly the given {@code promptsEach} prompts where that is not 0.
   */
  static int violations(String name, PairedSimulation.Method method, int minSeeds, int maxSeeds,
      int minPrompts, int maxPairs, int promptsEach) {
    int bad = 0;
    int badFrom3 = 0;
    double worst3 = 0;
    double[] worst = {0};
    String[] worstAt = {"none"};
    for (int seeds = minSeeds; seeds <= maxSeeds; seeds++) {
      for (int prompts = promptsEach > 0 ? promptsEach : minPrompts;
          promptsEach > 0 ? prompts == promptsEach : prompts * seeds <= maxPairs; prompts++) {
        for (boolean even : new boolean[] {false, true}) {
          // state per prompt: from-only, neither, to-only counts; walk 2 * prompts * seeds steps
          long[][] st = new long[prompts][3];
          for (long[] p : st) {
            p[0] = seeds;
          }
          double[] prev = method.bounds(tallies(st));
          int steps = 2 * prompts * seeds;
          for (int step = 0; step < steps; step++) {
            int i = even ? step % prompts : (step / (2 * seeds));
            long[] p = st[i];
            if (p[0] > 0) {
              p[0]--;
              p[1]++;
            } else {
              p[1]--;
              p[2]++;
            }
            double[] b = method.bounds(tallies(st));
            double drop = Math.max(prev[0] - b[0], prev[1] - b[1]);
            if (drop > 1e-9) {
              bad++;
              badFrom3 += prompts >= 3 ? 1 : 0;
              worst3 = prompts >= 3 ? Math.max(worst3, drop) : worst3;
              if (drop > worst[0]) {
                worst[0] = drop;
                worstAt[0] = prompts + " prompts x " + seeds + " seeds" + (even ? ", even" : "");
              }
            }
            prev = b;
          }
        }
      }
    }
    System.out.printf(Locale.ROOT, "%s: %d steps back, the largest %.4f at %s; from 3 prompts"
        + " %d, the largest %.4f%n", name, bad, worst[0], worstAt[0], badFrom3, worst3);
    return bad;
  }

  private static List<PairTally> tallies(long[][] st) {
    List<PairTally> out = new ArrayList<>();
    for (long[] p : st) {
      out.add(new PairTally(0, p[0], p[2], p[1]));
    }
    return out;
  }
}
