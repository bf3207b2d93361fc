package org.ihlbench.simulator.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ihlbench.simulator.AnswerClass;
import org.ihlbench.simulator.SimAnswer;
import org.ihlbench.simulator.SimRequest;

/**
 * OpenAI chat completions ({@code POST /v1/chat/completions}), also spoken by OpenAI-compatible
 * hosts (vLLM, Together, Groq, Mistral, OpenRouter). A provider-side refusal is rendered as
 * {@code finish_reason: content_filter} with no content.
 */
public final class OpenAiChatProtocol implements WireProtocol {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public String name() {
    return "openai";
  }

  @Override
  public boolean serves(String path) {
    return path.endsWith("/chat/completions");
  }

  @Override
  public SimRequest parse(String path, Headers headers, byte[] body) throws BadRequest {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (IOException e) {
      throw new BadRequest("request body is not JSON: " + e.getMessage());
    }
    if (root == null || !root.path("model").isTextual()) {
      throw new BadRequest("'model' is required");
    }
    JsonNode msgs = root.path("messages");
    if (!msgs.isArray() || msgs.isEmpty()) {
      throw new BadRequest("'messages' must be a non-empty array");
    }
    String system = null;
    List<SimRequest.Message> messages = new ArrayList<>();
    for (JsonNode m : msgs) {
      String role = m.path("role").asText("");
      String content = m.path("content").asText(null);
      if (content == null) {
        throw new BadRequest("every message needs string 'content'");
      }
      if ("system".equals(role) || "developer".equals(role)) {
        system = system == null ? content : system + "\n" + content;
      } else if ("user".equals(role) || "assistant".equals(role)) {
        messages.add(new SimRequest.Message(role, content));
      } else {
        throw new BadRequest("unknown role '" + role + "'");
      }
    }
    if (root.has("temperature") && root.has("reasoning_effort")) {
      throw new BadRequest("'temperature' is not supported with reasoning models");
    }
    Integer maxTokens = root.has("max_completion_tokens")
        ? Integer.valueOf(root.get("max_completion_tokens").asInt())
        : root.has("max_tokens") ? Integer.valueOf(root.get("max_tokens").asInt()) : null;
    String auth = headers.getFirst("Authorization");
    String key = auth != null && auth.startsWith("Bearer ") ? auth.substring(7) : null;
    // Mistral takes its seed as random_seed.
    long seed = root.has("seed") ? root.get("seed").asLong() : root.path("random_seed").asLong(0);
    return new SimRequest(root.get("model").asText(), system, List.copyOf(messages),
        seed, maxTokens, key, paramNames(root, Set.of("model", "messages")));
  }

  /** The names of a request body's fields, less those that are not parameters. */
  static Set<String> paramNames(JsonNode body, Set<String> notParams) {
    Set<String> names = new LinkedHashSet<>();
    for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
      String n = it.next();
      if (!notParams.contains(n)) {
        names.add(n);
      }
    }
    return Set.copyOf(names);
  }

  @Override
  public Map<String, String> rateLimitHeaders(int limit, int remaining, long fullInMs) {
    return limitHeaders(limit, remaining, fullInMs);
  }

  /** OpenAI's request rate-limit headers; the reset is a Go duration ({@code 12ms}, {@code 6m0s}). */
  public static Map<String, String> limitHeaders(int limit, int remaining, long fullInMs) {
    return Map.of("x-ratelimit-limit-requests", String.valueOf(limit),
        "x-ratelimit-remaining-requests", String.valueOf(remaining),
        "x-ratelimit-reset-requests", goDuration(fullInMs));
  }

  /** A duration as Go prints it: {@code 0s}, {@code 120ms}, {@code 1.5s}, {@code 6m0s}, {@code 1h2m3.5s}. */
  public static String goDuration(long ms) {
    if (ms <= 0) {
      return "0s";
    }
    if (ms < 1000) {
      return ms + "ms";
    }
    StringBuilder sb = new StringBuilder();
    long h = ms / 3_600_000;
    long m = ms / 60_000 % 60;
    if (h > 0) {
      sb.append(h).append('h');
    }
    if (h > 0 || m > 0) {
      sb.append(m).append('m');
    }
    long secMs = ms % 60_000;
    String seconds = java.math.BigDecimal.valueOf(secMs, 3).stripTrailingZeros().toPlainString();
    return sb.append(seconds).append('s').toString();
  }

  @Override
  public byte[] answer(SimRequest request, SimAnswer answer) {
    ObjectNode root = JSON.createObjectNode();
    root.put("id", "chatcmpl-sim-" + Integer.toHexString(request.fingerprint().hashCode()));
    root.put("object", "chat.completion");
    root.put("created", System.currentTimeMillis() / 1000);
    root.put("model", answer.modelVersion());
    root.put("system_fingerprint", "fp_sim");
    ObjectNode choice = root.putArray("choices").addObject();
    choice.put("index", 0);
    ObjectNode message = choice.putObject("message");
    message.put("role", "assistant");
    if (answer.answerClass() == AnswerClass.PROVIDER_REFUSAL) {
      message.putNull("content");
      message.putNull("refusal");
      choice.put("finish_reason", "content_filter");
    } else {
      message.put("content", answer.text());
      message.putNull("refusal");
      choice.put("finish_reason", "stop");
    }
    ObjectNode usage = root.putObject("usage");
    usage.put("prompt_tokens", answer.promptTokens());
    usage.put("completion_tokens", answer.completionTokens());
    usage.put("total_tokens", answer.promptTokens() + answer.completionTokens());
    return bytes(root);
  }

  @Override
  public byte[] error(int status, String type, String message) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode err = root.putObject("error");
    err.put("message", message);
    err.put("type", type);
    err.putNull("param");
    err.put("code", type);
    return bytes(root);
  }

  static byte[] bytes(JsonNode node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
