package org.ihlbench.pipeline.run;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptions;
import org.ihlbench.transforms.providers.CallSettings;
import org.ihlbench.transforms.providers.Credentials;
import org.ihlbench.transforms.providers.Endpoint;
import org.ihlbench.transforms.report.RunReport;

/**
 * What a run, a dry run and a rejudge set up alike, once: the run id, where the run writes (its
 * output root, run directory and response store), how it calls (its {@link CallSettings}), its
 * pipeline on the runner the options name, and, after the pipeline, its manifest and report.
 *
 * @param options the command's options (paths, switches and the runner)
 * @param runId {@code --runId}, else the UTC start time and a random suffix
 * @param output {@code --output}, else the config's
 * @param store {@code --store}, else the config's, else {@code <output>/store}
 * @param runDir {@code <output>/runs/<run_id>}
 */
public record RunContext(IhlBenchOptions options, String runId, String output, String store,
    String runDir) {
  private static final DateTimeFormatter RUN_ID_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  /** What a finished run left behind. */
  public record Outcome(String runId, String runDir, RunManifest manifest) {}

  /** Writes a finished pipeline's run.json, given when it ran. */
  @FunctionalInterface
  interface ManifestWriter {
    RunManifest write(Instant started, Instant finished) throws IOException;
  }

  /**
   * The run's paths: the options' where given, else the config's ({@code configuredOutput} is
   * asked only when {@code --output} is absent).
   */
  static RunContext of(IhlBenchOptions options, Supplier<String> configuredOutput,
      String configuredStore) {
    String runId = options.getRunId() != null ? options.getRunId() : newRunId();
    String output = options.getOutput() != null ? options.getOutput() : configuredOutput.get();
    String store = RunPaths.store(options.getStore(), configuredStore, output);
    return new RunContext(options, runId, output, store, RunPaths.runDir(output, runId));
  }

  /**
   * How this run calls: its store, about {@code expectedCalls} calls, shards, budget, progress,
   * patience on a rate limit; each shard reports the pace it kept into the run directory
   * ({@link RunPacing}).
   */
  CallSettings calls(long expectedCalls, int shardsPerBucket, double budgetUsd,
      long rateLimitPatienceSeconds) {
    return CallSettings.of(runId, store)
        .withExpectedCalls(expectedCalls)
        .withShards(shardsPerBucket)
        .withBudget(budgetUsd)
        .withProgressEvery(options.getProgressSeconds())
        .withRateLimitPatience(rateLimitPatienceSeconds)
        .reportingTo(runDir);
  }

  /**
   * An empty pipeline on the options' runner, set up for calls to {@code models} and
   * {@code judges} (on the Direct runner: see {@link #onDirectRunner}).
   */
  Pipeline pipeline(int shardsPerBucket, List<Endpoint> models, List<Endpoint> judges) {
    onDirectRunner(options, shardsPerBucket, models, judges);
    return Pipeline.create(options);
  }

  /** Runs the pipeline to its end, then writes the manifest and the report. */
  Outcome finish(Pipeline p, ManifestWriter manifest) throws IOException {
    Instant started = Instant.now();
    runToDone(p, "the pipeline");
    Instant finished = Instant.now();
    RunManifest m = manifest.write(started, finished);
    RunReport.write(runDir);
    return new Outcome(runId, runDir, m);
  }

  /** Fails before any work when an API key variable is unset. */
  static void checkCredentials(List<Endpoint> endpoints) {
    for (Endpoint e : endpoints) {
      Credentials.apiKey(e);
    }
  }

  /**
   * On the Direct runner: no immutability check, and a thread per rate-limit shard. The check
   * walks the whole pipeline graph for every bundle (ImmutabilityEnforcementFactory
   * .isReadTransform in Beam 2.62), which made a 400-sample demo take minutes; the transforms'
   * own TestPipeline tests keep it on.
   */
  static void onDirectRunner(PipelineOptions options, int shardsPerBucket, List<Endpoint> models,
      List<Endpoint> judges) {
    if (options.getRunner().getSimpleName().equals("DirectRunner")) {
      options.as(DirectOptions.class).setEnforceImmutability(false);
      giveEachShardAThread(options.as(DirectOptions.class), shardsPerBucket, models, judges);
    }
  }

  /**
   * Each rate-limit shard holds a Direct runner worker thread for as long as it calls; with
   * fewer threads than shards, some shards would wait their turn and the limit would go partly
   * unused. Models and judges call in stages that overlap, so their shards are added up.
   */
  static void giveEachShardAThread(DirectOptions direct, int shardsPerBucket,
      List<Endpoint> models, List<Endpoint> judges) {
    long buckets = models.stream().map(Endpoint::rateLimitBucket).distinct().count()
        + judges.stream().map(Endpoint::rateLimitBucket).distinct().count();
    int shards = shardsPerBucket * (int) buckets;
    direct.setTargetParallelism(Math.max(direct.getTargetParallelism(), shards + 2));
  }

  /** Runs the pipeline to its end; anything but success is an error naming {@code what}. */
  static void runToDone(Pipeline p, String what) {
    PipelineResult.State state = p.run().waitUntilFinish();
    if (state != PipelineResult.State.DONE) {
      throw new IllegalStateException(what + " ended in state " + state);
    }
  }

  static String newRunId() {
    return RUN_ID_TIME.format(Instant.now()) + "-" + UUID.randomUUID().toString().substring(0, 6);
  }
}
