package org.ihlbench.pipeline.cli;

/**
 * A mistake on the command line (an unknown or malformed flag, a missing one): the process
 * prints its message as one line and exits {@link ExitCode#USAGE}.
 */
public final class UsageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UsageException(String message) {
    super(message);
  }
}
