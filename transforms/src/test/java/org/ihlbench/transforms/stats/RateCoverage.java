package org.ihlbench.transforms.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * How often a 95% interval for a rate covers the truth, over a grid of designs (prompts x seeds)
 * and truths (rate x intra-prompt correlation). Prompts differ: each has its own rate, drawn from
 * a Beta distribution with mean {@code rate} and intra-prompt correlation {@code icc} (Beta(a, b)
 * with a + b = (1 - icc) / icc); a prompt's seeds are independent given its rate, so its refusals
 * are beta-binomial. The truth is {@code rate}, the mean over the population of prompts.
 *
 * <p>Small designs are enumerated exactly: every multiset of per-prompt counts with its
 * probability, so the coverage has no Monte Carlo error. Larger ones are simulated with a fixed
 * seed per cell ({@link #replicates} experiments), so the figures are the same on every run.
 *
 * <p>Reusable: any interval ({@link Method}) can be put through the same grid; {@code
 * IntervalCandidatesReport} does so for the methods compared in docs/STATISTICS.md.
 */
final class RateCoverage {
  /** Designs with at most this many multisets of per-prompt counts are enumerated exactly. */
  static final int EXACT_LIMIT = 20_000;

  private RateCoverage() {}

  /** An interval for a rate from per-prompt counts: {low, high}. */
  interface Method {
    double[] bounds(long[] successes, long[] trials);
  }

  /** The project's interval. */
  static final Method CHOSEN = (k, m) -> {
    Intervals.Interval i = Intervals.clustered(k, m);
    return new double[] {i.low(), i.high()};
  };

  /**
   * One cell: the share of experiments whose interval held the truth, missed it from above (the
   * whole interval below the truth) or from below, the mean width, and the least coverage above
   * 93.5% that any interval depending on the total count could have ({@link #leastAchievable}).
   */
  record Cell(int prompts, int seeds, double rate, double icc, double coverage, double truthAbove,
      double truthBelow, double meanWidth, double leastAchievable, boolean exact, int replicates) {

    /** Whether the count's discreteness leaves room for a coverage in [93.5%, 97.5%]. */
    boolean upperLimitApplies() {
      return !(leastAchievable > 0.975);
    }

    String label() {
      return String.format(Locale.ROOT, "prompts=%d seeds=%d rate=%.2f icc=%.1f", prompts, seeds,
          rate, icc);
    }
  }

  /** P(k of m) for a prompt with m seeds, under a beta-binomial with this mean and correlation. */
  static double[] betaBinomial(int m, double mu, double icc) {
    double theta = icc / (1 - icc);
    double[] p = new double[m + 1];
    for (int k = 0; k <= m; k++) {
      double logp = logChoose(m, k);
      for (int j = 0; j < k; j++) {
        logp += Math.log(mu + j * theta);
      }
      for (int j = 0; j < m - k; j++) {
        logp += Math.log(1 - mu + j * theta);
      }
      for (int j = 0; j < m; j++) {
        logp -= Math.log(1 + j * theta);
      }
      p[k] = Math.exp(logp);
    }
    return p;
  }

  static double logChoose(int n, int k) {
    double s = 0;
    for (int i = 1; i <= k; i++) {
      s += Math.log(n - k + i) - Math.log(i);
    }
    return s;
  }

  /**
   * The coverage of {@code method} for one design at every (rate, icc) pair, exactly when the
   * design is small enough, else by {@code replicates} seeded experiments per pair.
   */
  static List<Cell> design(Method method, int prompts, int seeds, double[] rates, double[] iccs,
      int replicates) {
    double compositions = Math.exp(logChoose(prompts + seeds, seeds));
    List<Cell> out = new ArrayList<>();
    if (compositions <= EXACT_LIMIT) {
      List<int[]> types = compositions(prompts, seeds);
      double[][] bounds = new double[types.size()][];
      IntStream.range(0, types.size()).parallel()
          .forEach(t -> bounds[t] = evaluate(method, types.get(t), seeds));
      for (double rate : rates) {
        for (double icc : iccs) {
          double[] q = betaBinomial(seeds, rate, icc);
          double hit = 0;
          double above = 0;
          double below = 0;
          double width = 0;
          for (int t = 0; t < types.size(); t++) {
            double p = probability(types.get(t), q, prompts);
            double[] b = bounds[t];
            hit += b[0] <= rate && rate <= b[1] ? p : 0;
            above += rate > b[1] ? p : 0;
            below += rate < b[0] ? p : 0;
            width += p * (b[1] - b[0]);
          }
          out.add(new Cell(prompts, seeds, rate, icc, hit, above, below, width,
              leastAchievable(prompts, seeds, rate, icc), true, 0));
        }
      }
      return out;
    }
    for (double rate : rates) {
      for (double icc : iccs) {
        out.add(simulate(method, prompts, seeds, rate, icc, replicates));
      }
    }
    return out;
  }

  /** Seeded experiments at one design and truth. */
  static Cell simulate(Method method, int prompts, int seeds, double rate, double icc,
      int replicates) {
    double[] q = betaBinomial(seeds, rate, icc);
    long seed = 0x9E3779B97F4A7C15L * (prompts * 31L + seeds) + Double.doubleToLongBits(rate)
        * 17 + Double.doubleToLongBits(icc);
    int chunks = 8;
    double[][] parts = new double[chunks][4];
    IntStream.range(0, chunks).parallel().forEach(ch -> {
      SplittableRandom rng = new SplittableRandom(seed + ch);
      long[] k = new long[prompts];
      long[] m = new long[prompts];
      java.util.Arrays.fill(m, seeds);
      double[] acc = parts[ch];
      for (int e = ch; e < replicates; e += chunks) {
        for (int i = 0; i < prompts; i++) {
          k[i] = draw(q, rng.nextDouble());
        }
        double[] b = method.bounds(k, m);
        acc[0] += b[0] <= rate && rate <= b[1] ? 1 : 0;
        acc[1] += rate > b[1] ? 1 : 0;
        acc[2] += rate < b[0] ? 1 : 0;
        acc[3] += b[1] - b[0];
      }
    });
    double[] sum = new double[4];
    for (double[] p : parts) {
      for (int i = 0; i < 4; i++) {
        sum[i] += p[i];
      }
    }
    return new Cell(prompts, seeds, rate, icc, sum[0] / replicates, sum[1] / replicates,
        sum[2] / replicates, sum[3] / replicates, leastAchievable(prompts, seeds, rate, icc), false,
        replicates);
  }

  /**
   * Seeded experiments for the helpful-refusal rate (explained refusals / refusals): each prompt
   * has a refusal rate (mean {@code refusalRate}) and, independently, a rate of explaining its
   * refusals (mean {@code rate}), both Beta across prompts with intra-prompt correlation {@code
   * icc}. A prompt's refusals out of its seeds are beta-binomial, and its explained refusals out
   * of its refusals too; the interval sees explained refusals over refusals per prompt (prompts
   * of unequal size). The truth is {@code rate}. Experiments without a single refusal have no
   * rate and are left out (at refusal rate 0.8 they are below 1 in 3,000 even at 5 prompts).
   */
  static Cell simulateHelpful(Method method, int prompts, int seeds, double refusalRate,
      double rate, double icc, int replicates) {
    double[] refusals = betaBinomial(seeds, refusalRate, icc);
    double[][] explained = new double[seeds + 1][];
    for (int r = 0; r <= seeds; r++) {
      explained[r] = betaBinomial(r, rate, icc);
    }
    long seed = 0xC2B2AE3D27D4EB4FL * (prompts * 37L + seeds) + Double.doubleToLongBits(rate)
        * 13 + Double.doubleToLongBits(icc) * 5;
    int chunks = 8;
    double[][] parts = new double[chunks][5];
    IntStream.range(0, chunks).parallel().forEach(ch -> {
      SplittableRandom rng = new SplittableRandom(seed + ch);
      long[] k = new long[prompts];
      long[] m = new long[prompts];
      double[] acc = parts[ch];
      for (int e = ch; e < replicates; e += chunks) {
        long total = 0;
        for (int i = 0; i < prompts; i++) {
          m[i] = draw(refusals, rng.nextDouble());
          k[i] = draw(explained[(int) m[i]], rng.nextDouble());
          total += m[i];
        }
        if (total == 0) {
          continue;
        }
        double[] b = method.bounds(k, m);
        acc[0] += b[0] <= rate && rate <= b[1] ? 1 : 0;
        acc[1] += rate > b[1] ? 1 : 0;
        acc[2] += rate < b[0] ? 1 : 0;
        acc[3] += b[1] - b[0];
        acc[4]++;
      }
    });
    double[] sum = new double[5];
    for (double[] p : parts) {
      for (int i = 0; i < 5; i++) {
        sum[i] += p[i];
      }
    }
    // With one seed per prompt the refusals are binomial: each number of them is held to the
    // count-based criterion of RateCoverage#leastAchievable, weighted by its probability.
    double least = Double.NaN;
    if (seeds == 1) {
      least = 0;
      double any = 1 - Math.pow(1 - refusalRate, prompts);
      for (int r = 1; r <= prompts; r++) {
        double pr = Math.exp(logChoose(prompts, r) + r * Math.log(refusalRate)
            + (prompts - r) * Math.log(1 - refusalRate));
        least += pr / any * leastAchievable(r, 1, rate, 0);
      }
    }
    return new Cell(prompts, seeds, rate, icc, sum[0] / sum[4], sum[1] / sum[4], sum[2] / sum[4],
        sum[3] / sum[4], least, false, (int) sum[4]);
  }

  static int draw(double[] pmf, double u) {
    double c = 0;
    for (int k = 0; k < pmf.length - 1; k++) {
      c += pmf[k];
      if (u < c) {
        return k;
      }
    }
    return pmf.length - 1;
  }

  private static double[] evaluate(Method method, int[] type, int seeds) {
    int prompts = 0;
    for (int c : type) {
      prompts += c;
    }
    long[] k = new long[prompts];
    long[] m = new long[prompts];
    int i = 0;
    for (int v = 0; v < type.length; v++) {
      for (int c = 0; c < type[v]; c++) {
        k[i] = v;
        m[i++] = seeds;
      }
    }
    return method.bounds(k, m);
  }

  /** Multinomial probability of the type counts (how many prompts had 0, 1, ... refusals). */
  private static double probability(int[] type, double[] q, int prompts) {
    double logp = 0;
    for (int i = 1; i <= prompts; i++) {
      logp += Math.log(i);
    }
    for (int v = 0; v < type.length; v++) {
      if (type[v] == 0) {
        continue;
      }
      if (q[v] <= 0) {
        return 0;
      }
      for (int i = 1; i <= type[v]; i++) {
        logp -= Math.log(i);
      }
      logp += type[v] * Math.log(q[v]);
    }
    return Math.exp(logp);
  }

  /** Every way to split {@code prompts} prompts over 0..seeds refusals. */
  static List<int[]> compositions(int prompts, int seeds) {
    List<int[]> out = new ArrayList<>();
    fill(new int[seeds + 1], 0, prompts, out);
    return out;
  }

  private static void fill(int[] type, int at, int left, List<int[]> out) {
    if (at == type.length - 1) {
      type[at] = left;
      out.add(type.clone());
      return;
    }
    for (int c = 0; c <= left; c++) {
      type[at] = c;
      fill(type, at + 1, left - c, out);
    }
  }

  /**
   * The least coverage of at least 93.5% that an interval depending only on the total count
   * could have: the smallest probability of a range of totals [a, b] that reaches 93.5% (at rate
   * 0.5, only ranges symmetric about the middle, as an interval treating refusals and the rest
   * alike gives). Above 97.5%, no interval of the count can land in [93.5%, 97.5%]: e.g. 5 prompts
   * with one seed at rate 0.97 (all 5 refused 85.9%, 4 or 5 refused 99.1%).
   */
  static double leastAchievable(int prompts, int seeds, double rate, double icc) {
    double[] q = betaBinomial(seeds, rate, icc);
    double[] total = {1};
    for (int i = 0; i < prompts; i++) {
      double[] next = new double[total.length + seeds];
      for (int a = 0; a < total.length; a++) {
        for (int v = 0; v <= seeds; v++) {
          next[a + v] += total[a] * q[v];
        }
      }
      total = next;
    }
    int n = total.length - 1;
    double[] cum = new double[n + 2];
    for (int a = 0; a <= n; a++) {
      cum[a + 1] = cum[a] + total[a];
    }
    double best = Double.POSITIVE_INFINITY;
    boolean symmetric = Math.abs(rate - 0.5) < 1e-12;
    for (int a = 0; a <= n; a++) {
      if (symmetric) {
        int b = n - a;
        if (b < a) {
          break;
        }
        double p = cum[b + 1] - cum[a];
        if (p >= 0.935) {
          best = Math.min(best, p);
        }
        continue;
      }
      for (int b = a; b <= n; b++) {
        double p = cum[b + 1] - cum[a];
        if (p >= 0.935) {
          best = Math.min(best, p);
          break;
        }
      }
    }
    return best;
  }

  /** A markdown table of cells: coverage (misses above/below), mean width, discreteness note. */
  static String table(List<Cell> cells) {
    StringBuilder sb = new StringBuilder(
        "| prompts | seeds | rate | ICC | coverage | truth above / below | mean width | note |\n"
            + "|---|---|---|---|---|---|---|---|\n");
    for (Cell c : cells) {
      sb.append(String.format(Locale.ROOT, "| %d | %d | %.2f | %.1f | %.1f%% | %.1f / %.1f | %.3f | %s%s |%n",
          c.prompts(), c.seeds(), c.rate(), c.icc(), 100 * c.coverage(), 100 * c.truthAbove(),
          100 * c.truthBelow(), c.meanWidth(), c.exact() ? "exact" : c.replicates() + " runs",
          c.upperLimitApplies() ? "" : String.format(Locale.ROOT,
              "; no count-based interval below %.1f%%", 100 * c.leastAchievable())));
    }
    return sb.toString();
  }

  /** The coverages in a row per design (rates x iccs), for a compact printout. */
  static String compact(String name, List<Cell> cells) {
    StringBuilder sb = new StringBuilder();
    Cell first = cells.get(0);
    sb.append(String.format(Locale.ROOT, "%-16s c=%3d m=%d", name, first.prompts(),
        first.seeds()));
    StringBuilder flags = new StringBuilder();
    for (Cell c : cells) {
      sb.append(String.format(Locale.ROOT, " %.3f", c.coverage()));
      flags.append(c.coverage() < 0.935 ? 'L' : c.coverage() > 0.975
          ? (c.upperLimitApplies() ? 'H' : 'x') : '.');
    }
    return sb.append(' ').append(flags).toString();
  }
}
