package org.ihlbench.pipeline.cli;

import java.io.IOException;
import java.util.concurrent.Callable;
import org.ihlbench.pipeline.config.ConfigException;
import org.ihlbench.pipeline.run.OutputNotWritableException;
import org.ihlbench.pipeline.run.RunFolderInUseException;
import org.ihlbench.transforms.io.PromptFormatException;
import org.ihlbench.transforms.providers.ProviderAuthException;

/** A pipeline command's outcome, or (outcome null) the exit code it failed with. */
record PipelineRun<T>(T outcome, ExitCode exitCode) {

  /**
   * Runs a pipeline for a command, each failure a message of one line on stderr: a config error
   * or a run folder another live run holds is exit 2; credentials a provider rejected exit 4;
   * an output that cannot be written, or any other file-system failure, exit 1 with the path and
   * the reason. Anything else (a bug) propagates with its stack trace.
   */
  static <T> PipelineRun<T> of(Callable<T> pipeline) throws Exception {
    try {
      return new PipelineRun<>(pipeline.call(), ExitCode.OK);
    } catch (ConfigException | PromptFormatException e) {
      // A prompt set that cannot be read as configured is the config's error too.
      System.err.println("config error: " + e.getMessage());
      return new PipelineRun<>(null, ExitCode.USAGE);
    } catch (RunFolderInUseException e) {
      System.err.println(e.getMessage());
      return new PipelineRun<>(null, ExitCode.USAGE);
    } catch (IOException e) {
      System.err.println(e instanceof OutputNotWritableException ? e.getMessage()
          : "i/o failure: " + OutputNotWritableException.reason(e));
      return new PipelineRun<>(null, ExitCode.FAILED);
    } catch (RuntimeException e) {
      ProviderAuthException auth = find(e, ProviderAuthException.class);
      if (auth != null) {
        System.err.println("credentials: " + auth.getMessage());
        return new PipelineRun<>(null, ExitCode.AUTH);
      }
      IOException io = find(e, IOException.class);
      if (io != null) {
        // A file-system failure inside the pipeline (a disk that filled up, a bucket that went
        // away): the run's paid answers are in the response store; the message says where.
        System.err.println("the run failed writing its files: "
            + OutputNotWritableException.reason(io));
        return new PipelineRun<>(null, ExitCode.FAILED);
      }
      throw e;
    }
  }

  static <E extends Throwable> E find(Throwable t, Class<E> type) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (type.isInstance(c)) {
        return type.cast(c);
      }
    }
    return null;
  }
}
