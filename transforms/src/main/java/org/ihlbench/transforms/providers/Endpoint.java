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
    String apiVersion) implements Serializable {

  public Duration timeout() {
    return Duration.ofSeconds(timeoutSeconds);
  }

  /** Estimated cost of a call in US dollars, from the price table. */
  public double cost(int promptTokens, int completionTokens) {
    return (promptTokens * inputPricePerMillion + completionTokens * outputPricePerMillion) / 1e6;
  }

  /** The same endpoint with its key read from another variable (tests point keys elsewhere). */
  public Endpoint withApiKeyEnv(String variable) {
    return new Endpoint(name, provider, protocol, baseUrl, modelId, variable, paramsJson,
        rateLimitBucket, requestsPerMinute, tokensPerMinute, inputPricePerMillion,
        outputPricePerMillion, timeoutSeconds, maxAttempts, maxInFlight, apiVersion);
  }

  public boolean hasPrice() {
    return inputPricePerMillion > 0 || outputPricePerMillion > 0;
  }
}
