package org.ihlbench.transforms.providers;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Every wire protocol ihlbench speaks, one line per adapter. A new adapter is its class (with its
 * {@link Protocol}) plus a line here; the simulator speaks the protocol for tests.
 */
public final class Protocols {
  private static final List<Protocol> ALL = List.of(
      OpenAiChatAdapter.PROTOCOL,
      AnthropicMessagesAdapter.PROTOCOL,
      GeminiAdapter.PROTOCOL);

  /** The batch APIs, one per chat protocol that has one (Gemini's is not spoken yet). */
  private static final List<BatchProtocol> BATCH = List.of(
      new OpenAiBatch(),
      new AnthropicBatch());

  private Protocols() {}

  /** The batch API of a chat protocol; empty when ihlbench speaks none for it. */
  public static Optional<BatchProtocol> batch(String protocol) {
    return BATCH.stream().filter(b -> b.protocol().equals(protocol)).findFirst();
  }

  /**
   * Whether {@code provider}, speaking {@code protocol}, takes batches: a provider known to
   * serve the protocol's batch API, or a host of one's own (a provider no adapter knows), which
   * is taken at its word. A known provider whose batch API ihlbench does not speak (Together,
   * Groq, Mistral, Gemini, ...) makes its calls live.
   */
  public static boolean batchable(String provider, String protocol) {
    Optional<BatchProtocol> b = batch(protocol);
    if (b.isEmpty()) {
      return false;
    }
    return b.get().providers().contains(provider) || ofProvider(provider).isEmpty();
  }

  /** The protocol called {@code name}; an error names the known ones. */
  public static Protocol named(String name) {
    return ALL.stream().filter(p -> p.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown protocol '" + name
            + "'; known protocols: " + String.join(", ", names())));
  }

  /** The protocols' names, in registration order. */
  public static List<String> names() {
    List<String> out = new ArrayList<>();
    ALL.forEach(p -> out.add(p.name()));
    return out;
  }

  /** The protocol a known provider speaks; empty for a provider no adapter declares. */
  public static Optional<Protocol> ofProvider(String provider) {
    return ALL.stream().filter(p -> p.providers().containsKey(provider)).findFirst();
  }
}
