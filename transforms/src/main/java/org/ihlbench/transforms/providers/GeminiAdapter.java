package org.ihlbench.transforms.providers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ihlbench.records.ChatMessage;
import org.ihlbench.records.ModelCall;
import org.ihlbench.records.ResponseOutcome;
import org.ihlbench.records.StructuredOutput;

/**
 * Google Gemini {@code generateContent}: {@code POST {base_url}/v1beta/models/{model}:generateContent}
 * with an {@code x-goog-api-key} header, the system prompt as {@code systemInstruction}, messages
 * as {@code contents} (roles user and model), and the parameters and seed in
 * {@code generationConfig}. Parameters may be given in Gemini's names (maxOutputTokens, topP) or
 * in the snake_case names other providers use (max_tokens, top_p); {@code safety_settings} goes
 * to the top level.
 *
 * <p>A candidate that ends in SAFETY, PROHIBITED_CONTENT, BLOCKLIST or SPII, or a prompt blocked
 * before any candidate ({@code promptFeedback.blockReason}), is a provider refusal. Gemini answers
 * a bad key with 400 {@code API_KEY_INVALID}, which is treated as the credential failure it is.
 *
 * <p>A call with a structured output sets {@code generationConfig.responseMimeType:
 * application/json} and {@code responseSchema}: the schema in Gemini's subset of OpenAPI 3.0
 * ({@link #openApiSchema}: upper-case type names, {@code nullable: true} for a nullable field
 * instead of a type array, no {@code additionalProperties}, and {@code propertyOrdering} to keep
 * the fields in the schema's order). The answer is the candidate's text, which is then JSON.
 */
public final class GeminiAdapter implements ChatAdapter {
  /** maxOutputTokens, in Gemini's name or another provider's (see GENERATION_NAMES). */
  public static final Protocol PROTOCOL = new Protocol("gemini", GeminiAdapter::new,
      Map.of("google", "https://generativelanguage.googleapis.com"),
      List.of("max_tokens", "maxOutputTokens", "max_output_tokens"), null, Set.of("google"));

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Finish reasons that mean Google's own filter blocked the answer. */
  static final Set<String> BLOCKING_FINISH =
      Set.of("SAFETY", "PROHIBITED_CONTENT", "BLOCKLIST", "SPII", "IMAGE_SAFETY");

  /** snake_case parameter names as other providers spell them -> generationConfig names. */
  private static final Map<String, String> GENERATION_NAMES = Map.ofEntries(
      Map.entry("max_tokens", "maxOutputTokens"),
      Map.entry("max_output_tokens", "maxOutputTokens"),
      Map.entry("top_p", "topP"),
      Map.entry("top_k", "topK"),
      Map.entry("stop", "stopSequences"),
      Map.entry("stop_sequences", "stopSequences"),
      Map.entry("candidate_count", "candidateCount"),
      Map.entry("presence_penalty", "presencePenalty"),
      Map.entry("frequency_penalty", "frequencyPenalty"),
      Map.entry("response_mime_type", "responseMimeType"));

