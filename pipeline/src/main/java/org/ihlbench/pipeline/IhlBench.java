package org.ihlbench.pipeline;

import java.util.Arrays;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.ihlbench.simulator.SimulatorMain;
import org.ihlbench.transforms.providers.ProviderAuthException;

/**
 * The command line:
 *
 * <pre>
 * ihlbench run --config=FILE [--output=DIR] [--runner=DirectRunner|FlinkRunner ...]
 * ihlbench simulator --profile FILE [--port N] [--port-file FILE]
 * </pre>
 *
 * Exit codes: 0 done; 1 the run failed; 2 bad usage or config; 3 prompt rows were rejected
 * (see errors/dead_letters.jsonl; allow with --allowRejectedRows); 4 a provider rejected the
 * credentials or none were set.
 */
public final class IhlBench {
  public static final int OK = 0;
  public static final int FAILED = 1;
  public static final int USAGE = 2;
  public static final int REJECTED_ROWS = 3;
  public static final int AUTH = 4;

  private IhlBench() {}

  public static void main(String[] args) throws Exception {
    System.exit(execute(args));
  }

  /** Runs a command and returns its exit code; tests call this instead of main. */
  public static int execute(String[] args) throws Exception {
    if (args.length == 0 || args[0].equals("help") || args[0].equals("--help")) {
      usage();
      return args.length == 0 ? USAGE : OK;
    }
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    switch (args[0]) {
      case "run":
        return run(rest);
      case "simulator":
        SimulatorMain.main(rest);
        return OK;
      default:
        System.err.println("unknown command '" + args[0] + "'");
        usage();
        return USAGE;
    }
  }

  static int run(String[] args) throws Exception {
    PipelineOptionsFactory.register(IhlBenchOptions.class);
    IhlBenchOptions options =
        PipelineOptionsFactory.fromArgs(args).withValidation().as(IhlBenchOptions.class);
    if (options.getConfig() == null) {
      System.err.println("run: --config=FILE is required");
      return USAGE;
    }
    RunExperiment.Outcome outcome;
    try {
      outcome = RunExperiment.run(options);
    } catch (ConfigException e) {
      System.err.println("config error: " + e.getMessage());
      return USAGE;
    } catch (RuntimeException e) {
      ProviderAuthException auth = find(e, ProviderAuthException.class);
      if (auth != null) {
        System.err.println("credentials: " + auth.getMessage());
        return AUTH;
      }
      throw e;
    }
    RunManifest m = outcome.manifest();
    System.out.println();
    SummaryTable.print(outcome.runDir(), System.out);
    System.out.println();
    System.out.printf("run %s: %d prompts, %d samples, %d judged (%d answered, %d provider"
            + " refusals, %d call errors), %d from the response store%n",
        outcome.runId(), m.count("prompts"), m.count("samples"), m.count("judged_samples"),
        m.count("answered"), m.count("provider_refusals"), m.count("call_errors"),
        m.count("from_store"));
    System.out.println("outputs: " + outcome.runDir() + "/ (summary.parquet, judged_samples-*."
        + "{parquet,avro}, errors/, run.json)");
    if (!m.balanced()) {
      System.err.println("counts do not balance: " + m.count("samples") + " samples in, "
          + m.count("judged_samples") + " judged samples out");
      return FAILED;
    }
    if (m.count("rows_rejected") > 0) {
      System.err.println(m.count("rows_rejected") + " prompt rows were rejected; see "
          + outcome.runDir() + "/errors/dead_letters.jsonl"
          + (options.getAllowRejectedRows() ? "" : " (pass --allowRejectedRows to accept)"));
      return options.getAllowRejectedRows() ? OK : REJECTED_ROWS;
    }
    return OK;
  }

  static <T extends Throwable> T find(Throwable t, Class<T> type) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (type.isInstance(c)) {
        return type.cast(c);
      }
    }
    return null;
  }

  private static void usage() {
    System.err.println(String.join("\n",
        "usage:",
        "  ihlbench run --config=FILE [--output=DIR] [--runId=ID] [--allowRejectedRows]",
        "               [--runner=DirectRunner | --runner=FlinkRunner --flinkMaster=HOST:PORT]",
        "  ihlbench simulator --profile FILE [--port N] [--port-file FILE]"));
  }
}
