package org.ihlbench.transforms.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.extensions.avro.io.AvroIO;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.FlatMapElements;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.Sum;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PDone;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.ihlbench.records.DeadLetter;
import org.ihlbench.records.JudgeVerdict;
import org.ihlbench.records.JudgedSample;
import org.ihlbench.records.ModelResponse;
import org.ihlbench.records.ModelSpend;
import org.ihlbench.records.Prompt;
import org.ihlbench.records.ResponseOutcome;
import org.ihlbench.records.Sample;
import org.ihlbench.records.ScoredSample;
import org.ihlbench.records.SummaryRow;

/**
 * The Write stage: every output of a run under its directory, from one tuple of the run's
 * collections.
 *
 * <pre>
 * judged_samples-*.avro      every judged sample, nested (sample, response, verdicts, majority)
 * judged_samples-*.parquet   the same, one flat row each
 * NAME.parquet               every collection tagged with a {@link TableTag}: summary.parquet
 *                            ({@link #SUMMARY}), and the tables Aggregate adds
 * errors/dead_letters.jsonl  input rows that were rejected, with file, line and reason
 * errors/call_errors.jsonl   samples whose call failed, with the error (and, with "judge", each
 *                            judge call that failed)
 * _counts.tsv                counts in and out, and the model versions the APIs reported,
 *                            folded into run.json by the driver
 * _spend.jsonl               spend per model ({@link #SPEND}, when the tuple has it), folded
 *                            into run.json too
 * </pre>
 */
public final class WriteRun extends PTransform<PCollectionTuple, PDone> {
  public static final TupleTag<Prompt> PROMPTS = new TupleTag<>() {};
  public static final TupleTag<DeadLetter> REJECTED = new TupleTag<>() {};
  public static final TupleTag<Sample> SAMPLES = new TupleTag<>() {};
  public static final TupleTag<JudgedSample> JUDGED = new TupleTag<>() {};
  public static final TupleTag<ScoredSample> SCORED = new TupleTag<>() {};
  /** The summary, written as summary.parquet like every table; its rows are also counted. */
  public static final TableTag<SummaryRow> SUMMARY =
      new TableTag<>("summary", SummaryRow.getClassSchema());
  /** Spend per model, from the calls a run made; a rejudge, which calls no model, has none. */
  public static final TupleTag<ModelSpend> SPEND = new TupleTag<>() {};

  public static final String COUNTS_FILE = "_counts.tsv";
  public static final String SPEND_FILE = "_spend.jsonl";
  /** Counts file lines {@code model_version<TAB>model<TAB>version<TAB>samples}. */
  public static final String MODEL_VERSION = "model_version";

  private final String runDir;

  private WriteRun(String runDir) {
    this.runDir = Folder.at(runDir).path();
  }

  public static WriteRun to(String runDir) {
    return new WriteRun(runDir);
  }

