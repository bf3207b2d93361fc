package org.ihlbench.transforms.providers;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
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
   * or an HTTP date), or, when the request budget is exhausted, the reset time in the
   * OpenAI ({@code x-ratelimit-reset-requests: 1.5s}) or Anthropic
   * ({@code anthropic-ratelimit-requests-reset: RFC 3339}) headers.
   */
  public static Optional<Duration> retryAfter(HttpHeaders headers, Instant now) {
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
    if (headers.firstValue("x-ratelimit-remaining-requests").map(String::trim).orElse("")
        .equals("0")) {
      Optional<String> reset = headers.firstValue("x-ratelimit-reset-requests");
      if (reset.isPresent()) {
        return parseGoDuration(reset.get().trim());
      }
    }
    if (headers.firstValue("anthropic-ratelimit-requests-remaining").map(String::trim).orElse("")
        .equals("0")) {
      Optional<String> reset = headers.firstValue("anthropic-ratelimit-requests-reset");
      if (reset.isPresent()) {
        try {
          Duration d = Duration.between(now, OffsetDateTime.parse(reset.get().trim()).toInstant());
          return Optional.of(d.isNegative() ? Duration.ZERO : d);
        } catch (DateTimeParseException ignored) {
          return Optional.empty();
        }
      }
    }
    return Optional.empty();
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
