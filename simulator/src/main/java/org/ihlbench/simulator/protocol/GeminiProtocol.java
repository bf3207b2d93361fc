package org.ihlbench.simulator.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ihlbench.simulator.AnswerClass;
import org.ihlbench.simulator.SimAnswer;
import org.ihlbench.simulator.SimRequest;

/**
 * Google Gemini {@code POST /v1beta/models/{model}:generateContent} with the key in
 * {@code x-goog-api-key}. Like the real API it refuses unknown fields (a {@code max_tokens} in
 * {@code generationConfig} is a 400, {@code maxOutputTokens} or {@code max_output_tokens} is
 * fine), answers a bad key with 400 {@code API_KEY_INVALID}, puts the wait of a 429 in a
 * RetryInfo detail, and sends no rate-limit headers.
 *
 * <p>{@code responseMimeType} and {@code responseSchema} are checked as Gemini checks them
 * ({@link AnswerFormats}); the answer to a schema is JSON in the candidate's text.
 *
 * <p>A provider-side refusal is rendered either as a candidate with {@code finishReason: SAFETY}
 * or as a prompt blocked before any candidate ({@code promptFeedback.blockReason: SAFETY}),
 * chosen per request, since Gemini does both.
 */
public final class GeminiProtocol implements WireProtocol {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern PATH =
      Pattern.compile(".*/v1beta/models/([^/:]+):generateContent$");
  private static final Set<String> FIELDS = Set.of("contents", "systemInstruction",
      "system_instruction", "generationConfig", "generation_config", "safetySettings",
      "safety_settings", "tools", "toolConfig", "tool_config", "cachedContent", "cached_content");
  /** generationConfig fields, in the JSON (lowerCamel) and proto (snake_case) spellings. */
  private static final Set<String> GENERATION = Set.of("temperature", "topP", "top_p", "topK",
      "top_k", "maxOutputTokens", "max_output_tokens", "seed", "candidateCount",
      "candidate_count", "stopSequences", "stop_sequences", "presencePenalty", "presence_penalty",
      "frequencyPenalty", "frequency_penalty", "responseMimeType", "response_mime_type",
      "responseSchema", "response_schema", "thinkingConfig", "thinking_config");

  @Override
  public String name() {
    return "gemini";
  }

  @Override
  public boolean serves(String path) {
    return PATH.matcher(path).matches();
  }

