package org.ihlbench.transforms.ratelimit;

/**
 * Paces the calls of one rate-limit shard: requests per minute and tokens per minute, each as a
 * generic cell rate (a token bucket expressed as the next time a call may start), so that calls
 * are spread evenly instead of bursting into the provider's limit.
 *
 * <p>When the provider answers 429 anyway, the pacer pauses for the time the provider asked. A
 * lone 429 can come from shards that happened to start calls together; a second one within ten
 * seconds means the limit is lower than configured (or another client shares the key), and then
 * the pacer also halves its rate, winning it back a little with each success.
 *
 * <p>Not thread-safe: one dispatch loop owns it.
 */
public final class Pacer {
  private static final double MIN_FACTOR = 1.0 / 64;
  /** Two 429s closer than this slow the pacer down. */
  private static final long REPEAT_NANOS = 10_000_000_000L;
  private static final long DEFAULT_PAUSE_NANOS = 1_000_000_000L;
  private static final long MIN_PAUSE_NANOS = 100_000_000L;

  private final double requestIntervalNanos;
  private final double tokenIntervalNanos;
  private final double requestTolerance;
  private final double tokenTolerance;
  private double nextRequestAt;
  private double nextTokenAt;
  private long pausedUntil;
  private double factor = 1.0;
  private long lastThrottledAt;
  private boolean everThrottled;

  /**
   * @param requestsPerMinute 0 for no request limit
   * @param tokensPerMinute 0 for no token limit
   * @param burstRequests how many requests may start back to back after an idle spell
   */
  public Pacer(double requestsPerMinute, double tokensPerMinute, double burstRequests, long nowNanos) {
    this.requestIntervalNanos = requestsPerMinute > 0 ? 60e9 / requestsPerMinute : 0;
    this.tokenIntervalNanos = tokensPerMinute > 0 ? 60e9 / tokensPerMinute : 0;
    this.requestTolerance = Math.max(0, burstRequests - 1) * requestIntervalNanos;
    // A token budget may be spent a second's worth at a time.
    this.tokenTolerance = tokensPerMinute > 0 ? 1e9 : 0;
    this.nextRequestAt = nowNanos;
    this.nextTokenAt = nowNanos;
    this.pausedUntil = nowNanos;
  }

  public static Pacer unlimited(long nowNanos) {
    return new Pacer(0, 0, 1, nowNanos);
  }

  /**
   * Reserves a start for a call of {@code tokens} estimated tokens. Returns 0 when the call may
   * start now (the reservation is made), or the nanoseconds to wait before asking again.
   */
  public long reserve(long nowNanos, int tokens) {
    if (nowNanos < pausedUntil) {
      return pausedUntil - nowNanos;
    }
    double reqInterval = requestIntervalNanos / factor;
    double tokInterval = tokenIntervalNanos / factor * Math.max(1, tokens);
    double waitReq = nextRequestAt - requestTolerance / factor - nowNanos;
    double waitTok = nextTokenAt - tokenTolerance - nowNanos;
    double wait = Math.max(waitReq, waitTok);
    if (wait > 0) {
      return (long) Math.ceil(wait);
    }
    nextRequestAt = Math.max(nextRequestAt, nowNanos) + reqInterval;
    nextTokenAt = Math.max(nextTokenAt, nowNanos) + tokInterval;
    return 0;
  }

  /** Corrects the token account once the real usage is known. */
  public void settle(int estimatedTokens, int actualTokens) {
    if (tokenIntervalNanos > 0) {
      nextTokenAt += (actualTokens - estimatedTokens) * tokenIntervalNanos / factor;
    }
  }

  /**
   * The provider said 429: wait {@code retryAfterNanos} (a second when it named no wait, at
   * least 100 ms), and halve the rate if the previous 429 was less than ten seconds ago.
   */
  public void throttled(long nowNanos, long retryAfterNanos) {
    throttled(nowNanos, retryAfterNanos, nowNanos);
  }

  /**
   * As {@link #throttled(long, long)}, for a call started at {@code startedNanos}. A call that
   * was already in flight when the previous 429 came is part of the same burst, not news that
   * the limit is lower: it extends the pause but does not halve the rate again (else one burst
   * of simultaneous 429s would cut the pace to the floor).
   */
  public void throttled(long nowNanos, long retryAfterNanos, long startedNanos) {
    long pause = retryAfterNanos > 0 ? Math.max(retryAfterNanos, MIN_PAUSE_NANOS)
        : DEFAULT_PAUSE_NANOS;
    pausedUntil = Math.max(pausedUntil, nowNanos + pause);
    if (everThrottled && startedNanos < lastThrottledAt) {
      return;
    }
    if (everThrottled && nowNanos - lastThrottledAt <= REPEAT_NANOS) {
      factor = Math.max(MIN_FACTOR, factor / 2);
    }
    everThrottled = true;
    lastThrottledAt = nowNanos;
  }

  /**
   * The provider said, on a success, that the budget is used up for {@code nanos}: wait that
   * long without slowing down, since no limit was crossed.
   */
  public void pause(long nowNanos, long nanos) {
    pausedUntil = Math.max(pausedUntil, nowNanos + Math.max(0, nanos));
  }

  /** A call succeeded: win back some of the rate lost to 429s. */
  public void succeeded() {
    if (factor < 1.0) {
      factor = Math.min(1.0, factor * 1.05);
    }
  }

  /** The share of the configured rate the pacer currently allows. */
  public double factor() {
    return factor;
  }
}
