package org.ihlbench.transforms.stats;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.MapCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.ihlbench.records.PromptKind;
import org.ihlbench.records.ScoredSample;
import org.ihlbench.records.SummaryRow;
import org.ihlbench.transforms.Records;

/**
 * Refusal and helpful-refusal rates per model x condition x variant x prompt kind, with 95%
 * intervals that match the design: Wilson for one sample per prompt, clustered by prompt when
 * prompts were sampled with several seeds (see {@link Intervals}).
 *
 * <p>One combine per cell whose accumulator holds a tally per prompt (the clusters of the
 * interval): sums that merge in any order, so the work is one pass at any scale.
 */
public final class Aggregate extends PTransform<PCollection<ScoredSample>, PCollection<SummaryRow>> {
  private static final String SEP = "\u001f";
  private final String runId;

  private Aggregate(String runId) {
    this.runId = runId;
  }

  public static Aggregate forRun(String runId) {
    return new Aggregate(runId);
  }

  @Override
  public PCollection<SummaryRow> expand(PCollection<ScoredSample> scored) {
    return scored
        .apply("ByCell", MapElements
            .into(TypeDescriptors.kvs(TypeDescriptors.strings(),
                TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptor.of(Tally.class))))
            .via((ScoredSample s) -> KV.of(cellKey(s), KV.of(s.getPromptId(), Tally.of(s)))))
        .setCoder(KvCoder.of(StringUtf8Coder.of(),
            KvCoder.of(StringUtf8Coder.of(), Tally.TallyCoder.of())))
        .apply("TallyPerPrompt", Combine.perKey(new PromptTallies()))
        .apply("Rates", ParDo.of(new ToRow(runId)))
        .setCoder(Records.coder(SummaryRow.class));
  }

  /**
   * Sums samples per prompt within a cell: the accumulator maps prompt id to its tally, so one
   * combine yields the clusters of the cell's interval, and partial sums merge in any order.
   */
  static final class PromptTallies
      extends Combine.CombineFn<KV<String, Tally>, Map<String, Tally>, Map<String, Tally>> {
    @Override
    public Map<String, Tally> createAccumulator() {
      return new HashMap<>();
    }

    @Override
    public Map<String, Tally> addInput(Map<String, Tally> acc, KV<String, Tally> in) {
      acc.merge(in.getKey(), in.getValue(), Tally::add);
      return acc;
    }

    @Override
    public Map<String, Tally> mergeAccumulators(Iterable<Map<String, Tally>> accs) {
      Map<String, Tally> out = new HashMap<>();
      for (Map<String, Tally> a : accs) {
        a.forEach((k, v) -> out.merge(k, v, Tally::add));
      }
      return out;
    }

    @Override
    public Map<String, Tally> extractOutput(Map<String, Tally> acc) {
      return acc;
    }

    @Override
    public Coder<Map<String, Tally>> getAccumulatorCoder(
        CoderRegistry registry, Coder<KV<String, Tally>> inputCoder) {
      return MapCoder.of(StringUtf8Coder.of(), Tally.TallyCoder.of());
    }

    @Override
    public Coder<Map<String, Tally>> getDefaultOutputCoder(
        CoderRegistry registry, Coder<KV<String, Tally>> inputCoder) {
      return MapCoder.of(StringUtf8Coder.of(), Tally.TallyCoder.of());
    }
  }

  static String cellKey(ScoredSample s) {
    return String.join(SEP, s.getModel(), s.getCondition(), s.getVariant(), s.getKind().name());
  }

  static final class ToRow extends DoFn<KV<String, Map<String, Tally>>, SummaryRow> {
    private final String runId;

    ToRow(String runId) {
      this.runId = runId;
    }

    @ProcessElement
    public void process(@Element KV<String, Map<String, Tally>> cell, OutputReceiver<SummaryRow> out) {
      String[] k = cell.getKey().split(SEP, -1);
      out.output(summarize(runId, k[0], k[1], k[2], PromptKind.valueOf(k[3]),
          cell.getValue().values()));
    }
  }

  /** One summary row from the per-prompt tallies of a cell. */
  public static SummaryRow summarize(String runId, String model, String condition, String variant,
      PromptKind kind, Iterable<Tally> prompts) {
    List<Tally> list = new ArrayList<>();
    prompts.forEach(list::add);
    Tally total = new Tally();
    for (Tally t : list) {
      total = total.add(t);
    }
    long[] refused = new long[list.size()];
    long[] decided = new long[list.size()];
    long[] helpful = new long[list.size()];
    int clusters = 0;
    for (Tally t : list) {
      if (t.n > 0) {
        refused[clusters] = t.refused;
        decided[clusters] = t.n;
        helpful[clusters] = t.helpful;
        clusters++;
      }
    }
    refused = java.util.Arrays.copyOf(refused, clusters);
    decided = java.util.Arrays.copyOf(decided, clusters);
    helpful = java.util.Arrays.copyOf(helpful, clusters);
    Intervals.Interval r = Intervals.clustered(refused, decided);
    Intervals.Interval h = Intervals.clustered(helpful, refused);
    return SummaryRow.newBuilder()
        .setRunId(runId)
        .setModel(model)
        .setCondition(condition)
        .setVariant(variant)
        .setKind(kind)
        .setN(total.n)
        .setClusters(clusters)
        .setRefusals(total.refused)
        .setRefusalRate(r.rate())
        .setRefusalCiLow(r.low())
        .setRefusalCiHigh(r.high())
        .setHelpfulRefusals(total.helpful)
        .setHelpfulRate(h.rate())
        .setHelpfulCiLow(h.low())
        .setHelpfulCiHigh(h.high())
        .setCiMethod(r.method())
        .setErrors(total.errors)
        .setUndecided(total.undecided)
        .setProviderRefusals(total.providerRefusals)
        .setPartialRefusals(total.partials)
        .setLeaksCode(total.leaks)
        .setCostUsd(total.cost)
        .build();
  }
}
