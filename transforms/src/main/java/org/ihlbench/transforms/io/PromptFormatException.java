package org.ihlbench.transforms.io;

/** A file that cannot be read as the configured format at all, e.g. a required column is missing. */
public final class PromptFormatException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public PromptFormatException(String message) {
    super(message);
  }
}
