package org.ihlbench.pipeline.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.extensions.avro.io.AvroIO;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.ihlbench.pipeline.config.ConfigException;
import org.ihlbench.pipeline.config.JudgeEvalConfig;
import org.ihlbench.records.JudgedSample;
import org.ihlbench.records.Transcript;
import org.ihlbench.transforms.ContentHash;
import org.ihlbench.transforms.Records;
import org.ihlbench.transforms.io.RunDirectory;
import org.ihlbench.transforms.io.WriteTables;
import org.ihlbench.transforms.judges.Judge;
import org.ihlbench.transforms.judges.PanelTables;
import org.ihlbench.transforms.judges.evaluation.EvaluationTables;
import org.ihlbench.transforms.judges.evaluation.JudgeEvaluation;
import org.ihlbench.transforms.judges.evaluation.LabelFormat;
import org.ihlbench.transforms.judges.evaluation.LabelledAnswer;
import org.ihlbench.transforms.judges.evaluation.LabelledAnswers;
import org.ihlbench.transforms.judges.evaluation.LabelledTranscripts;
import org.ihlbench.transforms.providers.CallSettings;

/**
 * Judges a file of labelled answers with a panel and scores every judge and the majority against
 * the labels. The answers go through the same Judge stage as a run's (LLM judges through the
 * response store, pacing, retries, repairs and budget), and the judged samples are written beside
 * the figures, so a disagreement can be looked up.
 */
public final class JudgeEval {
  public static final String REPORT_FILE = "judge_eval.json";
  public static final String FIGURES_FILE = "judge_eval.csv";
  public static final String ITEMS_FILE = "judge_eval_items.csv";
  public static final String BAD_ROWS_FILE = "errors/bad_rows.jsonl";
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** What an evaluation left behind. */
  public record Outcome(String dir, JudgeEvaluation evaluation, LabelledAnswers.Read read, ObjectNode report) {}

  private JudgeEval() {}

