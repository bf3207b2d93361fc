package org.ihlbench.pipeline;

/** Where a run's files go: {@code <output>/runs/<run_id>/}, on any Beam file system. */
public final class RunPaths {
  private RunPaths() {}

  public static String runsDir(String output) {
    return trim(output) + "/runs";
  }

  public static String runDir(String output, String runId) {
    return runsDir(output) + "/" + runId;
  }

  public static String file(String runDir, String name) {
    return trim(runDir) + "/" + name;
  }

  private static String trim(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }
}
