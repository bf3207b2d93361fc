package org.ihlbench.pipeline.cli;

import java.util.concurrent.Callable;
import org.ihlbench.pipeline.config.ConfigException;
import org.ihlbench.pipeline.run.RunContext;
import org.ihlbench.transforms.io.PromptFormatException;
import org.ihlbench.transforms.providers.ProviderAuthException;

/** A pipeline command's outcome, or (outcome null) the exit code it failed with. */
record PipelineRun(RunContext.Outcome outcome, ExitCode exitCode) {

  /**
   * Runs a pipeline for a command: a config error is exit 2, credentials a provider rejected
   * exit 4, each with its message on stderr; anything else propagates.
   */
  static PipelineRun of(Callable<RunContext.Outcome> pipeline) throws Exception {
    try {
      return new PipelineRun(pipeline.call(), ExitCode.OK);
    } catch (ConfigException | PromptFormatException e) {
      // A prompt set that cannot be read as configured is the config's error too.
      System.err.println("config error: " + e.getMessage());
      return new PipelineRun(null, ExitCode.USAGE);
    } catch (RuntimeException e) {
      ProviderAuthException auth = find(e, ProviderAuthException.class);
      if (auth != null) {
        System.err.println("credentials: " + auth.getMessage());
        return new PipelineRun(null, ExitCode.AUTH);
      }
      throw e;
    }
  }

  static <T extends Throwable> T find(Throwable t, Class<T> type) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (type.isInstance(c)) {
        return type.cast(c);
      }
    }
    return null;
  }
}
