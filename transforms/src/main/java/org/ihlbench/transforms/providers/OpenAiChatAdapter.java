package org.ihlbench.transforms.providers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ihlbench.records.ChatMessage;
import org.ihlbench.records.ModelCall;
import org.ihlbench.records.ResponseOutcome;
import org.ihlbench.records.StructuredOutput;

/**
 * OpenAI chat completions, and every host that speaks it (vLLM, Ollama, Together, OpenRouter,
 * Groq, Mistral): {@code POST {base_url}/chat/completions} with a bearer key.
 *
 * <p>Reasoning models (o1, o3, o4 families) reject {@code temperature} and {@code top_p}; when the
 * parameters carry {@code reasoning_effort} those two are left out. A {@code content_filter}
 * finish or a {@code refusal} field is a provider refusal, not an error.
 *
 * <p>Hosts that name the seed differently get it under their name (Mistral: {@code random_seed};
 * it rejects an unknown {@code seed}).
 *
 * <p>A call with a structured output sends {@code response_format: {type: json_schema,
 * json_schema: {name, description, strict: true, schema}}}; in strict mode the API constrains
 * the answer to the schema, whose objects must forbid other properties and require all of theirs
 * (a nullable field is a type array with "null"). The answer is the message content, as JSON
 * text. Of the hosts known by name, OpenAI is the one known to accept it.
 */
public final class OpenAiChatAdapter implements ChatAdapter {
  /** Reasoning models take max_completion_tokens; others max_tokens. Nothing caps by default. */
  public static final Protocol PROTOCOL = new Protocol("openai", OpenAiChatAdapter::new, Map.of(
      "openai", "https://api.openai.com/v1",
      "together", "https://api.together.xyz/v1",
      "groq", "https://api.groq.com/openai/v1",
      "mistral", "https://api.mistral.ai/v1",
      "openrouter", "https://openrouter.ai/api/v1",
      "fireworks", "https://api.fireworks.ai/inference/v1",
      "deepinfra", "https://api.deepinfra.com/v1/openai"),
      List.of("max_completion_tokens", "max_tokens"), null, Set.of("openai"));

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Seed parameter name by provider, where it is not {@code seed}. */
  static final Map<String, String> SEED_PARAM = Map.of("mistral", "random_seed");

  @Override
  public HttpRequest request(Endpoint endpoint, ModelCall call, String apiKey) {
    return HttpRequest.newBuilder(URI.create(trimSlash(endpoint.baseUrl()) + "/chat/completions"))
        .timeout(endpoint.timeout())
        .header("Authorization", "Bearer " + apiKey)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(Params.bytes(body(endpoint, call))))
        .build();
  }

  /** The request body of a call: what a live request sends, and what a batch line carries. */
  static ObjectNode body(Endpoint endpoint, ModelCall call) {
    ObjectNode body = JSON.createObjectNode();
    body.put("model", endpoint.modelId());
    ArrayNode messages = body.putArray("messages");
    if (call.getSystem() != null) {
      messages.addObject().put("role", "system").put("content", call.getSystem());
    }
    for (ChatMessage m : call.getMessages()) {
      messages.addObject().put("role", m.getRole()).put("content", m.getContent());
    }
    ObjectNode params = Params.parse(endpoint.paramsJson());
    boolean reasoning = params.has("reasoning_effort");
    params.fields().forEachRemaining(e -> {
      if (!(reasoning && (e.getKey().equals("temperature") || e.getKey().equals("top_p")))) {
        body.set(e.getKey(), e.getValue());
      }
    });
    body.put(seedParam(endpoint), call.getSeed());
    StructuredOutput structured = call.getStructuredOutput();
    if (structured != null) {
      ObjectNode format = body.putObject("response_format").put("type", "json_schema");
      format.putObject("json_schema")
          .put("name", structured.getName())
          .put("description", structured.getDescription())
          .put("strict", true)
          .set("schema", schema(structured));
    }
    return body;
  }

  @Override
  public AdapterResult interpret(Endpoint endpoint, int status, HttpHeaders headers, byte[] body) {
    if (status / 100 != 2) {
      return new AdapterResult.Failure(HttpFailures.kindOf(status), status,
          "HTTP " + status + ": " + errorMessage(body),
          HttpFailures.retryAfter(headers, Instant.now()).orElse(null));
    }
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (IOException e) {
      return malformed(status, "response body is not JSON");
    }
    JsonNode choice = root == null ? null : root.path("choices").path(0);
    if (choice == null || choice.isMissingNode() || !choice.path("message").isObject()) {
      return malformed(status, "response has no choices[0].message");
    }
    JsonNode message = choice.get("message");
    String finish = textOrNull(choice.get("finish_reason"));
    String content = textOrNull(message.get("content"));
    String refusal = textOrNull(message.get("refusal"));
    JsonNode usage = root.path("usage");
    Integer promptTokens = usage.hasNonNull("prompt_tokens") ? usage.get("prompt_tokens").asInt() : null;
    Integer completionTokens =
        usage.hasNonNull("completion_tokens") ? usage.get("completion_tokens").asInt() : null;
    String version = textOrNull(root.get("model"));
    if ("content_filter".equals(finish)) {
      return new AdapterResult.Reply(ResponseOutcome.provider_refusal, content, finish,
          "content_filter", promptTokens, completionTokens, version);
    }
    if (refusal != null) {
      return new AdapterResult.Reply(ResponseOutcome.provider_refusal, refusal, finish,
          "refusal", promptTokens, completionTokens, version);
    }
    if (content == null && "length".equals(finish)) {
      // The token budget ran out before any text (a reasoning model that spent it all thinking):
      // a billed, empty answer, not a fault to retry and pay for again.
      content = "";
    }
    if (content == null) {
      return malformed(status, "response has neither content nor refusal");
    }
    return new AdapterResult.Reply(ResponseOutcome.answered, content, finish, null,
        promptTokens, completionTokens, version);
  }

  /** The schema of a structured output as a JSON tree. */
  static ObjectNode schema(StructuredOutput structured) {
    return Params.parse(structured.getJsonSchema());
  }

  static String seedParam(Endpoint endpoint) {
    return SEED_PARAM.getOrDefault(endpoint.provider(), "seed");
  }

  private static AdapterResult malformed(int status, String message) {
    return new AdapterResult.Failure(FailureKind.MALFORMED, status, message, null);
  }

  static String errorMessage(byte[] body) {
    try {
      JsonNode root = JSON.readTree(body);
      JsonNode msg = root == null ? null : root.path("error").path("message");
      if (msg != null && msg.isTextual()) {
        return msg.asText();
      }
    } catch (IOException ignored) {
      // not JSON: show the start of the body instead
    }
    String text = new String(body, java.nio.charset.StandardCharsets.UTF_8);
    return text.length() > 300 ? text.substring(0, 300) + "..." : text;
  }

  static String textOrNull(JsonNode n) {
    return n == null || n.isNull() || n.isMissingNode() ? null : n.asText();
  }

  static String trimSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
