package org.ihlbench.pipeline.run;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.extensions.avro.io.AvroIO;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.ihlbench.pipeline.config.ConfigException;
import org.ihlbench.pipeline.config.RejudgeConfig;
import org.ihlbench.records.DeadLetter;
import org.ihlbench.records.JudgedSample;
import org.ihlbench.records.ModelResponse;
import org.ihlbench.records.Prompt;
import org.ihlbench.records.ResponseOutcome;
import org.ihlbench.records.Sample;
import org.ihlbench.records.ScoredSample;
import org.ihlbench.records.Transcript;
import org.ihlbench.transforms.Records;
import org.ihlbench.transforms.io.Folder;
import org.ihlbench.transforms.io.RunDirectory;
import org.ihlbench.transforms.io.WriteRun;
import org.ihlbench.transforms.judges.Judge;
import org.ihlbench.transforms.providers.CallSettings;
import org.ihlbench.transforms.run.Aggregate;
import org.ihlbench.transforms.stats.ScoreSamples;
import org.ihlbench.transforms.stats.StatsSettings;

/**
 * Judges the answers an earlier run stored (its judged_samples Avro files) again, with another
 * panel: only Judge, Score, Aggregate and Write run, so no model under test is called; the only
 * calls are the new panel's LLM judges', through the response store like any call.
 */
public final class Rejudge {
  private Rejudge() {}

  public static RunContext.Outcome run(RejudgeOptions options) throws IOException {
    FileSystems.setDefaultPipelineOptions(options);
    RejudgeConfig config = RejudgeConfig.load(Path.of(options.getConfig()), System.getenv());
    RunContext.checkCredentials(config.panel().endpoints());
    String from = trimSlash(options.getFrom());
    JsonNode source = sourceManifest(from);
    RunContext run = RunContext.of(options,
        () -> config.output() != null ? config.output() : outputOf(from), config.store());
    if (trimSlash(run.runDir()).equals(from)) {
      throw new ConfigException("--runId: the rejudged run would overwrite the run it rejudges;"
          + " give another run id or output");
    }
    long expected = source.at("/counts/judged_samples").asLong(0);
    try (RunFolder folder = run.claim("rejudge", true)) {
      CallSettings calls = run.calls(folder, expected, config.shardsPerBucket(),
          config.budgetUsd(), config.rateLimitPatienceSeconds());
      Pipeline p = run.pipeline(config.shardsPerBucket(), List.of(), config.panel().endpoints());
      build(p, config, from, run.runId(), folder.staging(), calls, expected,
          statsFor(config, source));
      return run.finish(p, folder, (started, finished) -> RejudgeManifest.write(run.runDir(),
          run.runId(), config, source, from, options, run.store(), started, finished));
    }
  }

  /** The rejudge's stats section, checked against the conditions and variants of the run. */
  static StatsSettings statsFor(RejudgeConfig config, JsonNode source) {
    List<String> conditions = new ArrayList<>();
    source.path("conditions").forEach(c -> conditions.add(c.path("name").asText()));
    List<String> variants = new ArrayList<>();
    source.path("variants").forEach(v -> variants.add(v.path("name").asText()));
    return config.stats(conditions, variants);
  }

  /** The stored answers, judged by the new panel, aggregated and written. */
  static void build(Pipeline p, RejudgeConfig config, String from, String runId, String runDir,
      CallSettings calls, long expectedSamples, StatsSettings stats) {
    PCollection<Transcript> transcripts = p
        .apply("ListJudged", Folder.list(from, RunDirectory.JUDGED_AVRO))
        .apply("OpenJudged", FileIO.readMatches())
        .apply("ReadJudged", AvroIO.readFiles(JudgedSample.class))
        .setCoder(Records.coder(JudgedSample.class))
        .apply("Unjudge", MapElements.into(TypeDescriptor.of(Transcript.class))
            .via((JudgedSample j) -> transcript(j, runId)))
        .setCoder(Records.coder(Transcript.class));
    PCollection<Sample> samples = transcripts
        .apply("Samples", MapElements.into(TypeDescriptor.of(Sample.class)).via(Transcript::getSample))
        .setCoder(Records.coder(Sample.class));
    PCollection<JudgedSample> judged = transcripts.apply("Judge",
        Judge.by(config.panel().panel()).withExpectedSamples(expectedSamples).withCalls(calls));
    PCollection<ScoredSample> scored = judged.apply("Score", ScoreSamples.create());
    // No prompts were read and no model was called: no prompt counts, and no spend.
    PCollectionTuple
        .of(WriteRun.PROMPTS, p.apply("NoPrompts", Create.empty(Records.coder(Prompt.class))))
        .and(WriteRun.REJECTED, p.apply("NoRejectedRows", Create.empty(Records.coder(DeadLetter.class))))
        .and(WriteRun.SAMPLES, samples)
        .and(WriteRun.JUDGED, judged)
        .and(WriteRun.SCORED, scored)
        .apply("Aggregate", Aggregate.forRun(runId, config.panel().names()).with(stats))
        .apply("Write", WriteRun.to(runDir));
  }

  /**
   * What was asked and answered, as the new run's: its run id on every record, and answers
   * marked as not paid for in this run.
   */
  static Transcript transcript(JudgedSample j, String runId) {
    Sample s = Sample.newBuilder(j.getSample()).setRunId(runId).build();
    ModelResponse old = j.getResponse();
    boolean answered = old.getOutcome() != ResponseOutcome.error;
    ModelResponse r = ModelResponse.newBuilder(old)
        .setRunId(runId)
        .setFromStore(answered || old.getFromStore())
        .setCostUsd(old.getCostUsd() == null ? null : Double.valueOf(0.0))
        .build();
    return new Transcript(s, r);
  }

  /** The earlier run's run.json; fails clearly when the directory is not a finished run. */
  static JsonNode sourceManifest(String from) throws IOException {
    RunDirectory run = RunDirectory.at(from);
    if (!run.has(RunDirectory.JUDGED_AVRO)) {
      throw new ConfigException("--from: " + from + " holds no " + RunDirectory.JUDGED_AVRO
          + "; give the"
          + " directory of a finished run (e.g. out/runs/RUN_ID)");
    }
    return run.manifest().orElseThrow(() -> new ConfigException("--from: " + from + " has no "
        + RunDirectory.MANIFEST + "; its run did not finish"));
  }

  /**
   * The output a run directory belongs to ({@code <output>/runs/<run_id>}), so that a rejudge
   * lands beside the run it rejudges, with the same response store by default.
   */
  public static String outputOf(String runDir) {
    String runs = runDir.substring(0, Math.max(0, runDir.lastIndexOf('/')));
    if (!runs.endsWith("/runs")) {
      throw new ConfigException("--from: " + runDir + " is not <output>/runs/<run_id>; give"
          + " --output (or output in the config) for the rejudged run");
    }
    return runs.substring(0, runs.length() - "/runs".length());
  }

  private static String trimSlash(String s) {
    return Folder.at(s).path();
  }
}
