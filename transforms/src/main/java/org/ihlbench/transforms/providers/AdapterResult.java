package org.ihlbench.transforms.providers;

import java.time.Duration;
import org.ihlbench.records.ResponseOutcome;

/** What an adapter makes of one HTTP exchange: a reply, or a failure with its kind. */
public sealed interface AdapterResult {

  /**
   * A model answer. {@code outcome} is {@code provider_refusal} when the provider's own filter
   * blocked it; {@code refusalReason} then says how (content_filter, SAFETY, ...).
   */
  record Reply(
      ResponseOutcome outcome,
      String text,
      String finishReason,
      String refusalReason,
      Integer promptTokens,
      Integer completionTokens,
      String modelVersion) implements AdapterResult {}

  /** A failed attempt; {@code retryAfter} is what the provider asked us to wait, if anything. */
  record Failure(FailureKind kind, Integer httpStatus, String message, Duration retryAfter)
      implements AdapterResult {}
}
