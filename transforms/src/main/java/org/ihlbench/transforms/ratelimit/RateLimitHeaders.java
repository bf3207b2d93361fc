package org.ihlbench.transforms.ratelimit;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a response's rate-limit headers announce, in either provider's style; the one place that
 * reads them (adapters do not).
 *
 * <ul>
 *   <li>OpenAI (and hosts that copy it: Groq, Together, OpenRouter, vLLM gateways):
 *       {@code x-ratelimit-limit-requests}, {@code x-ratelimit-remaining-requests},
 *       {@code x-ratelimit-reset-requests} as a Go duration ({@code 12ms}, {@code 1s},
 *       {@code 6m0s}), and the same for {@code -tokens}.
 *   <li>Anthropic: {@code anthropic-ratelimit-requests-limit}, {@code -remaining},
 *       {@code -reset} as an RFC 3339 time, and the same for {@code tokens},
 *       {@code input-tokens} and {@code output-tokens}.
 * </ul>
 *
 * <p>Both describe a token bucket: {@code limit} is what it holds, {@code remaining} what is left
 * of it when the request was admitted, {@code reset} when it is full again. The limit is per
 * minute (RPM, TPM) in both providers' documentation; a budget whose use refills far more slowly
 * or quickly than that (OpenAI has sent daily token budgets under the same names) is read at the
 * rate its remaining and reset show.
 *
 * @param requests the request budget, or null when not announced
 * @param tokens the (input plus output) token budget, or null
 * @param inputTokens Anthropic's input-token budget, or null
 * @param outputTokens Anthropic's output-token budget, or null
 * @param style {@code openai}, {@code anthropic} or {@code none}
 */
