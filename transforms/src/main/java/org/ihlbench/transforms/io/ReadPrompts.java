package org.ihlbench.transforms.io;

import java.io.InputStream;
import java.nio.channels.Channels;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.ihlbench.records.DeadLetter;
import org.ihlbench.records.Prompt;
import org.ihlbench.transforms.Buckets;
import org.ihlbench.transforms.Records;

/**
 * Reads a prompt set from any Beam file system path into validated {@link Prompt}s. Rows that
 * cannot be used (bad JSON, missing id or text, unknown rule, duplicate id) become dead letters
 * that name the file, the line and the reason; the valid rows flow on.
 */
public final class ReadPrompts extends PTransform<PBegin, PCollectionTuple> {
  public static final TupleTag<Prompt> PROMPTS = new TupleTag<>() {};
  public static final TupleTag<DeadLetter> REJECTED = new TupleTag<>() {};
  static final String STAGE = "ReadPrompts";

  private final List<String> filepatterns;
  private final PromptFormat format;
  private final String datasetHash;
  private final String runId;
  private final int buckets;
  private final int maxPromptChars;

  private ReadPrompts(List<String> filepatterns, PromptFormat format, String datasetHash,
      String runId, int buckets, int maxPromptChars) {
    this.filepatterns = List.copyOf(filepatterns);
    this.format = format;
    this.datasetHash = datasetHash;
    this.runId = runId;
    this.buckets = buckets;
    this.maxPromptChars = maxPromptChars;
  }

  public static ReadPrompts from(
      List<String> filepatterns, PromptFormat format, String datasetHash, String runId) {
    return new ReadPrompts(filepatterns, format, datasetHash, runId, Buckets.forElements(0),
        PromptFile.DEFAULT_MAX_PROMPT_CHARS);
  }

  /** Sizes the duplicate-id check for about {@code rows} rows. */
  public ReadPrompts withExpectedRows(long rows) {
    return new ReadPrompts(filepatterns, format, datasetHash, runId, Buckets.forElements(rows),
        maxPromptChars);
  }

  /** Rejects prompts longer than {@code chars} characters (dataset.max_prompt_chars). */
  public ReadPrompts withMaxPromptChars(int chars) {
    return new ReadPrompts(filepatterns, format, datasetHash, runId, buckets, chars);
  }

  @Override
  public PCollectionTuple expand(PBegin begin) {
    TupleTag<KV<Integer, Prompt>> parsedTag = new TupleTag<>() {};
    PCollectionTuple parsed = begin
        .apply("Patterns", Create.of(filepatterns))
        .apply("Match", FileIO.matchAll().withEmptyMatchTreatment(EmptyMatchTreatment.DISALLOW))
        .apply("Open", FileIO.readMatches())
        .apply("Parse", ParDo.of(new ParseFile(format, datasetHash, runId, buckets,
                maxPromptChars, parsedTag))
            .withOutputTags(parsedTag, TupleTagList.of(REJECTED)));
    parsed.get(parsedTag).setCoder(KvCoder.of(VarIntCoder.of(), Records.coder(Prompt.class)));
    parsed.get(REJECTED).setCoder(Records.coder(DeadLetter.class));

    PCollectionTuple unique = parsed.get(parsedTag)
        .apply("GroupByIdBucket", GroupByKey.create())
        .apply("FirstOfEachId", ParDo.of(new FirstOfEachId(runId))
            .withOutputTags(PROMPTS, TupleTagList.of(REJECTED)));
    unique.get(PROMPTS).setCoder(Records.coder(Prompt.class));
    unique.get(REJECTED).setCoder(Records.coder(DeadLetter.class));

    PCollection<DeadLetter> rejected = PCollectionList.of(parsed.get(REJECTED))
        .and(unique.get(REJECTED))
        .apply("AllRejected", Flatten.pCollections());
    return PCollectionTuple.of(PROMPTS, unique.get(PROMPTS)).and(REJECTED, rejected);
  }

  /** Parses one file with the format, checks rule numbers against the ICRC table. */
  static final class ParseFile extends DoFn<FileIO.ReadableFile, KV<Integer, Prompt>> {
    private final Counter rows = Metrics.counter(ReadPrompts.class, "rows");
    private final Counter rejected = Metrics.counter(ReadPrompts.class, "rejected");
    private final PromptFormat format;
    private final String datasetHash;
    private final String runId;
    private final int buckets;
    private final int maxPromptChars;
    private final TupleTag<KV<Integer, Prompt>> parsedTag;

    ParseFile(PromptFormat format, String datasetHash, String runId, int buckets,
        int maxPromptChars, TupleTag<KV<Integer, Prompt>> parsedTag) {
      this.maxPromptChars = maxPromptChars;
      this.format = format;
      this.datasetHash = datasetHash;
      this.runId = runId;
      this.buckets = buckets;
      this.parsedTag = parsedTag;
    }

    @ProcessElement
    public void process(@Element FileIO.ReadableFile file, MultiOutputReceiver out) throws Exception {
      String source = file.getMetadata().resourceId().toString();
      try (InputStream in = Channels.newInputStream(file.open())) {
        PromptFile.read(source, in, format, datasetHash, maxPromptChars, new PromptFile.Sink() {
          @Override
          public void prompt(Prompt p) {
            rows.inc();
            out.get(parsedTag).output(KV.of(Buckets.of(p.getId(), buckets), p));
          }

          @Override
          public void reject(long line, PromptFile.Problem problem, String reason, String payload) {
            rows.inc();
            rejected.inc();
            out.get(REJECTED).output(
                DeadLetters.of(runId, STAGE, source, line, reason, payload));
          }
        });
      }
    }
  }

  /** Keeps the first occurrence of each id (by file, then line); later ones are dead letters. */
  static final class FirstOfEachId extends DoFn<KV<Integer, Iterable<Prompt>>, Prompt> {
    private final Counter duplicates = Metrics.counter(ReadPrompts.class, "duplicate_ids");
    private final String runId;

    FirstOfEachId(String runId) {
      this.runId = runId;
    }

    @ProcessElement
    public void process(@Element KV<Integer, Iterable<Prompt>> bucket, MultiOutputReceiver out) {
      Map<String, List<Prompt>> byId = new HashMap<>();
      for (Prompt p : bucket.getValue()) {
        byId.computeIfAbsent(p.getId(), k -> new ArrayList<>()).add(p);
      }
      for (List<Prompt> all : byId.values()) {
        all.sort(Comparator.comparing(Prompt::getSource).thenComparingLong(Prompt::getLine));
        Prompt first = all.get(0);
        out.get(PROMPTS).output(first);
        for (Prompt dup : all.subList(1, all.size())) {
          duplicates.inc();
          out.get(REJECTED).output(DeadLetters.of(runId, STAGE, dup.getSource(), dup.getLine(),
              "duplicate id '" + dup.getId() + "' (first seen at " + first.getSource() + ":"
                  + first.getLine() + ")", dup.getText()));
        }
      }
    }
  }
}
