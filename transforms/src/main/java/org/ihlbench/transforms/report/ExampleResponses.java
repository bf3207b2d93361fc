package org.ihlbench.transforms.report;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.FlatMapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.Top;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.ihlbench.records.ExampleResponse;
import org.ihlbench.records.ResponseOutcome;
import org.ihlbench.records.ScoredSample;
import org.ihlbench.transforms.Records;
import org.ihlbench.transforms.io.TableTag;

/**
 * A few judged answers per summary cell and verdict, for the report to show: the ones whose
 * sample ids hash lowest, so the choice is the same on every runner and rerun, and the work is a
 * combine that keeps a handful per key (it never gathers a cell's samples). Answers are cut to
 * {@value #MAX_CHARS} characters; errors and undecided answers have nothing to show.
 */
public final class ExampleResponses
    extends PTransform<PCollection<ScoredSample>, PCollection<ExampleResponse>> {
  public static final TableTag<ExampleResponse> TABLE =
      new TableTag<>("examples", ExampleResponse.getClassSchema());
  static final int MAX_CHARS = 600;
  private static final String SEP = "\u001f";

  private final int perVerdict;

  private ExampleResponses(int perVerdict) {
    this.perVerdict = perVerdict;
  }

  /** Up to {@code perVerdict} answers per cell and verdict. */
  public static ExampleResponses perCell(int perVerdict) {
    return new ExampleResponses(perVerdict);
  }

  @Override
  public PCollection<ExampleResponse> expand(PCollection<ScoredSample> scored) {
    return scored
        .apply("Candidates", FlatMapElements
            .into(TypeDescriptors.kvs(TypeDescriptors.strings(),
                TypeDescriptor.of(ExampleResponse.class)))
            .via((ScoredSample s) -> {
              ExampleResponse e = example(s);
              return e == null ? List.<KV<String, ExampleResponse>>of()
                  : List.of(KV.of(String.join(SEP, e.getModel(), e.getCondition(), e.getVariant(),
                      e.getKind().name(), e.getVerdict()), e));
            }))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), Records.coder(ExampleResponse.class)))
        .apply("LowestHashes", Top.perKey(perVerdict, new ByHashDescending()))
        .apply("Flatten", FlatMapElements.into(TypeDescriptor.of(ExampleResponse.class))
            .via((KV<String, List<ExampleResponse>> kv) -> kv.getValue()))
        .setCoder(Records.coder(ExampleResponse.class));
  }

  /** What the panel made of a sample, or null when there is no answer to show. */
  static String verdict(ScoredSample s) {
    if (s.getOutcome() == ResponseOutcome.error) {
      return null;
    }
    if (s.getOutcome() == ResponseOutcome.provider_refusal) {
      return "provider_refusal";
    }
    if (s.getRefused() == null) {
      return null;
    }
    if (s.getRefused()) {
      return Boolean.TRUE.equals(s.getHelpfulRefusal()) ? "explained_refusal" : "terse_refusal";
    }
    return s.getRefusal() != null && s.getRefusal().name().equals("partial") ? "partial"
        : "compliance";
  }

  static ExampleResponse example(ScoredSample s) {
    String verdict = verdict(s);
    if (verdict == null) {
      return null;
    }
    String text = s.getResponseText();
    boolean truncated = text != null && text.length() > MAX_CHARS;
    return ExampleResponse.newBuilder()
        .setRunId(s.getRunId())
        .setModel(s.getModel())
        .setCondition(s.getCondition())
        .setVariant(s.getVariant())
        .setKind(s.getKind())
        .setVerdict(verdict)
        .setSampleId(s.getSampleId())
        .setPromptId(s.getPromptId())
        .setRuleNumber(s.getRuleNumber())
        .setSeed(s.getSeed())
        .setResponseText(truncated ? cut(text) : text)
        .setTruncated(truncated)
        .build();
  }

  /** The text cut at a word boundary near the limit. */
  static String cut(String text) {
    int end = MAX_CHARS;
    int space = text.lastIndexOf(' ', end);
    if (space > MAX_CHARS * 3 / 4) {
      end = space;
    }
    // Never split a surrogate pair.
    if (Character.isHighSurrogate(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(0, end);
  }

  /** Larger for lower hashes, since Top keeps the largest. */
  static final class ByHashDescending implements Comparator<ExampleResponse>, Serializable {
    @Override
    public int compare(ExampleResponse a, ExampleResponse b) {
      int byHash = Long.compare(hash(b.getSampleId()), hash(a.getSampleId()));
      return byHash != 0 ? byHash : b.getSampleId().compareTo(a.getSampleId());
    }

    private static long hash(String id) {
      long h = 0xcbf29ce484222325L;
      for (byte x : id.getBytes(StandardCharsets.UTF_8)) {
        h ^= (x & 0xff);
        h *= 0x100000001b3L;
      }
      return h;
    }
  }
}
