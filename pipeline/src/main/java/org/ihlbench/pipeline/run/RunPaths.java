package org.ihlbench.pipeline.run;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.util.MimeTypes;
import org.ihlbench.transforms.io.Folder;

/** Where a run's files go: {@code <output>/runs/<run_id>/}, on any Beam file system. */
public final class RunPaths {
  private RunPaths() {}

  public static String runsDir(String output) {
    return trim(output) + "/runs";
  }

  /** The response store: the one given on the command line, else the config's, else the output's. */
  static String store(String option, String configured, String output) {
    return option != null ? option : configured != null ? configured : output + "/store";
  }

  public static String runDir(String output, String runId) {
    return runsDir(output) + "/" + runId;
  }

  public static String file(String runDir, String name) {
    return trim(runDir) + "/" + name;
  }

  /** A folder's path without its trailing slash, so that names join it with one "/". */
  public static String trim(String s) {
    return Folder.at(s).path();
  }

  /** Writes a small UTF-8 text file at {@code path}, on any Beam file system. */
  public static void writeText(String path, String text) throws IOException {
    ResourceId out = FileSystems.matchNewResource(path, false);
    try (OutputStream os = Channels.newOutputStream(FileSystems.create(out, MimeTypes.TEXT))) {
      os.write(text.getBytes(StandardCharsets.UTF_8));
    }
  }
}
