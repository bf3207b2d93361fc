package org.ihlbench.transforms.providers;

/** API keys come only from the environment variable an endpoint names, read where the call is made. */
public final class Credentials {
  private Credentials() {}

  public static String apiKey(Endpoint endpoint) {
    String name = endpoint.apiKeyEnv();
    if (name == null || name.isBlank()) {
      throw new ProviderAuthException("model '" + endpoint.name() + "' names no api_key_env");
    }
    return checked(endpoint, System.getenv(name));
  }

  /** The key as it will be sent, from the variable's value; or why it cannot be. */
  static String checked(Endpoint endpoint, String value) {
    String name = endpoint.apiKeyEnv();
    if (value == null || value.isBlank()) {
      throw new ProviderAuthException("environment variable " + name + " is not set; model '"
          + endpoint.name() + "' needs it for its API key");
    }
    String key = value.strip();
    if (key.chars().anyMatch(Character::isISOControl)) {
      // A header cannot carry it: every call would fail as a bad request instead of stopping.
      throw new ProviderAuthException("environment variable " + name + " holds a line break or"
          + " other control character inside the key; model '" + endpoint.name()
          + "' cannot send it");
    }
    return key;
  }

  /** Removes the key from text that may echo it (some providers quote part of a bad key). */
  public static String redact(String text, String key) {
    if (text == null || key == null || key.length() < 4) {
      return text;
    }
    String out = text.replace(key, "[REDACTED]");
    // Providers often show a key's first and last characters: remove any 8+ char run of it,
    // at any offset, longest first so that a run is removed whole.
    for (int len = key.length() - 1; len >= 8; len--) {
      for (int i = 0; i + len <= key.length(); i++) {
        out = out.replace(key.substring(i, i + len), "[REDACTED]");
      }
    }
    return out;
  }
}
