package org.ihlbench.simulator;

/**
 * A token bucket that admits {@code perMinute} requests a minute with up to {@code burst} at once,
 * the way provider rate limits behave: refill is continuous, not per calendar minute. Another
 * client on the same key may take {@code otherPerMinute} of it: it takes its share first, as it
 * asks for it, and what is left is what this key's caller gets.
 */
final class RequestBucket {
  private final double perNano;
  private final double otherPerNano;
  private final double capacity;
  private double tokens;
  private double otherDemand;
  private long otherServed;
  private long last;

  RequestBucket(int perMinute, int burst, long nowNanos) {
    this(perMinute, burst, 0, nowNanos);
  }

  RequestBucket(int perMinute, int burst, int otherPerMinute, long nowNanos) {
    this.perNano = perMinute / 60e9;
    this.otherPerNano = otherPerMinute / 60e9;
    this.capacity = Math.max(1, burst);
    this.tokens = capacity;
    this.last = nowNanos;
  }

  private void refill(long nowNanos) {
    long dt = Math.max(0, nowNanos - last);
    last = Math.max(last, nowNanos);
    tokens = Math.min(capacity, tokens + dt * perNano);
    if (otherPerNano > 0) {
      otherDemand += dt * otherPerNano;
      double take = Math.min(Math.floor(tokens), Math.floor(otherDemand));
      tokens -= take;
      otherDemand -= take;
      otherServed += (long) take;
    }
  }

  /** Takes a token; returns 0 when admitted, else the nanoseconds until one is available. */
  synchronized long tryTake(long nowNanos) {
    refill(nowNanos);
    if (tokens >= 1) {
      tokens -= 1;
      return 0;
    }
    double forThisCaller = perNano - otherPerNano > 0 ? perNano - otherPerNano : perNano;
    return (long) Math.ceil((1 - tokens) / forThisCaller);
  }

  synchronized int remaining() {
    return (int) Math.floor(tokens);
  }

  /** Requests the bucket holds when full. */
  int capacity() {
    return (int) capacity;
  }

  /** Requests short of full, as of its last use: what the caller has used and is not back yet. */
  synchronized double deficit() {
    return capacity - tokens;
  }

  /** Nanoseconds until the bucket is full again, as of its last use. */
  synchronized long fullInNanos() {
    return (long) Math.ceil((capacity - tokens) / perNano);
  }

  /** Requests the other client on the key was given. */
  synchronized long otherServed(long nowNanos) {
    refill(nowNanos);
    return otherServed;
  }
}
