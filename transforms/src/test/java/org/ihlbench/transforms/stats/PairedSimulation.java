package org.ihlbench.transforms.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.apache.commons.math3.distribution.BetaDistribution;

/**
 * Seeded simulations of paired comparisons, for the coverage of the paired-change interval and
 * the false-positive rate of the paired tests. Each prompt has a latent difficulty u, uniform on
 * (0, 1); under the "from" condition it is refused at the u-quantile of a Beta distribution with
 * mean {@code from} and intra-prompt correlation {@code icc}, under "to" at the u-quantile of one
 * with mean {@code to}: hard prompts stay hard (the two rates move together across prompts, as
 * under a system prompt that lifts every prompt's refusal). The latent is drawn from 512
 * equally likely levels, so the truth is the exact mean of the difference over those levels.
 * Each seed of a prompt gives a matched pair, independent given the prompt's two rates.
 */
final class PairedSimulation {
  private static final int LEVELS = 512;

  private PairedSimulation() {}

  /** Interval for the change from per-prompt pair tallies: {low, high}. */
  interface Method {
    double[] bounds(List<PairTally> tallies);
  }

  /** The project's interval (as PairedComparison.of computes it, without the test). */
  static final Method CHOSEN = tallies -> {
    long[] d = new long[tallies.size()];
    long[] m = new long[tallies.size()];
    long fromOnly = 0;
    long toOnly = 0;
    boolean onePairEach = true;
    for (int i = 0; i < d.length; i++) {
      d[i] = tallies.get(i).difference();
      m[i] = tallies.get(i).pairs();
      fromOnly += tallies.get(i).fromOnly();
      toOnly += tallies.get(i).toOnly();
      onePairEach &= m[i] == 1;
    }
    return PairedComparison.adjustedInterval(d, m, fromOnly, toOnly, onePairEach);
  };

  /** The prompts' rates under each condition at each latent level. */
  record Rates(double[] from, double[] to, double truth) {
    static Rates of(double from, double to, double icc) {
      double[] f = quantiles(from, icc);
      double[] t = quantiles(to, icc);
      double truth = 0;
      for (int i = 0; i < LEVELS; i++) {
        truth += (t[i] - f[i]) / LEVELS;
      }
      return new Rates(f, t, truth);
    }

    private static double[] quantiles(double mean, double icc) {
      double[] q = new double[LEVELS];
      if (icc <= 0) {
        java.util.Arrays.fill(q, mean);
        return q;
      }
      double ab = (1 - icc) / icc;
      BetaDistribution beta = new BetaDistribution(null, mean * ab, (1 - mean) * ab,
          1e-12);
      for (int i = 0; i < LEVELS; i++) {
        q[i] = beta.inverseCumulativeProbability((i + 0.5) / LEVELS);
      }
      return q;
    }
  }

  /** One experiment's pair tallies. */
  static List<PairTally> experiment(Rates rates, int prompts, int seeds, SplittableRandom rng) {
    List<PairTally> out = new ArrayList<>(prompts);
    for (int i = 0; i < prompts; i++) {
      int level = rng.nextInt(LEVELS);
      double pf = rates.from()[level];
      double pt = rates.to()[level];
      long both = 0;
      long fromOnly = 0;
      long toOnly = 0;
      long neither = 0;
      for (int s = 0; s < seeds; s++) {
        boolean f = rng.nextDouble() < pf;
        boolean t = rng.nextDouble() < pt;
        if (f && t) {
          both++;
        } else if (f) {
          fromOnly++;
        } else if (t) {
          toOnly++;
        } else {
          neither++;
        }
      }
      out.add(new PairTally(both, fromOnly, toOnly, neither));
    }
    return out;
  }

  /**
   * A coverage cell of the paired interval; {@code leastAchievable} is the least coverage of at
   * least 93.5% that an interval depending only on the net change (to-only minus from-only pairs)
   * could have ({@link #leastAchievable}).
   */
  record Cell(int prompts, int seeds, double to, double icc, double truth, double coverage,
      double truthAbove, double truthBelow, double meanWidth, int replicates,
      double leastAchievable) {

    /** Whether the net change's discreteness leaves room for a coverage in [93.5%, 97.5%]. */
    boolean upperLimitApplies() {
      return !(leastAchievable > 0.975);
    }

    String label() {
      return String.format(Locale.ROOT, "prompts=%d seeds=%d to=%.2f icc=%.1f", prompts, seeds,
          to, icc);
    }
  }

