package org.ihlbench.simulator;

import java.util.List;

/**
 * A chat request as every wire protocol reduces it: who is asked, with what system prompt,
 * which messages and which seed.
 *
 * @param apiKey the credential the caller presented; used only to pick a rate-limit bucket
 */
public record SimRequest(
    String model,
    String system,
    List<Message> messages,
    long seed,
    Integer maxTokens,
    String apiKey) {

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

  public int promptTokens() {
    int chars = system == null ? 0 : system.length();
    for (Message m : messages) {
      chars += m.content().length();
    }
    return Tokens.estimate(chars);
  }
}
