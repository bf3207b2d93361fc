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
 */
public class PairedCandidatesReport {

  /**
   * The interval before: Bonett-Price with one pair per prompt, clustered (CR1, t on the real
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
    methods.put("bonett-price (before)", CLUSTER_BONETT_PRICE);
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
  }

  /**
   * Steps that lower a bound when one pair moves towards "to" (from-only -> neither -> to-only):
   * over every prompts (2 up) x seeds up to 60 pairs, from every pair from-only to every pair
   * to-only, one step at a time, a prompt at a time (all of a prompt's pairs first) or evenly
   * (each prompt in turn).
   */
  static int violations(String name, PairedSimulation.Method method) {
    int bad = 0;
    double[] worst = {0};
    String[] worstAt = {"none"};
    for (int seeds = 1; seeds <= 20; seeds++) {
      for (int prompts = 2; prompts * seeds <= 60; prompts++) {
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
    System.out.printf(Locale.ROOT, "%s: %d steps back, the largest %.4f at %s%n", name, bad,
        worst[0], worstAt[0]);
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