  @Override
  public PDone expand(PCollectionTuple in) {
    PCollection<JudgedSample> judged = in.get(JUDGED);
    judged.apply("JudgedAvro", AvroIO.write(JudgedSample.class)
        .to(runDir + "/judged_samples").withSuffix(".avro"));
    in.get(SCORED).apply("JudgedParquet",
        ParquetTable.of(ScoredSample.getClassSchema(), runDir, "judged_samples", 0));
    in.apply("Tables", WriteTables.to(runDir));
    if (in.has(SPEND)) {
      in.get(SPEND)
          .apply("SpendJson", MapElements.into(TypeDescriptors.strings()).via(WriteRun::spendLine))
          .apply("SpendFile", TextIO.write().to(runDir + "/" + SPEND_FILE)
              .withNumShards(1).withShardNameTemplate(""));
    }

    in.get(REJECTED)
        .apply("DeadLetterJson", MapElements.into(TypeDescriptors.strings()).via(WriteRun::json))
        .apply("DeadLetters", TextIO.write().to(runDir + "/errors/dead_letters")
            .withSuffix(".jsonl").withNumShards(1).withShardNameTemplate(""));
    PCollection<String> modelErrors = judged
        .apply("OnlyErrors", Filter.by((JudgedSample j) ->
            j.getResponse().getOutcome() == ResponseOutcome.error))
        .apply("CallErrorJson", MapElements.into(TypeDescriptors.strings()).via(WriteRun::callError));
    // The judges' failed calls too, each with the judge's name: otherwise they would show only
    // as abstentions.
    PCollection<String> judgeErrors = judged
        .apply("JudgeCallErrorJson", FlatMapElements.into(TypeDescriptors.strings())
            .via(WriteRun::judgeCallErrors));
    PCollectionList.of(modelErrors).and(judgeErrors)
        .apply("AllCallErrors", Flatten.pCollections())
        .apply("CallErrors", TextIO.write().to(runDir + "/errors/call_errors")
            .withSuffix(".jsonl").withNumShards(1).withShardNameTemplate(""));

    PCollectionList<KV<String, Long>> counts = PCollectionList
        .of(count(in.get(PROMPTS), "prompts"))
        .and(count(in.get(REJECTED), "rows_rejected"))
        .and(count(in.get(SAMPLES), "samples"))
        .and(count(in.get(SUMMARY), "summary_rows"))
        .and(judged.apply("CountJudged", FlatMapElements
            .into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.longs()))
            .via(WriteRun::judgedCounts)));
    counts
        .apply("AllCounts", Flatten.pCollections())
        .setCoder(KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of()))
        .apply("SumCounts", Sum.longsPerKey())
        .apply("CountLines", MapElements.into(TypeDescriptors.strings())
            .via((KV<String, Long> kv) -> kv.getKey() + "\t" + kv.getValue()))
        .apply("Counts", TextIO.write().to(runDir + "/" + COUNTS_FILE)
            .withNumShards(1).withShardNameTemplate(""));
    return PDone.in(in.getPipeline());
  }

  /** One per element; a count that is absent in the file is zero. */
  private static <T> PCollection<KV<String, Long>> count(PCollection<T> items, String name) {
    return items
        .apply("Count_" + name, MapElements
            .into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.longs()))
            .via((T x) -> KV.of(name, 1L)))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of()));
  }

  /** The counts one judged sample adds to. */
  static List<KV<String, Long>> judgedCounts(JudgedSample j) {
    List<KV<String, Long>> out = new ArrayList<>(4);
    out.add(KV.of("judged_samples", 1L));
    ResponseOutcome outcome = j.getResponse().getOutcome();
    out.add(KV.of(switch (outcome) {
      case answered -> "answered";
      case provider_refusal -> "provider_refusals";
      case error -> "call_errors";
    }, 1L));
    if (j.getResponse().getFromStore()) {
      out.add(KV.of("from_store", 1L));
    }
    if (j.getMajority().getRefused() == null && outcome != ResponseOutcome.error) {
      out.add(KV.of("undecided", 1L));
    }
    if (j.getResponse().getModelVersion() != null) {
      // Which versions each model's API reported: monitoring notices a model changing under
      // the same name.
      out.add(KV.of(MODEL_VERSION + "\t" + j.getSample().getModel().getName() + "\t"
          + j.getResponse().getModelVersion(), 1L));
    }
    return out;
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A dead letter as one JSON line of errors/dead_letters.jsonl. */
  public static String json(DeadLetter d) {
    ObjectNode n = JSON.createObjectNode();
    n.put("run_id", d.getRunId());
    n.put("stage", d.getStage());
    n.put("source", d.getSource());
    if (d.getLine() != null) {
      n.put("line", d.getLine());
    }
    n.put("reason", d.getReason());
    n.put("payload", d.getPayload());
    return n.toString();
  }

  /** A model's spend as one JSON line of _spend.jsonl. */
  public static String spendLine(ModelSpend s) {
    ObjectNode n = JSON.createObjectNode();
    n.put("model", s.getModel());
    n.put("samples", s.getSamples());
    n.put("calls", s.getCalls());
    n.put("from_store", s.getFromStore());
    n.put("errors", s.getErrors());
    n.put("budget_skipped", s.getBudgetSkipped());
    n.put("prompt_tokens", s.getPromptTokens());
    n.put("completion_tokens", s.getCompletionTokens());
    n.put("cost_usd", s.getCostUsd());
    n.put("batched_calls", s.getBatchedCalls());
    return n.toString();
  }

  /** A line per judge whose call for this sample failed ({@code judge} names it). */
  static List<String> judgeCallErrors(JudgedSample j) {
    List<String> out = new ArrayList<>();
    for (JudgeVerdict v : j.getVerdicts()) {
      if (v.getErrorClass() == null) {
        continue;
      }
      ObjectNode n = JSON.createObjectNode();
      n.put("run_id", j.getRunId());
      n.put("sample_id", j.getSample().getSampleId());
      n.put("judge", v.getJudge());
      n.put("model", j.getSample().getModel().getName());
      n.put("condition", j.getSample().getCondition().getName());
      n.put("prompt_id", j.getSample().getPrompt().getId());
      n.put("error_class", v.getErrorClass());
      n.put("error_message", v.getErrorMessage());
      if (v.getHttpStatus() != null) {
        n.put("http_status", v.getHttpStatus());
      }
      out.add(n.toString());
    }
    return out;
  }

  static String callError(JudgedSample j) {
    ModelResponse r = j.getResponse();
    ObjectNode n = JSON.createObjectNode();
    n.put("run_id", j.getRunId());
    n.put("sample_id", j.getSample().getSampleId());
    n.put("model", j.getSample().getModel().getName());
    n.put("condition", j.getSample().getCondition().getName());
    n.put("prompt_id", j.getSample().getPrompt().getId());
    n.put("error_class", r.getErrorClass());
    n.put("error_message", r.getErrorMessage());
    if (r.getHttpStatus() != null) {
      n.put("http_status", r.getHttpStatus());
    }
    n.put("attempts", r.getAttempts());
    return n.toString();
  }
}