  @Override
  public SimRequest parse(String path, Headers headers, byte[] body) throws BadRequest {
    Matcher pm = PATH.matcher(path);
    if (!pm.matches()) {
      throw new BadRequest(404, "no such method: " + path);
    }
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (IOException e) {
      throw new BadRequest("Invalid JSON payload received. " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw new BadRequest("Invalid JSON payload received. Expected an object.");
    }
    unknown(root, FIELDS, "");
    JsonNode generation = root.has("generationConfig") ? root.get("generationConfig")
        : root.path("generation_config");
    if (!generation.isMissingNode()) {
      unknown(generation, GENERATION, "generation_config");
    }
    String system = null;
    JsonNode si = root.has("systemInstruction") ? root.get("systemInstruction")
        : root.path("system_instruction");
    if (!si.isMissingNode()) {
      system = parts(si, "system_instruction");
    }
    JsonNode contents = root.path("contents");
    if (!contents.isArray() || contents.isEmpty()) {
      throw new BadRequest("* GenerateContentRequest.contents: contents is not specified");
    }
    List<SimRequest.Message> messages = new ArrayList<>();
    for (JsonNode c : contents) {
      String role = c.path("role").asText("user");
      if (!role.equals("user") && !role.equals("model")) {
        throw new BadRequest("Please use a valid role: user, model.");
      }
      messages.add(new SimRequest.Message(role.equals("model") ? "assistant" : "user",
          parts(c, "contents.parts")));
    }
    JsonNode max = generation.has("maxOutputTokens") ? generation.get("maxOutputTokens")
        : generation.path("max_output_tokens");
    Set<String> params = generation.isMissingNode() ? Set.of()
        : OpenAiChatProtocol.paramNames(generation, Set.of());
    return new SimRequest(pm.group(1), system, List.copyOf(messages),
        generation.path("seed").asLong(0), max.isNumber() ? Integer.valueOf(max.asInt()) : null,
        headers.getFirst("x-goog-api-key"), params, AnswerFormats.gemini(generation));
  }

  private static void unknown(JsonNode node, Set<String> known, String where)
      throws BadRequest {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!known.contains(f)) {
        throw new BadRequest("Invalid JSON payload received. Unknown name \"" + f + "\""
            + (where.isEmpty() ? "" : " at '" + where + "'") + ": Cannot find field.");
      }
    }
  }

  private static String parts(JsonNode content, String field) throws BadRequest {
    JsonNode parts = content.path("parts");
    if (!parts.isArray() || parts.isEmpty()) {
      throw new BadRequest("* " + field + ": must have at least one part");
    }
    StringBuilder sb = new StringBuilder();
    for (JsonNode p : parts) {
      if (!p.path("text").isTextual()) {
        throw new BadRequest("* " + field + ": only text parts are simulated");
      }
      sb.append(p.get("text").asText());
    }
    return sb.toString();
  }

  @Override
  public byte[] answer(SimRequest request, SimAnswer answer) {
    ObjectNode root = JSON.createObjectNode();
    boolean refused = answer.answerClass() == AnswerClass.PROVIDER_REFUSAL;
    ObjectNode usage = JSON.createObjectNode();
    usage.put("promptTokenCount", answer.promptTokens());
    if (refused && blocksThePrompt(request)) {
      ObjectNode feedback = root.putObject("promptFeedback");
      feedback.put("blockReason", "SAFETY");
      feedback.putArray("safetyRatings").addObject()
          .put("category", "HARM_CATEGORY_DANGEROUS_CONTENT").put("probability", "HIGH");
      usage.put("totalTokenCount", answer.promptTokens());
    } else {
      ObjectNode candidate = root.putArray("candidates").addObject();
      if (refused) {
        candidate.put("finishReason", "SAFETY");
        candidate.putArray("safetyRatings").addObject()
            .put("category", "HARM_CATEGORY_DANGEROUS_CONTENT").put("probability", "HIGH")
            .put("blocked", true);
        usage.put("totalTokenCount", answer.promptTokens());
      } else {
        ObjectNode content = candidate.putObject("content");
        content.putArray("parts").addObject().put("text", answer.text());
        content.put("role", "model");
        candidate.put("finishReason", "STOP");
        usage.put("candidatesTokenCount", answer.completionTokens());
        usage.put("totalTokenCount", answer.promptTokens() + answer.completionTokens());
      }
      candidate.put("index", 0);
    }
    root.set("usageMetadata", usage);
    root.put("modelVersion", answer.modelVersion());
    root.put("responseId", "sim" + Integer.toHexString(request.fingerprint().hashCode()));
    return OpenAiChatProtocol.bytes(root);
  }

  /** Half of the provider refusals block the prompt itself; the choice is fixed per request. */
  static boolean blocksThePrompt(SimRequest request) {
    return request.draw("gemini-block") < 0.5;
  }

  @Override
  public byte[] error(int status, String type, String message) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode err = root.putObject("error");
    err.put("code", status);
    err.put("message", message);
    err.put("status", switch (status) {
      case 400 -> "INVALID_ARGUMENT";
      case 401 -> "UNAUTHENTICATED";
      case 403 -> "PERMISSION_DENIED";
      case 404 -> "NOT_FOUND";
      case 429 -> "RESOURCE_EXHAUSTED";
      case 503 -> "UNAVAILABLE";
      case 504 -> "DEADLINE_EXCEEDED";
      default -> "INTERNAL";
    });
    if ("authentication_error".equals(type)) {
      err.putArray("details").addObject()
          .put("@type", "type.googleapis.com/google.rpc.ErrorInfo")
          .put("reason", "API_KEY_INVALID")
          .put("domain", "googleapis.com");
    }
    return OpenAiChatProtocol.bytes(root);
  }

  @Override
  public int authFailureStatus() {
    return 400;
  }

  @Override
  public byte[] rateLimited(String message, long retryAfterMs) {
    ObjectNode root = (ObjectNode) readTree(error(429, "rate_limit_exceeded", message));
    ((ObjectNode) root.get("error")).putArray("details").addObject()
        .put("@type", "type.googleapis.com/google.rpc.RetryInfo")
        .put("retryDelay", String.format(java.util.Locale.ROOT, "%.3fs", retryAfterMs / 1000.0));
    return OpenAiChatProtocol.bytes(root);
  }

  @Override
  public Map<String, String> retryAfterHeaders(long retryAfterMs) {
    return Map.of();
  }

  private static JsonNode readTree(byte[] bytes) {
    try {
      return JSON.readTree(bytes);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
