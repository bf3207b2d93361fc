package org.ihlbench.transforms.providers;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;

/**
 * The types of the request parameters each protocol's API documents (OpenAI Chat Completions,
 * Anthropic Messages, Gemini generateContent), so that a config's {@code max_tokens: "lots"} is
 * an error naming the field, not a request the provider rejects on every call or a budget that
 * reads it as a cap of 0. Parameters not listed are passed through unchecked: providers add
 * their own.
 */
public final class ParamTypes {
  private ParamTypes() {}

  /** What a parameter's value must be. */
  public enum Type {
    NUMBER("a number"),
    INTEGER("a whole number"),
    BOOLEAN("true or false"),
    STRING("a string"),
    STRINGS("a string or a list of strings"),
    STRING_LIST("a list of strings");

    private final String words;

    Type(String words) {
      this.words = words;
    }

    boolean accepts(JsonNode v) {
      return switch (this) {
        case NUMBER -> v.isNumber();
        case INTEGER -> v.isIntegralNumber();
        case BOOLEAN -> v.isBoolean();
        case STRING -> v.isTextual();
        case STRINGS -> v.isTextual() || stringList(v);
        case STRING_LIST -> stringList(v);
      };
    }

    private static boolean stringList(JsonNode v) {
      if (!v.isArray()) {
        return false;
      }
      for (JsonNode e : v) {
        if (!e.isTextual()) {
          return false;
        }
      }
      return true;
    }
  }

  private static final Map<String, Map<String, Type>> BY_PROTOCOL = new HashMap<>();

  static {
    BY_PROTOCOL.put("openai", Map.ofEntries(
        Map.entry("temperature", Type.NUMBER), Map.entry("top_p", Type.NUMBER),
        Map.entry("max_tokens", Type.INTEGER), Map.entry("max_completion_tokens", Type.INTEGER),
        Map.entry("n", Type.INTEGER), Map.entry("seed", Type.INTEGER),
        Map.entry("presence_penalty", Type.NUMBER), Map.entry("frequency_penalty", Type.NUMBER),
        Map.entry("logprobs", Type.BOOLEAN), Map.entry("top_logprobs", Type.INTEGER),
        Map.entry("stop", Type.STRINGS), Map.entry("reasoning_effort", Type.STRING),
        Map.entry("user", Type.STRING), Map.entry("store", Type.BOOLEAN)));
    BY_PROTOCOL.put("anthropic", Map.of(
        "max_tokens", Type.INTEGER, "temperature", Type.NUMBER, "top_p", Type.NUMBER,
        "top_k", Type.INTEGER, "stop_sequences", Type.STRING_LIST));
    BY_PROTOCOL.put("gemini", Map.ofEntries(
        Map.entry("temperature", Type.NUMBER), Map.entry("topP", Type.NUMBER),
        Map.entry("top_p", Type.NUMBER), Map.entry("topK", Type.INTEGER),
        Map.entry("top_k", Type.INTEGER), Map.entry("maxOutputTokens", Type.INTEGER),
        Map.entry("max_output_tokens", Type.INTEGER), Map.entry("max_tokens", Type.INTEGER),
        Map.entry("candidateCount", Type.INTEGER), Map.entry("candidate_count", Type.INTEGER),
        Map.entry("seed", Type.INTEGER), Map.entry("stopSequences", Type.STRING_LIST),
        Map.entry("stop_sequences", Type.STRING_LIST), Map.entry("stop", Type.STRINGS),
        Map.entry("presencePenalty", Type.NUMBER), Map.entry("presence_penalty", Type.NUMBER),
        Map.entry("frequencyPenalty", Type.NUMBER), Map.entry("frequency_penalty", Type.NUMBER),
        Map.entry("responseMimeType", Type.STRING), Map.entry("response_mime_type", Type.STRING)));
  }

  /**
   * Why {@code value} cannot be parameter {@code name} of {@code protocol}, or null when it can
   * (or the parameter is not one this class knows).
   */
  public static String problem(String protocol, String name, JsonNode value) {
    Type type = BY_PROTOCOL.getOrDefault(protocol, Map.of()).get(name);
    if (type == null || type.accepts(value)) {
      return null;
    }
    return "must be " + type.words + " for protocol " + protocol + ", got " + value;
  }
}
