package org.ihlbench.transforms.providers;

import java.io.Serializable;
import java.time.Duration;

/**
 * Everything needed to call one model: which wire protocol, where, as what model id, with which
 * parameters, under which rate limit and price. The API key is not here: only the name of the
 * environment variable that holds it, read on the worker when the call is made.
 *
 * @param name the model's name in the experiment (the key of every table)
 * @param provider label that goes into the response-store key (openai, anthropic, together, ...)
 * @param protocol wire protocol of the adapter: openai, anthropic or gemini
 * @param paramsJson canonical JSON object of request parameters (sorted keys)
 * @param rateLimitBucket endpoints naming the same bucket share one rate limit
 * @param callMode how its calls are made: one request each, or through the provider's batch
 *     API (see {@link CallMode})
 * @param batchInputPricePerMillion the price table's batch prices, which batched calls are
 *     costed at (by default half the live prices, the providers' batch discount)
 */
public record Endpoint(
    String name,
    String provider,
    String protocol,
    String baseUrl,
    String modelId,
    String apiKeyEnv,
    String paramsJson,
    String rateLimitBucket,
    double requestsPerMinute,
    double tokensPerMinute,
    double inputPricePerMillion,
    double outputPricePerMillion,
    int timeoutSeconds,
    int maxAttempts,
    int maxInFlight,
    String apiVersion,
    CallMode callMode,
    double batchInputPricePerMillion,
    double batchOutputPricePerMillion) implements Serializable {

  /** How an endpoint's calls are made: the config's {@code calls.mode}. */
  public enum CallMode {
    /** One HTTP request per call, answered within the minute (the default). */
    LIVE,
    /** Through the provider's batch API: answered within hours, at the batch price. */
    BATCH,
    /** Batch was asked for, but the provider has no batch API ihlbench speaks: live calls. */
    LIVE_NO_BATCH_API;

    public String label() {
      return this == BATCH ? "batch" : "live";
    }
  }

  /** A live endpoint, whose batch prices (unused) are half its live ones. */
  public Endpoint(String name, String provider, String protocol, String baseUrl, String modelId,
      String apiKeyEnv, String paramsJson, String rateLimitBucket, double requestsPerMinute,
      double tokensPerMinute, double inputPricePerMillion, double outputPricePerMillion,
      int timeoutSeconds, int maxAttempts, int maxInFlight, String apiVersion) {
    this(name, provider, protocol, baseUrl, modelId, apiKeyEnv, paramsJson, rateLimitBucket,
        requestsPerMinute, tokensPerMinute, inputPricePerMillion, outputPricePerMillion,
        timeoutSeconds, maxAttempts, maxInFlight, apiVersion, CallMode.LIVE,
        inputPricePerMillion / 2, outputPricePerMillion / 2);
  }

  /** Whether its calls go through the provider's batch API. */
  public boolean batched() {
    return callMode == CallMode.BATCH;
  }

  /** The same endpoint with its calls made in {@code mode}. */
  public Endpoint withCallMode(CallMode mode) {
    return new Endpoint(name, provider, protocol, baseUrl, modelId, apiKeyEnv, paramsJson,
        rateLimitBucket, requestsPerMinute, tokensPerMinute, inputPricePerMillion,
        outputPricePerMillion, timeoutSeconds, maxAttempts, maxInFlight, apiVersion, mode,
        batchInputPricePerMillion, batchOutputPricePerMillion);
  }

  public Duration timeout() {
    return Duration.ofSeconds(timeoutSeconds);
  }

  /** Estimated cost of a call in US dollars, from the price table (batch prices when batched). */
  public double cost(int promptTokens, int completionTokens) {
    return batched()
        ? (promptTokens * batchInputPricePerMillion + completionTokens * batchOutputPricePerMillion) / 1e6
        : liveCost(promptTokens, completionTokens);
  }

  /** What the same tokens cost as live calls: what batching saves is measured against it. */
  public double liveCost(long promptTokens, long completionTokens) {
    return (promptTokens * inputPricePerMillion + completionTokens * outputPricePerMillion) / 1e6;
  }

  /** The same endpoint with its key read from another variable (tests point keys elsewhere). */
  public Endpoint withApiKeyEnv(String variable) {
    return new Endpoint(name, provider, protocol, baseUrl, modelId, variable, paramsJson,
        rateLimitBucket, requestsPerMinute, tokensPerMinute, inputPricePerMillion,
        outputPricePerMillion, timeoutSeconds, maxAttempts, maxInFlight, apiVersion, callMode,
        batchInputPricePerMillion, batchOutputPricePerMillion);
  }

  public boolean hasPrice() {
    return inputPricePerMillion > 0 || outputPricePerMillion > 0;
  }
}
