package org.ihlbench.pipeline.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;

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

  /** Every JSON line of the files matching {@code pattern} (none when nothing matches). */
  static List<JsonNode> jsonLines(String pattern) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    MatchResult match = FileSystems.match(pattern);
    if (match.status() != MatchResult.Status.OK) {
      return out;
    }
    ObjectMapper json = new ObjectMapper();
    for (MatchResult.Metadata m : match.metadata()) {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(
          Channels.newInputStream(FileSystems.open(m.resourceId())), StandardCharsets.UTF_8))) {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          if (!line.isBlank()) {
            out.add(json.readTree(line));
          }
        }
      }
    }
    return out;
  }

  private static String trim(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }
}
