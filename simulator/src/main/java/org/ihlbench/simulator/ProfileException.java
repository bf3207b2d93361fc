package org.ihlbench.simulator;

/** A simulator profile that cannot be used; the message names the file and the field. */
public class ProfileException extends RuntimeException {
  public ProfileException(String message) {
    super(message);
  }

  public ProfileException(String message, Throwable cause) {
    super(message, cause);
  }
}
