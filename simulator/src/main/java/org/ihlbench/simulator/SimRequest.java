package org.ihlbench.simulator;

import java.util.List;
import java.util.Set;

/**
 * A chat request as every wire protocol reduces it: who is asked, with what system prompt,
 * which messages and which seed.
 *
 * @param apiKey the credential the caller presented; used only to pick a rate-limit bucket
 * @param params names of the sampling parameters the request carried (temperature, seed, ...),
 *     so a simulated model can reject those its real counterpart rejects
 * @param format the form the answer is asked in (text, JSON, or JSON that follows a schema); it
 *     changes how an answer is written, not what is decided, so it is not part of the
 *     {@link #fingerprint}
 */
public record SimRequest(
    String model,
    String system,
    List<Message> messages,
    long seed,
    Integer maxTokens,
    String apiKey,
    Set<String> params,
    AnswerFormat format) {

  public SimRequest(String model, String system, List<Message> messages, long seed,
      Integer maxTokens, String apiKey) {
    this(model, system, messages, seed, maxTokens, apiKey, Set.of());
  }

  public SimRequest(String model, String system, List<Message> messages, long seed,
      Integer maxTokens, String apiKey, Set<String> params) {
    this(model, system, messages, seed, maxTokens, apiKey, params, AnswerFormat.TEXT);
  }

  public record Message(String role, String content) {}

  /** The last user message, which carries the prompt under test. */
  public String lastUserMessage() {
    for (int i = messages.size() - 1; i >= 0; i--) {
      if ("user".equals(messages.get(i).role())) {
        return messages.get(i).content();
      }
    }
    return "";
  }

  /** A stable rendering of everything that determines the answer. */
  public String fingerprint() {
    StringBuilder sb = new StringBuilder();
    sb.append(model).append('\u0001').append(system == null ? "" : system).append('\u0001');
    for (Message m : messages) {
      sb.append(m.role()).append('\u0002').append(m.content()).append('\u0001');
    }
    return sb.append(seed).toString();
  }

  /** A number in [0, 1) fixed for this request and {@code purpose}: a repeatable coin. */
  public double draw(String purpose) {
    return Draw.uniform(purpose, fingerprint());
  }

  public int promptTokens() {
    int chars = system == null ? 0 : system.length();
    for (Message m : messages) {
      chars += m.content().length();
    }
    return Tokens.estimate(chars);
  }
}
