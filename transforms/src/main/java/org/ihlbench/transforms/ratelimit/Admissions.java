package org.ihlbench.transforms.ratelimit;

/**
 * What a shard's provider admitted lately, by the time calls were started: calls started less
 * those refused with a 429, and the tokens of those answered. {@link LimitLearner} measures the
 * limit by it once the provider refuses some. Keeps the last few thousand calls. Not
 * thread-safe.
 */
final class Admissions {
  private static final int SIZE = 4096;
  private final long[] started = new long[SIZE];
  private int startedCount;
  private final long[] refused = new long[SIZE];
  private int refusedCount;
  private final long[] answered = new long[SIZE];
  private final int[] answeredTokens = new int[SIZE];
  private int answeredCount;

  void started(long at) {
    started[startedCount++ % SIZE] = at;
  }

  /** The call started at {@code startedAt} was refused (429). */
  void refused(long startedAt) {
    refused[refusedCount++ % SIZE] = startedAt;
  }

  /** The call started at {@code startedAt} was answered, using {@code tokens} tokens. */
  void answered(long startedAt, int tokens) {
    int slot = answeredCount++ % SIZE;
    answered[slot] = startedAt;
    answeredTokens[slot] = tokens;
  }

  /**
   * Requests admitted among those started in [from, to): started less refused (calls still in
   * flight count as admitted: a refusal comes back at once).
   */
  long requests(long from, long to) {
    return to <= from ? 0
        : count(started, startedCount, from, to) - count(refused, refusedCount, from, to);
  }

  /** Tokens per second of the answered calls started in [from, to), or NaN when none. */
  double tokensPerSecond(long from, long to) {
    if (to <= from) {
      return Double.NaN;
    }
    int n = Math.min(answeredCount, SIZE);
    double sum = 0;
    for (int i = 0; i < n; i++) {
      if (answered[i] >= from && answered[i] < to) {
        sum += answeredTokens[i];
      }
    }
    return sum <= 0 ? Double.NaN : sum / ((to - from) / 1e9);
  }

  private static long count(long[] times, int total, long from, long to) {
    int n = Math.min(total, SIZE);
    long c = 0;
    for (int i = 0; i < n; i++) {
      if (times[i] >= from && times[i] < to) {
        c++;
      }
    }
    return c;
  }
}
