package org.ihlbench.pipeline.run;

/** Another live run is writing the run folder (see {@link RunLock}): a usage error, exit 2. */
public final class RunFolderInUseException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  RunFolderInUseException(String message) {
    super(message);
  }
}
