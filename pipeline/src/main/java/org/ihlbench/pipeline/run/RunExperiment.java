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
    Setup s = setup(options);
    try (RunFolder folder = s.run().claim("run", true)) {
      Pipeline p = s.pipeline();
      build(p, s.config(), s.dataset(), s.run(), folder.staging(), s.calls(folder));
      return s.run().finish(p, folder, (started, finished) -> RunManifest.write(s.run().runDir(),
          s.run().runId(), s.config(), s.dataset(), options, s.run().store(), started, finished));
    }
  }

  /**
   * {@code --submitOnly}: the calls alone. Live calls are made; batches are submitted and those
   * that have ended collected (their answers go to the store), and nothing is waited for. No
   * results are written: the same command without the switch, later, writes them. The run
   * folder is held meanwhile, and left as it was.
   */
  public static BatchPlan.Pending submit(IhlBenchOptions options) throws IOException {
    Setup s = setup(options);
    try (RunFolder folder = s.run().claim("run", true)) {
      Pipeline p = s.pipeline();
      judge(p, s.config(), s.dataset(), s.run(), s.calls(folder));
      RunContext.runToDone(p, "the submit-only run");
    }
    return BatchPlan.pending(s.run().store(), s.config().endpoints());
  }

  /** What every run of the experiment reads first: its config, dataset and run context. */
  private record Setup(ExperimentConfig config, DatasetIdentity dataset, RunContext run,
      IhlBenchOptions options) {

    CallSettings calls(RunFolder folder) {
      return run.calls(folder, dataset.lines() * config.design().samplesPerPrompt(),
          config.shardsPerBucket(), config.budgetUsd(), config.rateLimitPatienceSeconds())
          .withBatch(config.batch().withSubmitOnly(options.getSubmitOnly()));
    }

    Pipeline pipeline() {
      return run.pipeline(config.shardsPerBucket(), config.models(),
          config.panelConfig().endpoints());
    }
  }

  private static Setup setup(IhlBenchOptions options) throws IOException {
    FileSystems.setDefaultPipelineOptions(options);
    ExperimentConfig config = ExperimentConfig.load(Path.of(options.getConfig()));
    RunContext.checkCredentials(config.endpoints());
    DatasetIdentity dataset = DatasetIdentity.of(config.datasetPaths());
    DatasetCheck.columns(config.format(), dataset.files());
    RunContext run = RunContext.of(options, config::output, config.store());
    return new Setup(config, dataset, run, options);
  }

  /** What the stages up to Judge make: the prompts read, the samples, answers and verdicts. */
  private record Judged(PCollectionTuple read, PCollection<Sample> samples,
      PCollection<Transcript> transcripts, PCollection<JudgedSample> judged) {}

  /** The stages that call models: ReadPrompts, Expand, Generate, Judge. */
  private static Judged judge(Pipeline p, ExperimentConfig config, DatasetIdentity dataset,
      RunContext run, CallSettings calls) {
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
    return new Judged(read, samples, transcripts, judged);
  }

  /** The whole pipeline, stage by stage; its outputs go to {@code writeTo}. */
  static void build(Pipeline p, ExperimentConfig config, DatasetIdentity dataset, RunContext run,
      String writeTo, CallSettings calls) {
    Judged j = judge(p, config, dataset, run, calls);
    PCollectionTuple read = j.read();
    PCollection<Sample> samples = j.samples();
    PCollection<Transcript> transcripts = j.transcripts();
    PCollection<JudgedSample> judged = j.judged();
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
