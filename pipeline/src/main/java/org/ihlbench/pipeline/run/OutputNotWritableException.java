package org.ihlbench.pipeline.run;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NotDirectoryException;

/**
 * An output (the run folder, the response store) that cannot be written, found before any call
 * is made: the message names the path and the reason in one line.
 */
public final class OutputNotWritableException extends IOException {
  private static final long serialVersionUID = 1L;

  private OutputNotWritableException(String message, Throwable cause) {
    super(message, cause);
  }

  static OutputNotWritableException of(String path, IOException cause) {
    if (cause instanceof OutputNotWritableException o) {
      return o;
    }
    return new OutputNotWritableException("cannot write to " + path + ": " + reason(cause), cause);
  }

  /** Why a file operation failed, in words, naming the file it failed on when that differs. */
  public static String reason(Throwable e) {
    if (e instanceof FileSystemException f) {
      String what = f instanceof AccessDeniedException ? "permission denied"
          : f instanceof FileAlreadyExistsException ? "a file is in the way (not a folder)"
          : f instanceof NotDirectoryException ? "not a folder"
          : f instanceof java.nio.file.NoSuchFileException ? "no such file or folder"
          : f.getReason() != null ? f.getReason() : f.getClass().getSimpleName();
      return what + (f.getFile() != null ? " (" + f.getFile() + ")" : "");
    }
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName()
        : message.lines().findFirst().orElse(message);
  }
}
