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
 * Anthropic Messages: {@code POST {base_url}/v1/messages} with {@code x-api-key} and
 * {@code anthropic-version} headers, the system prompt as top-level {@code system}, and a
 * required {@code max_tokens} (defaulted when the config gives none).
 *
 * <p>The API has no seed: the call's seed stays in the response-store key (so repeats are
 * separate calls) but is not sent. {@code stop_reason: refusal} is a provider refusal, not an
 * error; 529 (overloaded) is retried like any 5xx.
 *
 * <p>A call with a structured output becomes a forced tool call: one tool whose
 * {@code input_schema} is the schema, and {@code tool_choice: {type: tool, name}}; the answer is
 * the {@code input} of the {@code tool_use} block it returns, as JSON text. An answer without a
 * tool_use block is read as text, as always.
 */
public final class AnthropicMessagesAdapter implements ChatAdapter {
  /** The API version sent when the config names none. */
  public static final String DEFAULT_VERSION = "2023-06-01";
  /** max_tokens when the config gives none: the API rejects requests without it. */
  public static final int DEFAULT_MAX_TOKENS = 1024;
  /** Always capped: max_tokens, or {@link #DEFAULT_MAX_TOKENS} when the config gives none. */
  public static final Protocol PROTOCOL = new Protocol("anthropic", AnthropicMessagesAdapter::new,
      Map.of("anthropic", "https://api.anthropic.com"), List.of("max_tokens"), DEFAULT_MAX_TOKENS,
      Set.of("anthropic"));

  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public HttpRequest request(Endpoint endpoint, ModelCall call, String apiKey) {
    return HttpRequest.newBuilder(URI.create(
            OpenAiChatAdapter.trimSlash(endpoint.baseUrl()) + "/v1/messages"))
        .timeout(endpoint.timeout())
        .header("x-api-key", apiKey)
        .header("anthropic-version", version(endpoint))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(Params.bytes(body(endpoint, call))))
        .build();
  }

  static String version(Endpoint endpoint) {
    return endpoint.apiVersion() == null ? DEFAULT_VERSION : endpoint.apiVersion();
  }

  /** The request body of a call: what a live request sends, and a batch request's params. */
  static ObjectNode body(Endpoint endpoint, ModelCall call) {
    ObjectNode body = JSON.createObjectNode();
    body.put("model", endpoint.modelId());
    ObjectNode params = Params.parse(endpoint.paramsJson());
    body.put("max_tokens", params.has("max_tokens")
        ? params.get("max_tokens").asInt() : DEFAULT_MAX_TOKENS);
    if (call.getSystem() != null) {
      body.put("system", call.getSystem());
    }
    ArrayNode messages = body.putArray("messages");
    for (ChatMessage m : call.getMessages()) {
      messages.addObject().put("role", m.getRole()).put("content", m.getContent());
    }
    params.fields().forEachRemaining(e -> {
      if (!e.getKey().equals("max_tokens")) {
        body.set(e.getKey(), e.getValue());
      }
    });
    StructuredOutput structured = call.getStructuredOutput();
    if (structured != null) {
      body.putArray("tools").addObject()
          .put("name", structured.getName())
          .put("description", structured.getDescription())
          .set("input_schema", OpenAiChatAdapter.schema(structured));
      body.putObject("tool_choice").put("type", "tool").put("name", structured.getName());
    }
    return body;
  }

  @Override
  public AdapterResult interpret(Endpoint endpoint, int status, HttpHeaders headers, byte[] body) {
    if (status / 100 != 2) {
      // Errors are {"type":"error","error":{"type":"overloaded_error","message":"..."}}.
      return new AdapterResult.Failure(HttpFailures.kindOf(status), status,
          "HTTP " + status + ": " + OpenAiChatAdapter.errorMessage(body),
          HttpFailures.retryAfter(headers, Instant.now()).orElse(null));
    }
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (IOException e) {
      return malformed(status, "response body is not JSON");
    }
    if (root == null || !root.path("content").isArray()) {
      return malformed(status, "response has no content array");
    }
    StringBuilder text = new StringBuilder();
    boolean anyText = false;
    JsonNode toolInput = null;
    for (JsonNode block : root.get("content")) {
      if ("text".equals(block.path("type").asText()) && block.path("text").isTextual()) {
        text.append(block.get("text").asText());
        anyText = true;
      } else if ("tool_use".equals(block.path("type").asText()) && toolInput == null) {
        toolInput = block.path("input");
      }
    }
    if (toolInput != null) {
      // A forced tool call: the answer is the tool's input, whatever text came with it. Only a
      // call with a structured output offers a tool, so only its answers have one.
      if (!toolInput.isObject()) {
        return malformed(status, "tool_use block has no input object");
      }
      text = new StringBuilder(toolInput.toString());
      anyText = true;
    }
    String stop = OpenAiChatAdapter.textOrNull(root.get("stop_reason"));
    JsonNode usage = root.path("usage");
    Integer promptTokens = usage.hasNonNull("input_tokens")
        ? usage.get("input_tokens").asInt()
            + usage.path("cache_creation_input_tokens").asInt(0)
            + usage.path("cache_read_input_tokens").asInt(0)
        : null;
    Integer completionTokens =
        usage.hasNonNull("output_tokens") ? usage.get("output_tokens").asInt() : null;
    String version = OpenAiChatAdapter.textOrNull(root.get("model"));
    if ("refusal".equals(stop)) {
      return new AdapterResult.Reply(ResponseOutcome.provider_refusal,
          anyText ? text.toString() : null, stop, "refusal", promptTokens, completionTokens,
          version);
    }
    if (stop == null) {
      return malformed(status, "response has no stop_reason");
    }
    // An empty content list is a (rare) empty answer, not a fault: the judges see it as such.
    return new AdapterResult.Reply(ResponseOutcome.answered, text.toString(), stop, null,
        promptTokens, completionTokens, version);
  }

  private static AdapterResult malformed(int status, String message) {
    return new AdapterResult.Failure(FailureKind.MALFORMED, status, message, null);
  }
}
