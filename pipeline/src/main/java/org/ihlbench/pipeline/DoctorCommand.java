package org.ihlbench.pipeline;

import java.util.ServiceLoader;
import java.util.TreeSet;
import org.apache.beam.sdk.io.FileSystemRegistrar;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.runners.PipelineRunnerRegistrar;

/**
 * {@code ihlbench doctor}: what this build can do here: its version, the runners and file
 * systems (schemes such as gs://) registered in it, and where Google credentials would come
 * from. It names the credentials' source, never their content.
 */
final class DoctorCommand implements Command {
  @Override
  public String name() {
    return "doctor";
  }

  @Override
  public String usage() {
    return "doctor";
  }

  @Override
  public int execute(String[] args) {
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
    return IhlBench.OK;
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
