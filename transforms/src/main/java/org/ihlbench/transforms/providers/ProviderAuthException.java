package org.ihlbench.transforms.providers;

/**
 * A provider rejected the credentials (401/403) or none were found. Retrying cannot help, so the
 * run stops; the message names the environment variable to fix and never contains the key.
 */
public final class ProviderAuthException extends RuntimeException {
  public ProviderAuthException(String message) {
    super(message);
  }
}
