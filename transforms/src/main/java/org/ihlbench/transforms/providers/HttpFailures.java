package org.ihlbench.transforms.providers;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What HTTP statuses and rate-limit headers mean, the same for every provider. */
public final class HttpFailures {
  private static final Pattern GO_DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|h|m|s)");

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
   * rate-limit headers (see {@link #exhausted}).
   */
  public static Optional<Duration> retryAfter(HttpHeaders headers, Instant now) {
    return askedWait(headers, now).map(HttpFailures::capped);
  }

  /**
   * The longest wait a provider's header is taken at. A daily quota or a bogus date far in the
   * future would otherwise stall a shard for days (or overflow the nanosecond clock): after an
   * hour the call is tried again, and a quota still spent fails it after its attempts.
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
    return exhausted(headers, now);
  }

  /**
   * When the rate-limit headers of any response, a success included, say that a request or token
   * budget is used up: how long to wait. OpenAI ({@code x-ratelimit-remaining-requests: 0} with
   * {@code x-ratelimit-reset-requests: 1.5s}, the same for tokens) and Anthropic
   * ({@code anthropic-ratelimit-requests-remaining: 0} with an RFC 3339
   * {@code anthropic-ratelimit-requests-reset}, the same for tokens, input and output tokens).
   * Pausing then avoids the 429 the next request would get.
   *
   * <p>Both providers' reset is when the whole budget is back (a token bucket refilled). One more
   * request needs only one unit of it, so when the request limit is given the wait is
   * reset / limit; token budgets wait for the whole reset, as the size of the next call is not
   * known here.
   */
  public static Optional<Duration> exhausted(HttpHeaders headers, Instant now) {
    return budgetReset(headers, now).map(HttpFailures::capped);
  }

  private static Optional<Duration> budgetReset(HttpHeaders headers, Instant now) {
    Duration longest = null;
    for (String budget : List.of("requests", "tokens")) {
      if (isZero(headers, "x-ratelimit-remaining-" + budget)) {
        Optional<Duration> d = headers.firstValue("x-ratelimit-reset-" + budget)
            .flatMap(v -> parseGoDuration(v.trim()));
        if (budget.equals("requests")) {
          d = d.map(full -> perUnit(full, headers.firstValue("x-ratelimit-limit-requests")));
        }
        longest = longer(longest, d);
      }
    }
    for (String budget : List.of("requests", "tokens", "input-tokens", "output-tokens")) {
      if (isZero(headers, "anthropic-ratelimit-" + budget + "-remaining")) {
        Optional<Duration> d = headers.firstValue("anthropic-ratelimit-" + budget + "-reset")
            .flatMap(v -> untilTime(v.trim(), now));
        if (budget.equals("requests")) {
          d = d.map(full -> perUnit(full,
              headers.firstValue("anthropic-ratelimit-requests-limit")));
        }
        longest = longer(longest, d);
      }
    }
    return Optional.ofNullable(longest);
  }

  /** The time one unit of a budget takes to come back, from the time all of it takes. */
  private static Duration perUnit(Duration full, Optional<String> limit) {
    try {
      long n = limit.map(String::trim).map(Long::parseLong).orElse(1L);
      return n > 1 ? full.dividedBy(n) : full;
    } catch (NumberFormatException e) {
      return full;
    }
  }

  private static boolean isZero(HttpHeaders headers, String name) {
    return headers.firstValue(name).map(String::trim).orElse("").equals("0");
  }

  private static Duration longer(Duration a, Optional<Duration> b) {
    if (b.isEmpty()) {
      return a;
    }
    return a == null || b.get().compareTo(a) > 0 ? b.get() : a;
  }

  private static Optional<Duration> untilTime(String rfc3339, Instant now) {
    try {
      Duration d = Duration.between(now, OffsetDateTime.parse(rfc3339).toInstant());
      return Optional.of(d.isNegative() ? Duration.ZERO : d);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
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
    Matcher m = GO_DURATION.matcher(value);
    double millis = 0;
    int end = 0;
    boolean any = false;
    while (m.find()) {
      if (m.start() != end) {
        return Optional.empty();
      }
      end = m.end();
      any = true;
      double v = Double.parseDouble(m.group(1));
      millis += switch (m.group(2)) {
        case "h" -> v * 3_600_000;
        case "m" -> v * 60_000;
        case "s" -> v * 1000;
        default -> v;
      };
    }
    return any && end == value.length()
        ? Optional.of(Duration.ofMillis((long) millis))
        : Optional.empty();
  }
}
