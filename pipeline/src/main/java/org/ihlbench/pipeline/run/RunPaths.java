package org.ihlbench.pipeline.run;


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

  private static String trim(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }
}
