package org.ihlbench.pipeline.run;

import java.io.IOException;
import java.nio.file.Path;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.ihlbench.pipeline.config.ExperimentConfig;
import org.ihlbench.records.JudgedSample;
import org.ihlbench.records.Sample;
import org.ihlbench.records.ScoredSample;
import org.ihlbench.records.Transcript;
import org.ihlbench.transforms.expand.Expand;
import org.ihlbench.transforms.io.DatasetCheck;
import org.ihlbench.transforms.io.DatasetIdentity;
import org.ihlbench.transforms.io.ReadPrompts;
import org.ihlbench.transforms.io.WriteRun;
import org.ihlbench.transforms.judges.Judge;
import org.ihlbench.transforms.providers.CallSettings;
import org.ihlbench.transforms.providers.Generate;
import org.ihlbench.transforms.run.Aggregate;
import org.ihlbench.transforms.stats.ScoreSamples;

/** Runs one experiment end to end and writes its run directory and manifest. */
public final class RunExperiment {
  private RunExperiment() {}

  public static RunContext.Outcome run(IhlBenchOptions options) throws IOException {
    FileSystems.setDefaultPipelineOptions(options);
    ExperimentConfig config = ExperimentConfig.load(Path.of(options.getConfig()));
    RunContext.checkCredentials(config.endpoints());
    DatasetIdentity dataset = DatasetIdentity.of(config.datasetPaths());
    DatasetCheck.columns(config.format(), dataset.files());
    RunContext run = RunContext.of(options, config::output, config.store());
    try (RunFolder folder = run.claim("run", true)) {
      CallSettings calls = run.calls(folder, dataset.lines() * config.design().samplesPerPrompt(),
          config.shardsPerBucket(), config.budgetUsd(), config.rateLimitPatienceSeconds());
      Pipeline p = run.pipeline(config.shardsPerBucket(), config.models(),
          config.panelConfig().endpoints());
      build(p, config, dataset, run, folder.staging(), calls);
      return run.finish(p, folder, (started, finished) -> RunManifest.write(run.runDir(),
          run.runId(), config, dataset, options, run.store(), started, finished));
    }
  }

  /** The whole pipeline, stage by stage; its outputs go to {@code writeTo}. */
  static void build(Pipeline p, ExperimentConfig config, DatasetIdentity dataset, RunContext run,
      String writeTo, CallSettings calls) {
    PCollectionTuple read = p.apply("ReadPrompts",
        ReadPrompts.from(config.datasetPaths(), config.format(), dataset.hash(), run.runId())
            .withExpectedRows(dataset.lines()).withMaxPromptChars(config.maxPromptChars()));
    PCollection<Sample> samples = read.get(ReadPrompts.PROMPTS)
        .apply("Expand", Expand.by(config.design(), run.runId()));
    PCollection<Transcript> transcripts = samples.apply("Generate", Generate.with(
        config.endpointsByModel(), config.design().systemPromptsByHash(), calls));
    PCollection<JudgedSample> judged = transcripts.apply("Judge",
        Judge.by(config.panel()).withExpectedSamples(calls.expectedCalls())
            .withCalls(calls.withBudget(config.judgeBudgetUsd())));
    PCollection<ScoredSample> scored = judged.apply("Score", ScoreSamples.create());
    PCollectionTuple.of(WriteRun.PROMPTS, read.get(ReadPrompts.PROMPTS))
        .and(WriteRun.REJECTED, read.get(ReadPrompts.REJECTED))
        .and(WriteRun.SAMPLES, samples)
        .and(Aggregate.TRANSCRIPTS, transcripts)
        .and(WriteRun.JUDGED, judged)
        .and(WriteRun.SCORED, scored)
        .apply("Aggregate", Aggregate.forRun(run.runId(), config.panelConfig().names())
            .with(config.stats()))
        .apply("Write", WriteRun.to(writeTo));
  }
}
