package org.ihlbench.transforms.ratelimit;

/**
 * Spaces the calls of one rate-limit shard: requests per minute and tokens per minute, each as a
 * generic cell rate (a token bucket expressed as the next time a call may start), so that calls
 * are spread evenly instead of bursting into the provider's limit; and holds them all while the
 * shard is paused (a 429's wait, a budget the headers say is used up).
 *
 * <p>The rates may change while calls are made ({@link LimitLearner} sets them as it learns the
 * limit); a start already reserved stays reserved.
 *
 * <p>Not thread-safe: one dispatch loop owns it.
 */
public final class Pacer {
  private final double burstRequests;
  private double requestIntervalNanos;
  private double tokenIntervalNanos;
  private double requestTolerance;
  private double tokenTolerance;
  private double nextRequestAt;
  private double nextTokenAt;
  private long pausedUntil;

  /**
   * @param requestsPerMinute 0 (or infinite) for no request limit
   * @param tokensPerMinute 0 (or infinite) for no token limit
   * @param burstRequests how many requests may start back to back after an idle spell
   */
  public Pacer(double requestsPerMinute, double tokensPerMinute, double burstRequests, long nowNanos) {
    this.burstRequests = burstRequests;
    this.nextRequestAt = nowNanos;
    this.nextTokenAt = nowNanos;
    this.pausedUntil = nowNanos;
    setRates(requestsPerMinute, tokensPerMinute);
  }

  public static Pacer unlimited(long nowNanos) {
    return new Pacer(0, 0, 1, nowNanos);
  }

  /** New rates per minute (0 or infinite: no limit), from the next start on. */
  public void setRates(double requestsPerMinute, double tokensPerMinute) {
    requestIntervalNanos = limited(requestsPerMinute) ? 60e9 / requestsPerMinute : 0;
    tokenIntervalNanos = limited(tokensPerMinute) ? 60e9 / tokensPerMinute : 0;
    requestTolerance = Math.max(0, burstRequests - 1) * requestIntervalNanos;
    // A token budget may be spent a second's worth at a time.
    tokenTolerance = tokenIntervalNanos > 0 ? 1e9 : 0;
  }

  private static boolean limited(double perMinute) {
    return perMinute > 0 && !Double.isInfinite(perMinute);
  }

  /**
   * Reserves a start for a call of {@code tokens} estimated tokens. Returns 0 when the call may
   * start now (the reservation is made), or the nanoseconds to wait before asking again.
   */
  public long reserve(long nowNanos, int tokens) {
    if (nowNanos < pausedUntil) {
      return pausedUntil - nowNanos;
    }
    double waitReq = nextRequestAt - requestTolerance - nowNanos;
    double waitTok = nextTokenAt - tokenTolerance - nowNanos;
    double wait = Math.max(waitReq, waitTok);
    if (wait > 0) {
      return (long) Math.ceil(wait);
    }
    nextRequestAt = Math.max(nextRequestAt, nowNanos) + requestIntervalNanos;
    nextTokenAt = Math.max(nextTokenAt, nowNanos) + tokenIntervalNanos * Math.max(1, tokens);
    return 0;
  }

  /** Corrects the token account once the real usage is known. */
  public void settle(int estimatedTokens, int actualTokens) {
    if (tokenIntervalNanos > 0) {
      nextTokenAt += (actualTokens - estimatedTokens) * tokenIntervalNanos;
    }
  }

  /** Holds every start for {@code nanos} from now (or longer, if already held longer). */
  public void pause(long nowNanos, long nanos) {
    pausedUntil = Math.max(pausedUntil, nowNanos + Math.max(0, nanos));
  }

  public boolean paused(long nowNanos) {
    return nowNanos < pausedUntil;
  }
}
