package org.ihlbench.transforms.stats;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Resampling weights drawn deterministically per (prompt, replicate): a function of the prompt id,
 * the replicate number and a salt, never of where or in what order prompts are processed. So
 * replicate sums formed on any partition of the prompts add up to the same totals, a resampled
 * statistic is the same on every runner and rerun, and every comparison of a run resamples the
 * same prompts the same way.
 */
public final class Resampling {
  /** Cumulative Poisson(1) probabilities P(X <= k), k = 0..11; beyond that is below 1e-9. */
  private static final double[] POISSON1_CDF = poissonCdf(12);
  private static final long BOOTSTRAP_SALT = 0x6f1d0b5e4a2c7391L;
  private static final long SIGN_SALT = 0x2b7e151628aed2a6L;

  private Resampling() {}

  /**
   * Poisson(1) bootstrap weights of one prompt for replicates 0..replicates-1: each replicate
   * counts the prompt 0, 1, 2, ... times, as a multinomial resample of the prompts would on
   * average (Hanley and MacGibbon 2006; Chamandy et al. 2012, "Estimating uncertainty for massive
   * data streams").
   */
  public static byte[] poissonWeights(String promptId, int replicates) {
    SplittableRandom r = new SplittableRandom(hash(promptId) ^ BOOTSTRAP_SALT);
    byte[] w = new byte[replicates];
    for (int i = 0; i < replicates; i++) {
      double u = r.nextDouble();
      int k = 0;
      while (k < POISSON1_CDF.length - 1 && u > POISSON1_CDF[k]) {
        k++;
      }
      w[i] = (byte) k;
    }
    return w;
  }

  /** Random signs of one prompt for permutations 0..permutations-1, as bits (1 = flipped). */
  public static long[] signs(String promptId, int permutations) {
    SplittableRandom r = new SplittableRandom(hash(promptId) ^ SIGN_SALT);
    long[] bits = new long[(permutations + 63) / 64];
    for (int i = 0; i < bits.length; i++) {
      bits[i] = r.nextLong();
    }
    return bits;
  }

  static boolean flipped(long[] signs, int permutation) {
    return (signs[permutation >>> 6] >>> (permutation & 63) & 1L) != 0;
  }

  /** FNV-1a over UTF-8, then a finalizer: stable across JVMs, unlike String.hashCode. */
  static long hash(String id) {
    long h = 0xcbf29ce484222325L;
    for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
      h ^= (b & 0xff);
      h *= 0x100000001b3L;
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    return h;
  }

  private static double[] poissonCdf(int n) {
    double[] cdf = new double[n];
    double term = Math.exp(-1);
    double sum = 0;
    for (int k = 0; k < n; k++) {
      sum += term;
      cdf[k] = sum;
      term /= (k + 1);
    }
    cdf[n - 1] = 1.0;
    return cdf;
  }

  /**
   * Weights and signs per prompt for a fixed number of replicates and permutations, drawn on first
   * use and reused by every comparison over the same prompts. Not thread-safe: one per DoFn call.
   */
  public static final class Cache {
    private final int replicates;
    private final int permutations;
    private final Map<String, byte[]> weights = new HashMap<>();
    private final Map<String, long[]> signs = new HashMap<>();

    public Cache(int replicates, int permutations) {
      this.replicates = replicates;
      this.permutations = permutations;
    }

    public int replicates() {
      return replicates;
    }

    public int permutations() {
      return permutations;
    }

    byte[] weights(String promptId) {
      return weights.computeIfAbsent(promptId, id -> poissonWeights(id, replicates));
    }

    long[] signs(String promptId) {
      return signs.computeIfAbsent(promptId, id -> Resampling.signs(id, permutations));
    }
  }
}