public record RateLimitHeaders(
    Budget requests, Budget tokens, Budget inputTokens, Budget outputTokens, String style) {

  private static final Pattern GO_DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|h|m|s)");

  public static final RateLimitHeaders NONE = new RateLimitHeaders(null, null, null, null, "none");

  /**
   * One budget as announced.
   *
   * @param limit what the bucket holds (per minute as documented), or null
   * @param remaining what is left, or null
   * @param reset how long until the bucket is full again, or null
   * @param resetResolution the precision the reset was given with (1 ms, 1 s, ...)
   */
  public record Budget(Long limit, Long remaining, Duration reset, Duration resetResolution) {

    /** Used up: the next request would be refused until some of it is back. */
    public boolean exhausted() {
      return remaining != null && remaining <= 0;
    }

    /**
     * Units per second this budget refills at: its limit per minute, unless remaining and reset
     * show, precisely enough, a refill more than twice as slow or as fast (a daily budget under
     * the same name, a host that limits per second).
     */
    public Optional<Double> perSecond() {
      if (limit == null || limit <= 0) {
        return Optional.empty();
      }
      double perMinute = limit / 60.0;
      if (remaining != null && reset != null && !reset.isZero()) {
        long used = limit - remaining;
        boolean precise = reset.compareTo(resetResolution.multipliedBy(10)) >= 0;
        if (used >= 1 && precise) {
          double refill = used / (reset.toNanos() / 1e9);
          if (refill < perMinute / 2 || refill > perMinute * 2) {
            return Optional.of(refill);
          }
        }
      }
      return Optional.of(perMinute);
    }

    /**
     * When exhausted, how long until the next request may go: one request's worth of the reset
     * when the request limit is known (the bucket refills continuously), else all of it.
     */
    Optional<Duration> untilUsable(boolean perUnit) {
      if (!exhausted() || reset == null) {
        return Optional.empty();
      }
      if (perUnit && limit != null && limit > 1) {
        return Optional.of(reset.dividedBy(limit));
      }
      return Optional.of(reset);
    }
  }

  public static RateLimitHeaders of(HttpHeaders headers, Instant now) {
    return headers == null ? NONE : of(name -> headers.firstValue(name), now);
  }

  /** Reads the headers through {@code header} (a name to its first value, names lower case). */
  public static RateLimitHeaders of(Function<String, Optional<String>> header, Instant now) {
    Budget requests = openAi(header, "requests");
    Budget tokens = openAi(header, "tokens");
    if (requests != null || tokens != null) {
      return new RateLimitHeaders(requests, tokens, null, null, "openai");
    }
    requests = anthropic(header, "requests", now);
    tokens = anthropic(header, "tokens", now);
    Budget input = anthropic(header, "input-tokens", now);
    Budget output = anthropic(header, "output-tokens", now);
    if (requests != null || tokens != null || input != null || output != null) {
      return new RateLimitHeaders(requests, tokens, input, output, "anthropic");
    }
    return NONE;
  }

  public boolean isEmpty() {
    return requests == null && tokens == null && inputTokens == null && outputTokens == null;
  }

  /** Requests per second the provider allows this key, if it said. */
  public Optional<Double> requestsPerSecond() {
    return requests == null ? Optional.empty() : requests.perSecond();
  }

  /**
   * Tokens per second the provider allows this key for input and output together, if it said:
   * the combined budget, else the input budget (what a call's estimate is mostly made of).
   */
  public Optional<Double> tokensPerSecond() {
    if (tokens != null) {
      return tokens.perSecond();
    }
    return inputTokens == null ? Optional.empty() : inputTokens.perSecond();
  }

  /** True when a token budget, not the request budget, is the one used up. */
  public boolean tokensExhausted() {
    boolean tokensOut = (tokens != null && tokens.exhausted())
        || (inputTokens != null && inputTokens.exhausted())
        || (outputTokens != null && outputTokens.exhausted());
    return tokensOut && (requests == null || !requests.exhausted());
  }

  /** The longest wait a reset is taken at: a daily quota is looked at again hourly. */
  public static final Duration MAX_WAIT = Duration.ofHours(1);

  /**
   * When a request or token budget is used up: how long to wait before the next request (at
   * most {@link #MAX_WAIT}). A success that says so lets the caller wait instead of meeting the
   * 429 the next request would get. Token budgets wait for their whole reset, as the size of the
   * next call is not known.
   */
  public Optional<Duration> exhaustedWait() {
    Duration longest = null;
    longest = longer(longest, requests == null ? Optional.empty() : requests.untilUsable(true));
    for (Budget b : new Budget[] {tokens, inputTokens, outputTokens}) {
      longest = longer(longest, b == null ? Optional.empty() : b.untilUsable(false));
    }
    return Optional.ofNullable(longest).map(d -> d.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : d);
  }

  private static Duration longer(Duration a, Optional<Duration> b) {
    if (b.isEmpty()) {
      return a;
    }
    return a == null || b.get().compareTo(a) > 0 ? b.get() : a;
  }

  private static Budget openAi(Function<String, Optional<String>> header, String what) {
    Long limit = number(header.apply("x-ratelimit-limit-" + what));
    Long remaining = number(header.apply("x-ratelimit-remaining-" + what));
    Optional<String> resetText = header.apply("x-ratelimit-reset-" + what).map(String::trim);
    Duration reset = resetText.flatMap(RateLimitHeaders::goDuration).orElse(null);
    if (limit == null && remaining == null && reset == null) {
      return null;
    }
    return new Budget(limit, remaining, reset,
        resetText.map(RateLimitHeaders::goResolution).orElse(Duration.ofSeconds(1)));
  }

  private static Budget anthropic(Function<String, Optional<String>> header, String what,
      Instant now) {
    String prefix = "anthropic-ratelimit-" + what;
    Long limit = number(header.apply(prefix + "-limit"));
    Long remaining = number(header.apply(prefix + "-remaining"));
    Optional<String> resetText = header.apply(prefix + "-reset").map(String::trim);
    Duration reset = resetText.flatMap(v -> untilTime(v, now)).orElse(null);
    if (limit == null && remaining == null && reset == null) {
      return null;
    }
    return new Budget(limit, remaining, reset,
        resetText.map(RateLimitHeaders::timeResolution).orElse(Duration.ofSeconds(1)));
  }

  private static Long number(Optional<String> v) {
    if (v.isEmpty()) {
      return null;
    }
    try {
      return Long.parseLong(v.get().trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static Optional<Duration> untilTime(String rfc3339, Instant now) {
    try {
      Duration d = Duration.between(now, OffsetDateTime.parse(rfc3339).toInstant());
      return Optional.of(d.isNegative() ? Duration.ZERO : d);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** The precision of an RFC 3339 time: its fraction of a second, else a second. */
  private static Duration timeResolution(String rfc3339) {
    Matcher m = Pattern.compile("\\d{2}:\\d{2}:\\d{2}\\.(\\d+)").matcher(rfc3339);
    if (m.find()) {
      return Duration.ofNanos((long) Math.pow(10, 9 - Math.min(9, m.group(1).length())));
    }
    return Duration.ofSeconds(1);
  }

  /** The precision of a Go duration: its last unit (and fraction). */
  private static Duration goResolution(String value) {
    Matcher m = GO_DURATION.matcher(value);
    Duration res = Duration.ofSeconds(1);
    while (m.find()) {
      String number = m.group(1);
      int decimals = number.contains(".") ? number.length() - number.indexOf('.') - 1 : 0;
      long unitNanos = switch (m.group(2)) {
        case "h" -> 3_600_000_000_000L;
        case "m" -> 60_000_000_000L;
        case "s" -> 1_000_000_000L;
        default -> 1_000_000L;
      };
      res = Duration.ofNanos(Math.max(1, (long) (unitNanos / Math.pow(10, decimals))));
    }
    return res;
  }

  /** Parses durations such as {@code 1s}, {@code 6m0s}, {@code 120ms}, {@code 1h2m3.5s}. */
  public static Optional<Duration> goDuration(String value) {
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
        ? Optional.of(Duration.ofNanos((long) (millis * 1_000_000)))
        : Optional.empty();
  }
}
