package org.ihlbench.pipeline;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.ihlbench.records.JudgedSample;
import org.ihlbench.records.Prompt;
import org.ihlbench.records.Sample;
import org.ihlbench.records.ScoredSample;
import org.ihlbench.records.SummaryRow;
import org.ihlbench.records.Transcript;
import org.ihlbench.transforms.expand.Expand;
import org.ihlbench.transforms.io.ReadPrompts;
import org.ihlbench.transforms.io.WriteRun;
import org.ihlbench.transforms.io.WriteTables;
import org.ihlbench.transforms.judges.Judge;
import org.ihlbench.transforms.judges.WritePanelTables;
import org.ihlbench.transforms.providers.CallSettings;
import org.ihlbench.transforms.providers.Credentials;
import org.ihlbench.transforms.providers.Endpoint;
import org.ihlbench.transforms.providers.Generate;
import org.ihlbench.transforms.providers.TallySpend;
import org.ihlbench.transforms.report.ExampleResponses;
import org.ihlbench.transforms.report.RunReport;
import org.ihlbench.transforms.stats.AggregateTables;
import org.ihlbench.transforms.stats.ScoreSamples;
import org.ihlbench.transforms.stats.StatsSettings;

/** Runs one experiment end to end and writes its run directory and manifest. */
public final class RunExperiment {
  private static final DateTimeFormatter RUN_ID_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  /** What a finished run left behind. */
  public record Outcome(String runId, String runDir, RunManifest manifest) {}

  private RunExperiment() {}

  public static Outcome run(IhlBenchOptions options) throws IOException {
    FileSystems.setDefaultPipelineOptions(options);
    ExperimentConfig config = ExperimentConfig.load(java.nio.file.Path.of(options.getConfig()));
    checkCredentials(config.endpoints());
    DatasetIdentity dataset = DatasetIdentity.of(config.datasetPaths());
    DatasetCheck.columns(config.format(), dataset.files());
    String runId = options.getRunId() != null ? options.getRunId() : newRunId();
    String output = options.getOutput() != null ? options.getOutput() : config.output();
    String store = RunPaths.store(options.getStore(), config.store(), output);
    String runDir = RunPaths.runDir(output, runId);
    long expectedSamples = dataset.lines() * config.design().samplesPerPrompt();
    CallSettings calls = CallSettings.of(runId, store)
        .withExpectedCalls(expectedSamples)
        .withShards(config.shardsPerBucket())
        .withBudget(config.budgetUsd())
        .withProgressEvery(options.getProgressSeconds())
        .withRateLimitPatience(config.rateLimitPatienceSeconds())
        .reportingTo(runDir);

    onDirectRunner(options, config.shardsPerBucket(), config.models(),
        config.panelConfig().endpoints());
    Pipeline p = Pipeline.create(options);
    build(p, config, dataset, runId, runDir, calls);
    Instant started = Instant.now();
    runToDone(p, "the pipeline");
    Instant finished = Instant.now();
    RunManifest manifest = RunManifest.write(runDir, runId, config, dataset, options, store,
        started, finished);
    RunReport.write(runDir);
    return new Outcome(runId, runDir, manifest);
  }

  /** The whole pipeline, stage by stage. */
  static void build(Pipeline p, ExperimentConfig config, DatasetIdentity dataset, String runId,
      String runDir, CallSettings calls) {
    PCollectionTuple read = p.apply("ReadPrompts",
        ReadPrompts.from(config.datasetPaths(), config.format(), dataset.hash(), runId)
            .withExpectedRows(dataset.lines()));
    PCollection<Prompt> prompts = read.get(ReadPrompts.PROMPTS);
    PCollection<Sample> samples = prompts.apply("Expand", Expand.by(config.design(), runId));
    PCollection<Transcript> transcripts = samples.apply("Generate", Generate.with(
        config.endpointsByModel(), config.design().systemPromptsByHash(), calls));
    transcripts.apply("Spend", TallySpend.perModel()).apply("WriteSpend", RunSpend.write(runDir));
    PCollection<JudgedSample> judged = transcripts.apply("Judge",
        Judge.by(config.panel()).withExpectedSamples(calls.expectedCalls())
            .withCalls(calls.withBudget(config.judgeBudgetUsd())));
    PCollection<ScoredSample> scored = judged.apply("Score", ScoreSamples.create());
    PCollectionTuple tables = tables(scored, runId, config.stats());
    PCollection<SummaryRow> summary = tables.get(AggregateTables.SUMMARY);

    PCollectionTuple.of(WriteRun.PROMPTS, prompts)
        .and(WriteRun.REJECTED, read.get(ReadPrompts.REJECTED))
        .and(WriteRun.SAMPLES, samples)
        .and(WriteRun.JUDGED, judged)
        .and(WriteRun.SCORED, scored)
        .and(WriteRun.SUMMARY, summary)
        .apply("Write", WriteRun.to(runDir));
    tables.apply("WriteTables", WriteTables.to(runDir));
    judged.apply("PanelTables", WritePanelTables.to(runDir, runId, config.panelConfig().names()));
  }

  /**
   * The run's tables from its scored samples: summary, breakdowns, paired deltas (Aggregate)
   * and example answers per cell; a run and a rejudge write the same ones.
   */
  static PCollectionTuple tables(PCollection<ScoredSample> scored, String runId,
      StatsSettings stats) {
    return scored.apply("Aggregate", AggregateTables.forRun(runId).with(stats))
        .and(ExampleResponses.TABLE, scored.apply("Examples", ExampleResponses.perCell(2)));
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

  /** Runs the pipeline to its end; anything but success is an error naming {@code what}. */
  static void runToDone(Pipeline p, String what) {
    PipelineResult.State state = p.run().waitUntilFinish();
    if (state != PipelineResult.State.DONE) {
      throw new IllegalStateException(what + " ended in state " + state);
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

  /** Fails before any work when a model's API key variable is unset. */
  static void checkCredentials(List<Endpoint> endpoints) {
    for (Endpoint e : endpoints) {
      Credentials.apiKey(e);
    }
  }

  static String newRunId() {
    return RUN_ID_TIME.format(Instant.now()) + "-" + UUID.randomUUID().toString().substring(0, 6);
  }
}