  @Override
  public HttpRequest request(Endpoint endpoint, ModelCall call, String apiKey) {
    ObjectNode body = JSON.createObjectNode();
    if (call.getSystem() != null) {
      body.putObject("systemInstruction").putArray("parts").addObject()
          .put("text", call.getSystem());
    }
    ArrayNode contents = body.putArray("contents");
    for (ChatMessage m : call.getMessages()) {
      ObjectNode c = contents.addObject();
      c.put("role", "assistant".equals(m.getRole()) ? "model" : m.getRole());
      c.putArray("parts").addObject().put("text", m.getContent());
    }
    ObjectNode generation = body.putObject("generationConfig");
    Params.parse(endpoint.paramsJson()).fields().forEachRemaining(e -> {
      String key = e.getKey();
      if (key.equals("safety_settings") || key.equals("safetySettings")) {
        body.set("safetySettings", e.getValue());
      } else {
        generation.set(GENERATION_NAMES.getOrDefault(key, key), e.getValue());
      }
    });
    generation.put("seed", call.getSeed());
    StructuredOutput structured = call.getStructuredOutput();
    if (structured != null) {
      generation.put("responseMimeType", "application/json");
      generation.set("responseSchema", openApiSchema(OpenAiChatAdapter.schema(structured)));
    }
    String model = endpoint.modelId().startsWith("models/")
        ? endpoint.modelId().substring("models/".length()) : endpoint.modelId();
    return HttpRequest.newBuilder(URI.create(OpenAiChatAdapter.trimSlash(endpoint.baseUrl())
            + "/v1beta/models/" + model + ":generateContent"))
        .timeout(endpoint.timeout())
        .header("x-goog-api-key", apiKey)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(Params.bytes(body)))
        .build();
  }

  /**
   * A JSON schema (the subset OpenAI's strict mode takes) as Gemini's Schema object: the same
   * types in upper case, a type array with "null" as {@code nullable: true}, objects with their
   * {@code propertyOrdering}; {@code additionalProperties}, which Gemini's Schema does not know
   * (its objects take no other properties anyway), left out.
   */
  static ObjectNode openApiSchema(JsonNode schema) {
    ObjectNode out = JSON.createObjectNode();
    JsonNode type = schema.path("type");
    boolean nullable = false;
    String single = null;
    if (type.isArray()) {
      for (JsonNode t : type) {
        if ("null".equals(t.asText())) {
          nullable = true;
        } else {
          single = t.asText();
        }
      }
    } else if (type.isTextual()) {
      single = type.asText();
    }
    if (single != null) {
      out.put("type", single.toUpperCase(java.util.Locale.ROOT));
    }
    if (nullable) {
      out.put("nullable", true);
    }
    for (String copied : List.of("description", "enum", "required")) {
      if (schema.has(copied)) {
        out.set(copied, schema.get(copied).deepCopy());
      }
    }
    if (schema.path("properties").isObject()) {
      ObjectNode properties = out.putObject("properties");
      ArrayNode order = JSON.createArrayNode();
      schema.get("properties").fields().forEachRemaining(e -> {
        properties.set(e.getKey(), openApiSchema(e.getValue()));
        order.add(e.getKey());
      });
      out.set("propertyOrdering", order);
    }
    if (schema.has("items")) {
      out.set("items", openApiSchema(schema.get("items")));
    }
    return out;
  }

  @Override
  public AdapterResult interpret(Endpoint endpoint, int status, HttpHeaders headers, byte[] body) {
    if (status / 100 != 2) {
      return failure(status, headers, body);
    }
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (IOException e) {
      return malformed(status, "response body is not JSON");
    }
    if (root == null || !root.isObject()) {
      return malformed(status, "response body is not a JSON object");
    }
    JsonNode usage = root.path("usageMetadata");
    Integer promptTokens = usage.hasNonNull("promptTokenCount")
        ? usage.get("promptTokenCount").asInt() : null;
    // Thinking tokens are billed as output.
    Integer completionTokens = usage.hasNonNull("candidatesTokenCount")
            || usage.hasNonNull("thoughtsTokenCount")
        ? usage.path("candidatesTokenCount").asInt(0) + usage.path("thoughtsTokenCount").asInt(0)
        : null;
    String version = OpenAiChatAdapter.textOrNull(root.get("modelVersion"));
    JsonNode candidate = root.path("candidates").path(0);
    String blockReason = OpenAiChatAdapter.textOrNull(root.path("promptFeedback").get("blockReason"));
    if (candidate.isMissingNode() || candidate.isNull()) {
      if (blockReason != null) {
        return new AdapterResult.Reply(ResponseOutcome.provider_refusal, null, null,
            "prompt_blocked:" + blockReason, promptTokens, completionTokens, version);
      }
      return malformed(status, "response has no candidates and no block reason");
    }
    String finish = OpenAiChatAdapter.textOrNull(candidate.get("finishReason"));
    StringBuilder text = new StringBuilder();
    boolean anyText = false;
    for (JsonNode part : candidate.path("content").path("parts")) {
      // Thought summaries of thinking models are not the answer.
      if (part.path("text").isTextual() && !part.path("thought").asBoolean(false)) {
        text.append(part.get("text").asText());
        anyText = true;
      }
    }
    if (finish != null && BLOCKING_FINISH.contains(finish)) {
      return new AdapterResult.Reply(ResponseOutcome.provider_refusal,
          anyText ? text.toString() : null, finish, finish, promptTokens, completionTokens,
          version);
    }
    if (!anyText && finish == null) {
      return malformed(status, "candidate has neither text nor finishReason");
    }
    return new AdapterResult.Reply(ResponseOutcome.answered, text.toString(), finish, null,
        promptTokens, completionTokens, version);
  }

  /**
   * Errors are {"error":{"code":429,"message":"...","status":"RESOURCE_EXHAUSTED","details":[...]}};
   * the wait of a 429 is in a RetryInfo detail ({@code retryDelay: "30s"}), not a header.
   */
  private static AdapterResult failure(int status, HttpHeaders headers, byte[] body) {
    FailureKind kind = HttpFailures.kindOf(status);
    Duration wait = HttpFailures.retryAfter(headers, Instant.now()).orElse(null);
    try {
      JsonNode details = JSON.readTree(body).path("error").path("details");
      for (JsonNode d : details) {
        if ("API_KEY_INVALID".equals(d.path("reason").asText())) {
          kind = FailureKind.AUTH;
        }
        if (wait == null && d.path("retryDelay").isTextual()) {
          wait = HttpFailures.parseGoDuration(d.get("retryDelay").asText().trim()).orElse(null);
        }
      }
    } catch (IOException | RuntimeException notJson) {
      // the status alone decides
    }
    return new AdapterResult.Failure(kind, status,
        "HTTP " + status + ": " + OpenAiChatAdapter.errorMessage(body), wait);
  }

  private static AdapterResult malformed(int status, String message) {
    return new AdapterResult.Failure(FailureKind.MALFORMED, status, message, null);
  }
}