  static Cell coverage(Method method, int prompts, int seeds, double from, double to, double icc,
      int replicates) {
    Rates rates = Rates.of(from, to, icc);
    long seed = 0x5DEECE66DL * (prompts * 131L + seeds) + Double.doubleToLongBits(to) * 7
        + Double.doubleToLongBits(icc) * 3 + Double.doubleToLongBits(from);
    int chunks = 8;
    double[][] parts = new double[chunks][4];
    IntStream.range(0, chunks).parallel().forEach(ch -> {
      SplittableRandom rng = new SplittableRandom(seed + ch);
      double[] acc = parts[ch];
      for (int e = ch; e < replicates; e += chunks) {
        double[] b = method.bounds(experiment(rates, prompts, seeds, rng));
        double t = rates.truth();
        acc[0] += b[0] <= t && t <= b[1] ? 1 : 0;
        acc[1] += t > b[1] ? 1 : 0;
        acc[2] += t < b[0] ? 1 : 0;
        acc[3] += b[1] - b[0];
      }
    });
    double[] sum = new double[4];
    for (double[] p : parts) {
      for (int i = 0; i < 4; i++) {
        sum[i] += p[i];
      }
    }
    return new Cell(prompts, seeds, to, icc, rates.truth(), sum[0] / replicates,
        sum[1] / replicates, sum[2] / replicates, sum[3] / replicates, replicates,
        leastAchievable(rates, prompts, seeds));
  }

  /**
   * The least coverage of at least 93.5% that an interval depending only on the net change D =
   * sum over pairs of (to - from) could have: the smallest probability of a range of D that
   * reaches 93.5%, from D's exact distribution (each prompt's net change is a mixture over the
   * latent levels of m seeds' changes of -1, 0 or +1). Above 97.5%, no such interval can land in
   * [93.5%, 97.5%]: e.g. 5 prompts with one seed each, 0.87 -> 0.97, ICC 0 (D from 0 to +2 91.1%,
   * from -1 to +2 98.0%).
   */
  static double leastAchievable(Rates rates, int prompts, int seeds) {
    double[] prompt = new double[2 * seeds + 1];
    for (int level = 0; level < LEVELS; level++) {
      double up = (1 - rates.from()[level]) * rates.to()[level];
      double down = rates.from()[level] * (1 - rates.to()[level]);
      double[] one = {down, 1 - up - down, up};
      double[] d = {1};
      for (int s = 0; s < seeds; s++) {
        d = convolve(d, one);
      }
      for (int v = 0; v < d.length; v++) {
        prompt[v] += d[v] / LEVELS;
      }
    }
    double[] total = {1};
    for (int i = 0; i < prompts; i++) {
      total = convolve(total, prompt);
    }
    double[] cum = new double[total.length + 1];
    for (int a = 0; a < total.length; a++) {
      cum[a + 1] = cum[a] + total[a];
    }
    double best = Double.POSITIVE_INFINITY;
    for (int a = 0; a < total.length; a++) {
      for (int b = a; b < total.length; b++) {
        double p = cum[b + 1] - cum[a];
        if (p >= 0.935) {
          best = Math.min(best, p);
          break;
        }
      }
    }
    return best;
  }

  private static double[] convolve(double[] x, double[] y) {
    double[] out = new double[x.length + y.length - 1];
    for (int i = 0; i < x.length; i++) {
      if (x[i] == 0) {
        continue;
      }
      for (int j = 0; j < y.length; j++) {
        out[i + j] += x[i] * y[j];
      }
    }
    return out;
  }

  static String compact(String name, List<Cell> cells) {
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-16s c=%3d m=%d", name,
        cells.get(0).prompts(), cells.get(0).seeds()));
    StringBuilder flags = new StringBuilder();
    for (Cell c : cells) {
      sb.append(String.format(Locale.ROOT, " %.3f", c.coverage()));
      flags.append(c.coverage() < 0.935 ? 'L' : c.coverage() > 0.975
          ? (c.upperLimitApplies() ? 'H' : 'x') : '.');
    }
    return sb.append(' ').append(flags).toString();
  }

  static String table(List<Cell> cells) {
    StringBuilder sb = new StringBuilder(
        "| prompts | seeds | rate from -> to | ICC | coverage | truth above / below | mean width"
            + " | least achievable |\n|---|---|---|---|---|---|---|---|\n");
    for (Cell c : cells) {
      sb.append(String.format(Locale.ROOT, "| %d | %d | %.2f -> %.2f | %.1f | %.1f%% | %.1f / %.1f"
              + " | %.3f | %.1f%% |%n", c.prompts(), c.seeds(), c.to() - 0.1, c.to(), c.icc(),
          100 * c.coverage(), 100 * c.truthAbove(), 100 * c.truthBelow(), c.meanWidth(),
          100 * c.leastAchievable()));
    }
    return sb.toString();
  }
}
