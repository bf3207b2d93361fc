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

  private Protocols() {}

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
