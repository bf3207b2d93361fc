package org.ihlbench.transforms.providers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A wire protocol as its adapter declares it, so that config parsing, call estimates and the
 * budget read what they need to know about a provider from the adapter, not from lists of their
 * own. Each adapter holds one ({@code PROTOCOL}); {@link Protocols} lists them.
 *
 * @param name the config's {@code protocol:} value
 * @param adapter makes the adapter (adapters hold no state)
 * @param providers the providers known to speak it, each with its base URL, so a config names
 *     only what differs
 * @param tokenCaps the request parameters that cap an answer's tokens, in the order they are
 *     read when several are given
 * @param defaultCap the cap the adapter sends when the parameters give none; null when it sends
 *     none and answers are uncapped
 * @param structuredOutputProviders the providers known to accept the adapter's form of
 *     structured output (a schema the answer must follow), so that an LLM judge's
 *     {@code structured_output: auto} asks for it there and nowhere else
 */
public record Protocol(String name, Supplier<ChatAdapter> adapter, Map<String, String> providers,
    List<String> tokenCaps, Integer defaultCap, Set<String> structuredOutputProviders) {

  public Protocol {
    providers = Map.copyOf(providers);
    tokenCaps = List.copyOf(tokenCaps);
    structuredOutputProviders = Set.copyOf(structuredOutputProviders);
  }

  /** A protocol no provider is known to accept structured output on. */
  public Protocol(String name, Supplier<ChatAdapter> adapter, Map<String, String> providers,
      List<String> tokenCaps, Integer defaultCap) {
    this(name, adapter, providers, tokenCaps, defaultCap, Set.of());
  }

  /** Whether {@code provider} is known to accept structured output in this protocol. */
  public boolean offersStructuredOutput(String provider) {
    return structuredOutputProviders.contains(provider);
  }

  /** The cap the parameters set, in this protocol's names; null when none. */
  public Integer statedCap(ObjectNode params) {
    for (String cap : tokenCaps) {
      if (params.has(cap)) {
        return params.get(cap).asInt();
      }
    }
    return null;
  }

  /** The most tokens an answer may take: the stated cap, else the default one; null: uncapped. */
  public Integer cap(ObjectNode params) {
    Integer stated = statedCap(params);
    return stated != null ? stated : defaultCap;
  }
}
