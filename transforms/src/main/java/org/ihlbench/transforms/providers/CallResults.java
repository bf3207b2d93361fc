package org.ihlbench.transforms.providers;

import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.ihlbench.records.CallResult;
import org.ihlbench.records.ModelCall;
import org.ihlbench.records.ResponseOutcome;

/** The {@link CallResult} of a finished call: an answer, a provider refusal or an error. */
final class CallResults {
  private CallResults() {}

  /** A reply (an answer or a provider refusal) after {@code attempts} attempts. */
  static CallResult reply(ModelCall call, Endpoint endpoint, AdapterResult.Reply reply,
      int attempts, long latencyMs) {
    int prompt = promptTokensUsed(call, reply);
    int completion = completionTokensUsed(reply);
    return CallResult.newBuilder()
        .setCallKey(call.getCallKey())
        .setEndpoint(endpoint.name())
        .setOutcome(reply.outcome())
        .setText(reply.text())
        .setFinishReason(reply.finishReason())
        .setRefusalReason(reply.refusalReason())
        .setPromptTokens(reply.promptTokens())
        .setCompletionTokens(reply.completionTokens())
        .setLatencyMs(latencyMs)
        .setModelVersion(reply.modelVersion())
        .setAttempts(attempts)
        .setFromStore(false)
        .setCostUsd(endpoint.hasPrice() ? endpoint.cost(prompt, completion) : null)
        .setCompletedAt(System.currentTimeMillis())
        .build();
  }

  /**
   * Prompt tokens a reply used: as the provider reported them, else estimated from the text
   * (some OpenAI-compatible hosts send no usage; counting 0 would let spend and the tokens/min
   * limit run free).
   */
  static int promptTokensUsed(ModelCall call, AdapterResult.Reply reply) {
    return reply.promptTokens() != null ? reply.promptTokens() : CallEstimates.promptTokens(call);
  }

  /** Completion tokens a reply used: as reported, else estimated from its text. */
  static int completionTokensUsed(AdapterResult.Reply reply) {
    if (reply.completionTokens() != null) {
      return reply.completionTokens();
    }
    return reply.text() == null ? 0 : reply.text().length() / 4 + 1;
  }

  /**
   * A call that failed for good after {@code attempts} attempts, {@code rateLimited} of them
   * answered 429; the key, if the provider echoed it, is removed.
   */
  static CallResult error(ModelCall call, Endpoint endpoint, AdapterResult.Failure f,
      int attempts, int rateLimited, String apiKey) {
    return CallResult.newBuilder()
        .setCallKey(call.getCallKey())
        .setEndpoint(endpoint.name())
        .setOutcome(ResponseOutcome.error)
        .setErrorClass(f.kind().errorClass())
        .setErrorMessage(Credentials.redact(f.message(), apiKey)
            + attemptsNote(attempts, rateLimited))
        .setHttpStatus(f.httpStatus())
        .setAttempts(attempts)
        .setFromStore(false)
        .setCompletedAt(System.currentTimeMillis())
        .build();
  }

  private static String attemptsNote(int attempts, int rateLimited) {
    if (attempts <= 1) {
      return "";
    }
    return " (after " + attempts + " attempts"
        + (rateLimited > 0 ? ", " + rateLimited + " of them answered 429" : "") + ")";
  }

  /**
   * The same answer for another requester of a merged call: it made no attempt of its own and
   * cost nothing, so that sums over samples are what was called and spent.
   */
  static CallResult shared(CallResult r) {
    return CallResult.newBuilder(r).setCostUsd(r.getCostUsd() == null ? null : 0.0)
        .setAttempts(0).build();
  }

  /** What a request that got no HTTP response failed of. */
  static AdapterResult.Failure failureOf(Throwable error) {
    Throwable t = error instanceof CompletionException && error.getCause() != null
        ? error.getCause() : error;
    if (t instanceof HttpTimeoutException) {
      return new AdapterResult.Failure(FailureKind.TIMEOUT, null, "timed out: " + t.getMessage(), null);
    }
    if (t instanceof TimeoutException) {
      return new AdapterResult.Failure(FailureKind.TIMEOUT, null,
          "timed out: no complete response within the call's deadline", null);
    }
    String message = t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    if (t instanceof IOException) {
      return new AdapterResult.Failure(FailureKind.NETWORK, null, message, null);
    }
    return new AdapterResult.Failure(FailureKind.BAD_REQUEST, null, message, null);
  }
}
