package org.ihlbench.simulator.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ihlbench.simulator.AnswerClass;
import org.ihlbench.simulator.SimAnswer;
import org.ihlbench.simulator.SimRequest;

/**
 * Anthropic Messages ({@code POST /v1/messages}). Checks what the real API checks and clients get
 * wrong: the {@code x-api-key} and {@code anthropic-version} headers, a required
 * {@code max_tokens}, the system prompt as top-level {@code system} (a system role in
 * {@code messages} is refused), temperature within 0..1, and no fields the API does not know
 * (such as {@code seed}). A provider-side refusal is rendered as {@code stop_reason: refusal}
 * with empty content.
 *
 * <p>The API has no seed, so answers depend on (model, system, messages) alone.
 */
public final class AnthropicMessagesProtocol implements WireProtocol {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> FIELDS = Set.of("model", "messages", "system", "max_tokens",
      "temperature", "top_p", "top_k", "stop_sequences", "stream", "metadata", "tools",
      "tool_choice", "thinking", "service_tier");

  @Override
  public String name() {
    return "anthropic";
  }

  @Override
  public boolean serves(String path) {
    return path.endsWith("/v1/messages");
  }

  @Override
  public SimRequest parse(String path, Headers headers, byte[] body) throws BadRequest {
    if (headers.getFirst("anthropic-version") == null) {
      throw new BadRequest("anthropic-version: header is required");
    }
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (IOException e) {
      throw new BadRequest("request body is not JSON: " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw new BadRequest("request body must be a JSON object");
    }
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!FIELDS.contains(f)) {
        throw new BadRequest(f + ": Extra inputs are not permitted");
      }
    }
    if (!root.path("model").isTextual()) {
      throw new BadRequest("model: Field required");
    }
    if (!root.path("max_tokens").isIntegralNumber() || root.get("max_tokens").asInt() < 1) {
      throw new BadRequest("max_tokens: Field required");
    }
    if (root.has("temperature")
        && (root.get("temperature").asDouble() < 0 || root.get("temperature").asDouble() > 1)) {
      throw new BadRequest("temperature: range: 0..1");
    }
    String system = root.has("system") ? text(root.get("system"), "system") : null;
    JsonNode msgs = root.path("messages");
    if (!msgs.isArray() || msgs.isEmpty()) {
      throw new BadRequest("messages: at least one message is required");
    }
    List<SimRequest.Message> messages = new ArrayList<>();
    for (JsonNode m : msgs) {
      String role = m.path("role").asText("");
      if (!role.equals("user") && !role.equals("assistant")) {
        throw new BadRequest("messages: Unexpected role \"" + role + "\". The Messages API accepts"
            + " a top-level `system` parameter, not \"system\" as an input message role.");
      }
      messages.add(new SimRequest.Message(role, text(m.path("content"), "messages.content")));
    }
    return new SimRequest(root.get("model").asText(), system, List.copyOf(messages), 0,
        root.get("max_tokens").asInt(), headers.getFirst("x-api-key"),
        OpenAiChatProtocol.paramNames(root, Set.of("model", "messages", "system")));
  }

  /** A string, or a list of text blocks, as the API accepts for content and system. */
  private static String text(JsonNode n, String field) throws BadRequest {
    if (n.isTextual()) {
      return n.asText();
    }
    if (n.isArray()) {
      StringBuilder sb = new StringBuilder();
      for (JsonNode block : n) {
        if (!"text".equals(block.path("type").asText()) || !block.path("text").isTextual()) {
          throw new BadRequest(field + ": only text blocks are simulated");
        }
        sb.append(block.get("text").asText());
      }
      return sb.toString();
    }
    throw new BadRequest(field + ": must be a string or a list of text blocks");
  }

  @Override
  public byte[] answer(SimRequest request, SimAnswer answer) {
    ObjectNode root = JSON.createObjectNode();
    root.put("id", "msg_sim" + Integer.toHexString(request.fingerprint().hashCode()));
    root.put("type", "message");
    root.put("role", "assistant");
    root.put("model", answer.modelVersion());
    var content = root.putArray("content");
    if (answer.answerClass() == AnswerClass.PROVIDER_REFUSAL) {
      root.put("stop_reason", "refusal");
    } else {
      content.addObject().put("type", "text").put("text", answer.text());
      root.put("stop_reason", "end_turn");
    }
    root.putNull("stop_sequence");
    ObjectNode usage = root.putObject("usage");
    usage.put("input_tokens", answer.promptTokens());
    usage.put("output_tokens",
        answer.answerClass() == AnswerClass.PROVIDER_REFUSAL ? 0 : answer.completionTokens());
    return OpenAiChatProtocol.bytes(root);
  }

  @Override
  public byte[] error(int status, String type, String message) {
    ObjectNode root = JSON.createObjectNode();
    root.put("type", "error");
    ObjectNode err = root.putObject("error");
    err.put("type", switch (status) {
      case 400 -> "invalid_request_error";
      case 401 -> "authentication_error";
      case 403 -> "permission_error";
      case 404 -> "not_found_error";
      case 413 -> "request_too_large";
      case 429 -> "rate_limit_error";
      case 529 -> "overloaded_error";
      default -> "api_error";
    });
    err.put("message", message);
    return OpenAiChatProtocol.bytes(root);
  }

  @Override
  public Map<String, String> retryAfterHeaders(long retryAfterMs) {
    return Map.of("retry-after", String.valueOf((retryAfterMs + 999) / 1000));
  }

  @Override
  public Map<String, String> rateLimitHeaders(int limit, int remaining, long fullInMs) {
    return limitHeaders(limit, remaining, fullInMs);
  }

  /**
   * Anthropic's request rate-limit headers; the reset is an RFC 3339 time, to the second as the
   * API sends it.
   */
  public static Map<String, String> limitHeaders(int limit, int remaining, long fullInMs) {
    return Map.of("anthropic-ratelimit-requests-limit", String.valueOf(limit),
        "anthropic-ratelimit-requests-remaining", String.valueOf(remaining),
        "anthropic-ratelimit-requests-reset", Instant.now().plusMillis(fullInMs)
            .truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
  }

  @Override
  public int[] serverErrorStatuses() {
    return new int[] {500, 529};
  }
}
