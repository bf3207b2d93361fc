package org.ihlbench.transforms.providers;

import java.util.ArrayList;
import java.util.List;
import org.ihlbench.records.ChatMessage;
import org.ihlbench.records.StructuredOutput;
import org.ihlbench.transforms.ContentHash;

/**
 * The content key of a call: provider, model id, parameters, messages and seed, and the schema
 * of a structured output when the call asks for one. Equal keys are the same paid call, so the
 * response store answers them without calling again. The base URL and the API key are not part of
 * it: moving a host or rotating a key does not invalidate answers.
 */
public final class CallKeys {
  private CallKeys() {}

  public static String of(Endpoint endpoint, String system, List<ChatMessage> messages, int seed) {
    return of(endpoint, system, messages, seed, null);
  }

  /**
   * The key of a call that may ask for a structured output. Without one the key is exactly the
   * free-text call's, so stores written before structured output keep answering those calls;
   * with one, the request differs (the provider constrains the answer) and so does the key.
   */
  public static String of(Endpoint endpoint, String system, List<ChatMessage> messages, int seed,
      StructuredOutput structured) {
    List<String> parts = new ArrayList<>();
    parts.add("call/v1");
    parts.add(endpoint.provider());
    parts.add(endpoint.modelId());
    parts.add(endpoint.paramsJson());
    parts.add(system == null ? "\u0000none" : system);
    for (ChatMessage m : messages) {
      parts.add(m.getRole());
      parts.add(m.getContent());
    }
    parts.add(Integer.toString(seed));
    if (structured != null) {
      parts.add("structured/v1");
      parts.add(structured.getName());
      parts.add(structured.getDescription());
      parts.add(structured.getJsonSchema());
    }
    return ContentHash.sha256Hex(parts.toArray(String[]::new));
  }
}
