package org.ihlbench.transforms.ratelimit;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Capped exponential backoff with full jitter (AWS architecture blog, "Exponential Backoff And
 * Jitter"): attempt n waits a uniform time in [0, min(cap, base * 2^n)), but never less than what
 * the provider asked for in Retry-After.
 */
public record Backoff(Duration base, Duration cap) implements java.io.Serializable {

  public static Backoff standard() {
    return new Backoff(Duration.ofMillis(500), Duration.ofSeconds(60));
  }

  /** Delay before retry number {@code retry} (1 for the first retry). */
  public Duration delay(int retry, Duration retryAfter) {
    double ceiling = Math.min(cap.toMillis(), base.toMillis() * Math.pow(2, retry - 1));
    long jittered = (long) (ThreadLocalRandom.current().nextDouble() * ceiling);
    long asked = retryAfter == null ? 0 : retryAfter.toMillis();
    return Duration.ofMillis(Math.max(jittered, asked));
  }
}
