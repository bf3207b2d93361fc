package org.ihlbench.transforms.ratelimit;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.Test;

/**
 * Both providers' rate-limit headers, with values as the providers' documentation and public
 * captures show them (OpenAI: limit 5000, remaining 4999, reset 12ms; Anthropic: RFC 3339 resets
 * to the second, separate input and output token budgets).
 */
public class RateLimitHeadersTest {
  private static final Instant NOW = Instant.parse("2025-03-04T05:06:07Z");

  static HttpHeaders headers(String... namesAndValues) {
    Map<String, List<String>> m = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      m.put(namesAndValues[i], List.of(namesAndValues[i + 1]));
    }
    return HttpHeaders.of(m, (a, b) -> true);
  }

  private static RateLimitHeaders read(String... namesAndValues) {
    return RateLimitHeaders.of(headers(namesAndValues), NOW);
  }

  private static Optional<Duration> wait(String... namesAndValues) {
    return read(namesAndValues).exhaustedWait();
  }

  @Test
  public void openAiStyleGivesTheRequestAndTokenRates() {
    RateLimitHeaders h = read("x-ratelimit-limit-requests", "5000",
        "x-ratelimit-limit-tokens", "160000", "x-ratelimit-remaining-requests", "4999",
        "x-ratelimit-remaining-tokens", "159976", "x-ratelimit-reset-requests", "12ms",
        "x-ratelimit-reset-tokens", "9ms");
    assertEquals("openai", h.style());
    assertEquals(5000 / 60.0, h.requestsPerSecond().get(), 1e-9);
    assertEquals(160000 / 60.0, h.tokensPerSecond().get(), 1e-9);
    assertEquals(Long.valueOf(4999), h.requests().remaining());
    assertEquals(Duration.ofMillis(12), h.requests().reset());
    assertFalse(h.requests().exhausted());
    assertEquals(Optional.empty(), h.exhaustedWait());
  }

  @Test
  public void anthropicStyleGivesTheRequestAndTokenRates() {
    RateLimitHeaders h = read("anthropic-ratelimit-input-tokens-limit", "80000",
        "anthropic-ratelimit-input-tokens-remaining", "80000",
        "anthropic-ratelimit-input-tokens-reset", "2025-03-04T05:06:07Z",
        "anthropic-ratelimit-output-tokens-limit", "16000",
        "anthropic-ratelimit-output-tokens-remaining", "16000",
        "anthropic-ratelimit-output-tokens-reset", "2025-03-04T05:06:08Z",
        "anthropic-ratelimit-requests-limit", "1000",
        "anthropic-ratelimit-requests-remaining", "999",
        "anthropic-ratelimit-requests-reset", "2025-03-04T05:06:07Z",
        "anthropic-ratelimit-tokens-limit", "96000",
        "anthropic-ratelimit-tokens-remaining", "96000",
        "anthropic-ratelimit-tokens-reset", "2025-03-04T05:06:07Z");
    assertEquals("anthropic", h.style());
    assertEquals(1000 / 60.0, h.requestsPerSecond().get(), 1e-9);
    assertEquals("the combined token budget", 96000 / 60.0, h.tokensPerSecond().get(), 1e-9);
    assertEquals(Long.valueOf(16000), h.outputTokens().limit());
    assertEquals(Duration.ZERO, h.requests().reset());
    assertEquals(Duration.ofSeconds(1), h.outputTokens().reset());
  }

  @Test
  public void withoutTheCombinedBudgetTheInputBudgetSetsTheTokenRate() {
    RateLimitHeaders h = read("anthropic-ratelimit-input-tokens-limit", "40000",
        "anthropic-ratelimit-output-tokens-limit", "8000");
    assertEquals(40000 / 60.0, h.tokensPerSecond().get(), 1e-9);
    assertEquals(Optional.empty(), h.requestsPerSecond());
  }

  @Test
  public void aBudgetThatRefillsFarSlowerThanPerMinuteIsReadAtItsRefill() {
    // A capture of OpenAI's headers for a daily token budget (1.5M a day) under the same names:
    // 4,379 tokens used come back in 4m12.172s, 17.4 a second, not 25,000.
    RateLimitHeaders h = read("x-ratelimit-limit-tokens", "1500000",
        "x-ratelimit-remaining-tokens", "1495621", "x-ratelimit-reset-tokens", "4m12.172s");
    assertEquals(4379 / 252.172, h.tokensPerSecond().get(), 1e-6);
    // A host whose bucket holds a second: 2 used of 20 come back in 100 ms, 20 a second.
    RateLimitHeaders perSecond = read("x-ratelimit-limit-requests", "20",
        "x-ratelimit-remaining-requests", "18", "x-ratelimit-reset-requests", "100ms");
    assertEquals(20, perSecond.requestsPerSecond().get(), 1e-9);
    // Within twice the per-minute rate: per minute as documented (the reset is rounded).
    RateLimitHeaders close = read("x-ratelimit-limit-requests", "600",
        "x-ratelimit-remaining-requests", "599", "x-ratelimit-reset-requests", "80ms");
    assertEquals(10, close.requestsPerSecond().get(), 1e-9);
    // A coarse reset (whole seconds) is not enough to tell; per minute as documented.
    RateLimitHeaders coarse = read("anthropic-ratelimit-requests-limit", "50",
        "anthropic-ratelimit-requests-remaining", "48",
        "anthropic-ratelimit-requests-reset", "2025-03-04T05:06:09Z");
    assertEquals(50 / 60.0, coarse.requestsPerSecond().get(), 1e-9);
  }

  @Test
  public void tokensExhaustedOnlyWhenRequestsRemain() {
    assertTrue(read("x-ratelimit-remaining-requests", "3", "x-ratelimit-remaining-tokens", "0")
        .tokensExhausted());
    assertTrue(read("anthropic-ratelimit-output-tokens-remaining", "0").tokensExhausted());
    assertFalse(read("x-ratelimit-remaining-requests", "0", "x-ratelimit-remaining-tokens", "0")
        .tokensExhausted());
    assertFalse(read("x-ratelimit-remaining-requests", "0").tokensExhausted());
  }

  @Test
  public void noneOrUnreadableHeadersAnnounceNothing() {
    RateLimitHeaders h = read("content-type", "application/json");
    assertTrue(h.isEmpty());
    assertEquals("none", h.style());
    assertEquals(Optional.empty(), h.requestsPerSecond());
    assertEquals(Optional.empty(), h.tokensPerSecond());
    RateLimitHeaders bad = read("x-ratelimit-limit-requests", "lots",
        "x-ratelimit-reset-requests", "soon");
    assertEquals(Optional.empty(), bad.requestsPerSecond());
    assertNull(bad.requests());
    assertTrue(RateLimitHeaders.of((HttpHeaders) null, NOW).isEmpty());
  }

  @Test
  public void farOffResetsWaitAnHourAtMost() {
    assertEquals(Optional.of(Duration.ofHours(1)), wait(
        "anthropic-ratelimit-tokens-remaining", "0",
        "anthropic-ratelimit-tokens-reset", "9999-12-31T23:59:59Z"));
  }

  @Test
  public void exhaustedTokenBudgetsCountToo() {
    assertEquals(Optional.of(Duration.ofSeconds(6)), wait(
        "x-ratelimit-remaining-requests", "12", "x-ratelimit-reset-requests", "1s",
        "x-ratelimit-remaining-tokens", "0", "x-ratelimit-reset-tokens", "6s"));
    assertEquals(Optional.of(Duration.ofSeconds(4)), wait(
        "anthropic-ratelimit-output-tokens-remaining", "0",
        "anthropic-ratelimit-output-tokens-reset", "2025-03-04T05:06:11Z"));
  }

  @Test
  public void withTheRequestLimitKnownTheWaitIsOneRequestsWorth() {
    // 50 requests refill in 60 s: the next one is back after 1.2 s.
    assertEquals(Optional.of(Duration.ofMillis(1200)), wait(
        "x-ratelimit-limit-requests", "50", "x-ratelimit-remaining-requests", "0",
        "x-ratelimit-reset-requests", "60s"));
    assertEquals(Optional.of(Duration.ofMillis(500)), wait(
        "anthropic-ratelimit-requests-limit", "10", "anthropic-ratelimit-requests-remaining", "0",
        "anthropic-ratelimit-requests-reset", "2025-03-04T05:06:12Z"));
  }

  @Test
  public void exhaustedTakesTheLongestOfSeveralBudgets() {
    assertEquals(Optional.of(Duration.ofSeconds(9)), wait(
        "x-ratelimit-remaining-requests", "0", "x-ratelimit-reset-requests", "2s",
        "x-ratelimit-remaining-tokens", "0", "x-ratelimit-reset-tokens", "9s"));
  }

  @Test
  public void budgetsWithSomethingLeftAreNotExhausted() {
    assertEquals(Optional.empty(), wait(
        "x-ratelimit-remaining-requests", "1", "x-ratelimit-reset-requests", "2s",
        "anthropic-ratelimit-tokens-remaining", "5000",
        "anthropic-ratelimit-tokens-reset", "2025-03-04T05:06:11Z"));
  }

  @Test
  public void goDurations() {
    assertEquals(Optional.of(Duration.ofMillis(120)), RateLimitHeaders.goDuration("120ms"));
    assertEquals(Optional.of(Duration.ofMinutes(6)), RateLimitHeaders.goDuration("6m0s"));
    assertEquals(Optional.of(Duration.ofMillis(3_723_500)), RateLimitHeaders.goDuration("1h2m3.5s"));
    assertEquals(Optional.of(Duration.ofMillis(1500)), RateLimitHeaders.goDuration("1.5s"));
    assertEquals(Optional.of(Duration.ofMillis(2_000_020)), RateLimitHeaders.goDuration("33m20s20ms"));
  }

  @Test
  public void goDurationRejectsGarbage() {
    for (String bad : List.of("", "abc", "12", "5x", "s", "1m junk", "junk 1m", "1m 2s", "-1s", "1.s")) {
      assertEquals("'" + bad + "'", Optional.empty(), RateLimitHeaders.goDuration(bad));
    }
  }
}
