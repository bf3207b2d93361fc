package org.ihlbench.simulator;

import java.util.Set;

/**
 * How the simulator's rate limit shows itself, beyond its rate: which rate-limit headers answers
 * carry, whether a 429 says when to retry, and whether another client uses part of each key's
 * limit.
 *
 * @param headers {@code native} (each protocol its own: OpenAI's {@code x-ratelimit-*},
 *     Anthropic's {@code anthropic-ratelimit-*}, none for Gemini), {@code openai},
 *     {@code anthropic}, or {@code none}
 * @param retryAfter a 429 carries {@code Retry-After} (and {@code retry-after-ms} where the
 *     protocol sends it); false: it names no wait
 * @param otherClientPerMinute requests a minute another client takes from each key's limit
 */
public record RateLimitStyle(String headers, boolean retryAfter, int otherClientPerMinute) {
  public static final Set<String> HEADERS = Set.of("native", "openai", "anthropic", "none");
  public static final RateLimitStyle DEFAULT = new RateLimitStyle("native", true, 0);
}