  public static Outcome run(JudgeEvalOptions options) throws IOException, LabelledAnswers.FileException {
    FileSystems.setDefaultPipelineOptions(options);
    JudgeEvalConfig config = JudgeEvalConfig.load(Path.of(options.getConfig()), System.getenv());
    LabelFormat format = config.labels();
    if (options.getGroups() != null) {
      format = format.withGroups(Arrays.stream(options.getGroups().split(","))
          .map(String::strip).filter(s -> !s.isEmpty()).toList());
    }
    String file = options.getLabels();
    String text = read(file);
    LabelledAnswers.Read read = LabelledAnswers.parse(file, text, format);
    RunContext.checkCredentials(config.panel().endpoints());

    String id = RunContext.newRunId();
    String root = config.output() != null ? config.output() : "out";
    String dir = RunPaths.trim(options.getOutput() != null ? options.getOutput()
        : RunPaths.file(root, "judge-eval/" + id));
    String store = RunPaths.store(options.getStore(), config.store(), root);
    // The directory's path is literal (Folder): only the file names are a pattern.
    if (RunDirectory.at(dir).has(RunDirectory.JUDGED_AVRO)) {
      throw new ConfigException("--output: " + dir + " already holds an evaluation; give another"
          + " directory");
    }
    String fileHash = ContentHash.sha256Hex(text.getBytes(StandardCharsets.UTF_8));

    JudgeEvaluation evaluation = new JudgeEvaluation(config.panel().names(), format.groups());
    if (!read.answers().isEmpty()) {
      judge(options, config, read.answers(), id, dir, store, fileHash);
      Map<String, LabelledAnswer> byKey = new HashMap<>();
      read.answers().forEach(a -> byKey.put(a.key(), a));
      List<JudgedSample> judged = new ArrayList<>();
      RunDirectory.at(dir).judgedSamples(judged::add);
      // In the file's order, so the per-answer table reads like the file.
      Map<String, JudgedSample> byId = new HashMap<>();
      judged.forEach(j -> byId.put(j.getSample().getSampleId(), j));
      for (LabelledAnswer a : read.answers()) {
        JudgedSample j = byId.get(a.key());
        if (j == null) {
          throw new IllegalStateException("no judged sample came back for " + a.where());
        }
        evaluation.add(a, j);
      }
    }
    ObjectNode report = evaluation.json();
    ObjectNode head = JSON.createObjectNode();
    head.put("id", id);
    head.put("labels_file", file);
    head.put("labels_sha256", fileHash);
    head.put("config", config.file());
    ArrayNode panel = head.putArray("panel");
    config.panel().names().forEach(panel::add);
    if (config.panel().tiebreaker() != null) {
      head.put("tiebreaker", config.panel().tiebreaker());
    }
    head.put("rows", read.rows());
    head.put("bad_rows", read.bad().size());
    head.put("balanced", read.rows() == read.answers().size() + read.bad().size()
        && evaluation.answers() == read.answers().size());
    head.setAll(report);
    ArrayNode bad = head.putArray("bad_row_details");
    for (LabelledAnswers.BadRow b : read.bad()) {
      bad.addObject().put(b.unit(), b.number()).put("column", b.column()).put("reason", b.reason());
    }
    RunPaths.writeText(RunPaths.file(dir, REPORT_FILE), JSON.writeValueAsString(head));
    RunPaths.writeText(RunPaths.file(dir, FIGURES_FILE), EvaluationTables.figures(evaluation));
    RunPaths.writeText(RunPaths.file(dir, ITEMS_FILE), EvaluationTables.items(evaluation));
    StringBuilder badLines = new StringBuilder();
    ObjectMapper line = new ObjectMapper();
    for (LabelledAnswers.BadRow b : read.bad()) {
      badLines.append(line.writeValueAsString(line.createObjectNode().put("source", b.file())
          .put(b.unit(), b.number()).put("column", b.column()).put("reason", b.reason())))
          .append('\n');
    }
    RunPaths.writeText(RunPaths.file(dir, BAD_ROWS_FILE), badLines.toString());
    return new Outcome(dir, evaluation, read, head);
  }

  /** The Judge stage over the answers; judged samples and the panel's tables go to {@code dir}. */
  private static void judge(JudgeEvalOptions options, JudgeEvalConfig config,
      List<LabelledAnswer> answers, String id, String dir, String store, String fileHash) {
    List<Transcript> transcripts = answers.stream()
        .map(a -> LabelledTranscripts.of(a, id, fileHash)).toList();
    CallSettings calls = CallSettings.of(id, store)
        .withExpectedCalls(transcripts.size())
        .withShards(config.shardsPerBucket())
        .withBudget(config.budgetUsd())
        .withProgressEvery(options.getProgressSeconds())
        .withRateLimitPatience(config.rateLimitPatienceSeconds());
    RunContext.onDirectRunner(options, config.shardsPerBucket(), List.of(),
        config.panel().endpoints());
    Pipeline p = Pipeline.create(options);
    PCollection<JudgedSample> judged = p
        .apply("LabelledAnswers", Create.of(transcripts).withCoder(Records.coder(Transcript.class)))
        .apply("Judge", Judge.by(config.panel().panel())
            .withExpectedSamples(transcripts.size()).withCalls(calls));
    judged.apply("JudgedAvro", AvroIO.write(JudgedSample.class)
        .to(dir + "/judged_samples").withSuffix(".avro"));
    judged.apply("PanelTables", PanelTables.of(id, config.panel().names()))
        .apply("WritePanelTables", WriteTables.to(dir));
    RunContext.runToDone(p, "judge-eval");
  }

  private static String read(String file) throws IOException {
    // The user's path, taken literally: opened by name, never matched as a pattern.
    try (InputStream in = Channels.newInputStream(FileSystems.open(
        FileSystems.matchNewResource(file, false)))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
