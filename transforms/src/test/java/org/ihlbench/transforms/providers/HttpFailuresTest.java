package org.ihlbench.transforms.providers;

import static org.junit.Assert.assertEquals;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.Test;

public class HttpFailuresTest {
  private static final Instant NOW = Instant.parse("2025-03-04T05:06:07Z");

  private static HttpHeaders headers(String... namesAndValues) {
    Map<String, List<String>> m = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      m.put(namesAndValues[i], List.of(namesAndValues[i + 1]));
    }
    return HttpHeaders.of(m, (a, b) -> true);
  }

  private static Optional<Duration> retryAfter(String... namesAndValues) {
    return HttpFailures.retryAfter(headers(namesAndValues), NOW);
  }

  @Test
  public void farOffWaitsAreCappedAtAnHour() {
    // A daily quota, a date in the year 9999 and an absurd number: an hour each, and nothing
    // that overflows a nanosecond clock when the pacer adds it up.
    assertEquals(Optional.of(Duration.ofHours(1)), retryAfter("retry-after", "86400"));
    assertEquals(Optional.of(Duration.ofHours(1)),
        retryAfter("retry-after", "Fri, 31 Dec 9999 23:59:59 GMT"));
    assertEquals(Optional.of(Duration.ofHours(1)), retryAfter("retry-after", "1e20"));
    assertEquals(Optional.of(Duration.ofHours(1)), retryAfter("retry-after-ms", "1e20"));
    assertEquals(Optional.of(Duration.ofHours(1)), retryAfter(
        "anthropic-ratelimit-tokens-remaining", "0",
        "anthropic-ratelimit-tokens-reset", "9999-12-31T23:59:59Z"));
    retryAfter("retry-after", "Fri, 31 Dec 9999 23:59:59 GMT").get().toNanos();
    assertEquals(Optional.of(Duration.ofSeconds(20)), retryAfter("retry-after", "20"));
  }

  @Test
  public void statusesMapToFailureKinds() {
    assertEquals(FailureKind.BAD_REQUEST, HttpFailures.kindOf(400));
    assertEquals(FailureKind.AUTH, HttpFailures.kindOf(401));
    assertEquals(FailureKind.AUTH, HttpFailures.kindOf(403));
    assertEquals(FailureKind.BAD_REQUEST, HttpFailures.kindOf(404));
    assertEquals(FailureKind.TIMEOUT, HttpFailures.kindOf(408));
    assertEquals(FailureKind.SERVER, HttpFailures.kindOf(409));
    assertEquals(FailureKind.BAD_REQUEST, HttpFailures.kindOf(422));
    assertEquals(FailureKind.RATE_LIMITED, HttpFailures.kindOf(429));
    assertEquals(FailureKind.SERVER, HttpFailures.kindOf(500));
    assertEquals(FailureKind.SERVER, HttpFailures.kindOf(503));
    assertEquals(FailureKind.SERVER, HttpFailures.kindOf(529));
  }

  @Test
  public void onlyTransientKindsAreRetried() {
    assertEquals(true, HttpFailures.kindOf(429).retryable());
    assertEquals(true, HttpFailures.kindOf(503).retryable());
    assertEquals(true, HttpFailures.kindOf(408).retryable());
    assertEquals(false, HttpFailures.kindOf(401).retryable());
    assertEquals(false, HttpFailures.kindOf(400).retryable());
  }

  @Test
  public void retryAfterMsIsMilliseconds() {
    assertEquals(Optional.of(Duration.ofMillis(1500)), retryAfter("retry-after-ms", "1500"));
    assertEquals(Optional.of(Duration.ofMillis(250)), retryAfter("retry-after-ms", "250.7"));
  }

  @Test
  public void retryAfterMsWinsOverRetryAfter() {
    assertEquals(Optional.of(Duration.ofMillis(1500)),
        retryAfter("retry-after-ms", "1500", "Retry-After", "2"));
  }

  @Test
  public void unreadableRetryAfterMsFallsBackToRetryAfter() {
    assertEquals(Optional.of(Duration.ofSeconds(2)),
        retryAfter("retry-after-ms", "soon", "Retry-After", "2"));
  }

  @Test
  public void retryAfterSeconds() {
    assertEquals(Optional.of(Duration.ofSeconds(7)), retryAfter("Retry-After", "7"));
    assertEquals("header names are case-insensitive",
        Optional.of(Duration.ofSeconds(7)), retryAfter("retry-after", " 7 "));
  }

  @Test
  public void retryAfterHttpDateIsRelativeToNow() {
    // NOW is 05:06:07; the date is 42 s later.
    assertEquals(Optional.of(Duration.ofSeconds(42)),
        retryAfter("Retry-After", "Tue, 4 Mar 2025 05:06:49 GMT"));
  }

  @Test
  public void retryAfterDateInThePastIsZero() {
    assertEquals(Optional.of(Duration.ZERO), retryAfter("Retry-After", "Tue, 4 Mar 2025 05:00:00 GMT"));
  }

  @Test
  public void unreadableRetryAfterIsIgnored() {
    assertEquals(Optional.empty(), retryAfter("Retry-After", "whenever"));
  }

  @Test
  public void openAiResetCountsOnlyWhenNoRequestsRemain() {
    assertEquals(Optional.of(Duration.ofMillis(62_500)), retryAfter(
        "x-ratelimit-remaining-requests", "0", "x-ratelimit-reset-requests", "1m2.5s"));
    assertEquals(Optional.empty(), retryAfter(
        "x-ratelimit-remaining-requests", "3", "x-ratelimit-reset-requests", "1m2.5s"));
  }

  @Test
  public void anthropicResetIsAnRfc3339Time() {
    assertEquals(Optional.of(Duration.ofMillis(5_250)), retryAfter(
        "anthropic-ratelimit-requests-remaining", "0",
        "anthropic-ratelimit-requests-reset", "2025-03-04T05:06:12.250Z"));
    assertEquals("with an offset", Optional.of(Duration.ofSeconds(3)), retryAfter(
        "anthropic-ratelimit-requests-remaining", "0",
        "anthropic-ratelimit-requests-reset", "2025-03-04T06:06:10+01:00"));
    assertEquals("in the past", Optional.of(Duration.ZERO), retryAfter(
        "anthropic-ratelimit-requests-remaining", "0",
        "anthropic-ratelimit-requests-reset", "2025-03-04T05:06:00Z"));
    assertEquals("requests remain", Optional.empty(), retryAfter(
        "anthropic-ratelimit-requests-remaining", "10",
        "anthropic-ratelimit-requests-reset", "2025-03-04T05:06:12Z"));
    assertEquals("unreadable", Optional.empty(), retryAfter(
        "anthropic-ratelimit-requests-remaining", "0",
        "anthropic-ratelimit-requests-reset", "in a bit"));
  }

  @Test
  public void noHeadersNoWait() {
    assertEquals(Optional.empty(), retryAfter());
    assertEquals(Optional.empty(), retryAfter("content-type", "application/json"));
  }
}
