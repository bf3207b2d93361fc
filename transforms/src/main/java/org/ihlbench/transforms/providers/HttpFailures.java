package org.ihlbench.transforms.providers;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.ihlbench.transforms.ratelimit.RateLimitHeaders;

/** What HTTP statuses and rate-limit headers mean, the same for every provider. */
public final class HttpFailures {
  private HttpFailures() {}

  /** The failure kind of a non-2xx status. */
  public static FailureKind kindOf(int status) {
    if (status == 429) {
      return FailureKind.RATE_LIMITED;
    }
    if (status == 401 || status == 403) {
      return FailureKind.AUTH;
    }
    if (status == 408) {
      return FailureKind.TIMEOUT;
    }
    if (status >= 500 || status == 409) {
      // 529 is Anthropic's "overloaded"; 409 is a transient conflict on some hosts.
      return FailureKind.SERVER;
    }
    return FailureKind.BAD_REQUEST;
  }

  /**
   * How long the provider asked us to wait: {@code retry-after-ms}, {@code Retry-After} (seconds
   * or an HTTP date), or, when a request or token budget is exhausted, the reset time in the
   * rate-limit headers ({@link RateLimitHeaders#exhaustedWait}).
   */
  public static Optional<Duration> retryAfter(HttpHeaders headers, Instant now) {
    return askedWait(headers, now).map(HttpFailures::capped);
  }

  /**
   * The longest wait a provider's header is taken at. A daily quota or a bogus date far in the
   * future would otherwise stall a shard for days (or overflow the nanosecond clock): after an
   * hour the call is tried again, until the run's rate-limit patience runs out.
   */
  public static final Duration MAX_WAIT = Duration.ofHours(1);

  static Duration capped(Duration d) {
    return d.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : d;
  }

  private static Optional<Duration> askedWait(HttpHeaders headers, Instant now) {
    Optional<String> ms = headers.firstValue("retry-after-ms");
    if (ms.isPresent()) {
      try {
        return Optional.of(Duration.ofMillis((long) Double.parseDouble(ms.get().trim())));
      } catch (NumberFormatException ignored) {
        // fall through to the other headers
      }
    }
    Optional<String> ra = headers.firstValue("retry-after");
    if (ra.isPresent()) {
      Optional<Duration> d = parseRetryAfter(ra.get().trim(), now);
      if (d.isPresent()) {
        return d;
      }
    }
    return RateLimitHeaders.of(headers, now).exhaustedWait();
  }

  static Optional<Duration> parseRetryAfter(String value, Instant now) {
    try {
      double seconds = Double.parseDouble(value);
      return Optional.of(Duration.ofMillis((long) (seconds * 1000)));
    } catch (NumberFormatException notSeconds) {
      try {
        Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        Duration d = Duration.between(now, at);
        return Optional.of(d.isNegative() ? Duration.ZERO : d);
      } catch (DateTimeParseException notDate) {
        return Optional.empty();
      }
    }
  }

  /** Parses durations such as {@code 1s}, {@code 6m0s}, {@code 120ms}, {@code 1h2m3.5s}. */
  static Optional<Duration> parseGoDuration(String value) {
    return RateLimitHeaders.goDuration(value);
  }
}
