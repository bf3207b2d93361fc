package org.ihlbench.pipeline.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeSet;
import org.apache.beam.sdk.io.FileSystemRegistrar;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.ihlbench.transforms.providers.Credentials;
import org.apache.beam.sdk.runners.PipelineRunnerRegistrar;
import org.ihlbench.pipeline.config.ConfigException;
import org.ihlbench.pipeline.config.ExperimentConfig;
import org.ihlbench.pipeline.run.CodeVersion;
import org.ihlbench.transforms.providers.Endpoint;

/**
 * {@code ihlbench doctor}: what this build can do here: its version, the runners and file
 * systems (schemes such as gs://) registered in it, and where Google credentials would come
 * from; with {@code --config}, whether each API-key variable the experiment names is set, so a
 * scheduled run can be checked before it starts. It names the credentials' source, never their
 * content.
 */
public final class DoctorCommand implements Command {
  @Override
  public String name() {
    return "doctor";
  }

  @Override
  public String usage() {
    return "doctor [--config=FILE]";
  }

  @Override
  public ExitCode execute(String[] args) {
    String config = null;
    for (String a : args) {
      if (a.startsWith("--config=")) {
        config = a.substring("--config=".length());
      } else {
        System.err.println("doctor: unknown argument '" + a + "'\nusage: ihlbench " + usage());
        return ExitCode.USAGE;
      }
    }
    System.out.println("ihlbench " + CodeVersion.get() + " on Java " + System.getProperty("java.version"));
    TreeSet<String> runners = new TreeSet<>();
    for (PipelineRunnerRegistrar r : ServiceLoader.load(PipelineRunnerRegistrar.class)) {
      r.getPipelineRunners().forEach(c -> runners.add(c.getSimpleName()));
    }
    System.out.println("runners: " + String.join(", ", runners));
    TreeSet<String> schemes = new TreeSet<>();
    for (FileSystemRegistrar r : ServiceLoader.load(FileSystemRegistrar.class)) {
      r.fromOptions(PipelineOptionsFactory.create()).forEach(fs -> schemes.add(schemeOf(fs)));
    }
    System.out.println("file systems: " + String.join(", ", schemes));
    String adc = System.getenv("GOOGLE_APPLICATION_CREDENTIALS");
    System.out.println("google credentials: " + (adc != null && !adc.isBlank()
        ? "GOOGLE_APPLICATION_CREDENTIALS names a file (" + adc + ")"
        : "application default (gcloud auth application-default login, or the metadata server"
            + " on Google Cloud)"));
    if (config == null) {
      return ExitCode.OK;
    }
    ExperimentConfig c;
    try {
      c = ExperimentConfig.load(Path.of(config));
    } catch (ConfigException e) {
      System.err.println("doctor: config error: " + e.getMessage());
      return ExitCode.USAGE;
    }
    return keys(config, c.endpoints()) ? ExitCode.OK : ExitCode.AUTH;
  }

  /** Prints each key variable with who needs it and whether it is set; true when all are. */
  private static boolean keys(String config, List<Endpoint> endpoints) {
    Map<String, List<String>> users = new LinkedHashMap<>();
    for (Endpoint e : endpoints) {
      users.computeIfAbsent(e.apiKeyEnv(), k -> new ArrayList<>()).add(e.name());
    }
    System.out.println("api keys named by " + config + ":");
    boolean all = true;
    for (Map.Entry<String, List<String>> u : users.entrySet()) {
      // The rule a run applies, so that doctor never calls "set" a key the run rejects.
      String problem = Credentials.problem(System.getenv(u.getKey()));
      all &= problem == null;
      System.out.printf("  %-28s %-8s for %s%s%n", u.getKey(), problem == null ? "set"
          : problem.equals("is not set") ? "NOT SET" : "UNUSABLE", String.join(", ", u.getValue()),
          problem == null || problem.equals("is not set") ? "" : " (" + problem + ")");
    }
    if (!all) {
      System.out.println("a run would stop before calling anyone (exit 4): set the variables"
          + " marked NOT SET or UNUSABLE");
    }
    return all;
  }

  /** The scheme a file system serves, read through Beam's (protected) accessor. */
  private static String schemeOf(org.apache.beam.sdk.io.FileSystem<?> fs) {
    try {
      var m = org.apache.beam.sdk.io.FileSystem.class.getDeclaredMethod("getScheme");
      m.setAccessible(true);
      return (String) m.invoke(fs);
    } catch (ReflectiveOperationException e) {
      return fs.getClass().getSimpleName();
    }
  }
}
