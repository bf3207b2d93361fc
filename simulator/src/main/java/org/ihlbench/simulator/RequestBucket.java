package org.ihlbench.simulator;

/**
 * A token bucket that admits {@code perMinute} requests a minute with up to {@code burst} at once,
 * the way provider rate limits behave: refill is continuous, not per calendar minute.
 */
final class RequestBucket {
  private final double perNano;
  private final double capacity;
  private double tokens;
  private long last;

  RequestBucket(int perMinute, int burst, long nowNanos) {
    this.perNano = perMinute / 60e9;
    this.capacity = Math.max(1, burst);
    this.tokens = capacity;
    this.last = nowNanos;
  }

  /** Takes a token; returns 0 when admitted, else the nanoseconds until one is available. */
  synchronized long tryTake(long nowNanos) {
    tokens = Math.min(capacity, tokens + (nowNanos - last) * perNano);
    last = nowNanos;
    if (tokens >= 1) {
      tokens -= 1;
      return 0;
    }
    return (long) Math.ceil((1 - tokens) / perNano);
  }

  synchronized int remaining() {
    return (int) Math.floor(tokens);
  }

  /** Requests the bucket holds when full: what rate-limit headers call the limit. */
  int capacity() {
    return (int) capacity;
  }

  /** Nanoseconds until the bucket is full again, as of its last use. */
  synchronized long fullInNanos() {
    return (long) Math.ceil((capacity - tokens) / perNano);
  }
}
