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
    String problem = problem(value);
    if (problem != null) {
      throw new ProviderAuthException("environment variable " + endpoint.apiKeyEnv() + " "
          + problem + "; model '" + endpoint.name() + "' needs it for its API key");
    }
    return value.strip();
  }

  /**
   * Why a variable's value cannot be sent as an API key, or null when it can: the one rule that
   * {@code run} and {@code doctor} both apply.
   */
  public static String problem(String value) {
    if (value == null || value.isBlank()) {
      return "is not set";
    }
    if (value.strip().chars().anyMatch(Character::isISOControl)) {
      // A header cannot carry it: every call would fail as a bad request instead of stopping.
      return "holds a line break or other control character inside the key";
    }
    return null;
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
