package org.ihlbench.transforms.report;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.MapCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.FlatMapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.WithKeys;
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
 * combine that keeps a handful per cell and verdict (it never gathers a cell's samples). Answers are cut to
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
        .apply("ByModel", WithKeys.of(ScoredSample::getModel).withKeyType(TypeDescriptors.strings()))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), Records.coder(ScoredSample.class)))
        .apply("LowestHashes", Combine.perKey(new LowestHashes(perVerdict)))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), LowestHashes.CODER))
        .apply("Flatten", FlatMapElements.into(TypeDescriptor.of(ExampleResponse.class))
            .via((KV<String, Map<String, List<ExampleResponse>>> kv) -> {
              List<ExampleResponse> all = new ArrayList<>();
              kv.getValue().values().forEach(all::addAll);
              return all;
            }))
        .setCoder(Records.coder(ExampleResponse.class));
  }

  /**
   * Per model, the {@code k} answers with the lowest sample-id hashes per cell and verdict. Keyed
   * by model (few groups) with a map accumulator, rather than one group per cell and verdict.
   */
  static final class LowestHashes extends Combine.CombineFn<ScoredSample,
      Map<String, List<ExampleResponse>>, Map<String, List<ExampleResponse>>> {
    static final Coder<Map<String, List<ExampleResponse>>> CODER = MapCoder.of(
        StringUtf8Coder.of(), ListCoder.of(Records.coder(ExampleResponse.class)));
    private static final Comparator<ExampleResponse> ORDER = new ByHashDescending().reversed();
    private final int k;

    LowestHashes(int k) {
      this.k = k;
    }

    @Override
    public Map<String, List<ExampleResponse>> createAccumulator() {
      return new HashMap<>();
    }

    @Override
    public Map<String, List<ExampleResponse>> addInput(Map<String, List<ExampleResponse>> acc,
        ScoredSample s) {
      String verdict = verdict(s);
      if (verdict != null) {
        String key = String.join(SEP, s.getCondition(), s.getVariant(), s.getKind().name(), verdict);
        List<ExampleResponse> kept = acc.computeIfAbsent(key, x -> new ArrayList<>(k + 1));
        // Build the (cut) record only when it would be kept.
        if (kept.size() < k || ByHashDescending.hash(s.getSampleId())
            < ByHashDescending.hash(kept.get(kept.size() - 1).getSampleId())) {
          keep(kept, example(s));
        }
      }
      return acc;
    }

    private void keep(List<ExampleResponse> kept, ExampleResponse e) {
      kept.add(e);
      kept.sort(ORDER);
      while (kept.size() > k) {
        kept.remove(kept.size() - 1);
      }
    }

    @Override
    public Map<String, List<ExampleResponse>> mergeAccumulators(
        Iterable<Map<String, List<ExampleResponse>>> accs) {
      Map<String, List<ExampleResponse>> out = new HashMap<>();
      for (Map<String, List<ExampleResponse>> a : accs) {
        a.forEach((key, list) -> {
          List<ExampleResponse> kept = out.computeIfAbsent(key, x -> new ArrayList<>(k + 1));
          list.forEach(e -> keep(kept, e));
        });
      }
      return out;
    }

    @Override
    public Map<String, List<ExampleResponse>> extractOutput(Map<String, List<ExampleResponse>> acc) {
      return acc;
    }

    @Override
    public Coder<Map<String, List<ExampleResponse>>> getAccumulatorCoder(
        CoderRegistry registry, Coder<ScoredSample> inputCoder) {
      return CODER;
    }
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

  /** Orders by sample-id hash, highest first (reversed: the lowest first, the ones kept). */
  static final class ByHashDescending implements Comparator<ExampleResponse>, Serializable {
    @Override
    public int compare(ExampleResponse a, ExampleResponse b) {
      int byHash = Long.compare(hash(b.getSampleId()), hash(a.getSampleId()));
      return byHash != 0 ? byHash : b.getSampleId().compareTo(a.getSampleId());
    }

    static long hash(String id) {
      long h = 0xcbf29ce484222325L;
      for (byte x : id.getBytes(StandardCharsets.UTF_8)) {
        h ^= (x & 0xff);
        h *= 0x100000001b3L;
      }
      return h;
    }
  }
}
