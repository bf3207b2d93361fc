package org.ihlbench.transforms.stats;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.ihlbench.records.PairedDelta;
import org.ihlbench.records.PromptKind;
import org.ihlbench.transforms.Records;

/**
 * Per model, the change from the reference condition to each other condition and from the
 * reference variant to each other variant ({@link Comparisons}), over samples matched on prompt,
 * seed and the other axis, with an interval and a test clustered by prompt
 * ({@link PairedComparison}); then Holm's adjustment across the models compared on the same
 * contrast, kind and metric.
 *
 * <p>Each model's tallies already hold all its cells, so the comparisons need no shuffle; the Holm
 * step gathers the (few, small) delta rows of all models in one group.
 */
public final class PairedDeltas
    extends PTransform<PCollection<KV<String, ModelTallies>>, PCollection<PairedDelta>> {
  private static final String SEP = "\u001f";
  private final String runId;
  private final StatsSettings settings;

  private PairedDeltas(String runId, StatsSettings settings) {
    this.runId = runId;
    this.settings = settings;
  }

  public static PairedDeltas forRun(String runId, StatsSettings settings) {
    return new PairedDeltas(runId, settings);
  }

  @Override
  public PCollection<PairedDelta> expand(PCollection<KV<String, ModelTallies>> models) {
    return models
        .apply("Compare", ParDo.of(new Compare(runId, settings)))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), Records.coder(PairedDelta.class)))
        .apply("AllModels", GroupByKey.create())
        .apply("Holm", ParDo.of(new AdjustFamilies()))
        .setCoder(Records.coder(PairedDelta.class));
  }

  /** Every contrast of one model, under one key so that Holm sees every model at once. */
  static final class Compare extends DoFn<KV<String, ModelTallies>, KV<String, PairedDelta>> {
    private final String runId;
    private final StatsSettings settings;

    Compare(String runId, StatsSettings settings) {
      this.runId = runId;
      this.settings = settings;
    }

    @ProcessElement
    public void process(@Element KV<String, ModelTallies> model,
        OutputReceiver<KV<String, PairedDelta>> out) {
      for (PairedDelta d : compare(runId, model.getKey(), model.getValue(), settings)) {
        out.output(KV.of("all", d));
      }
    }
  }

  /** The paired deltas of one model's cells, before Holm's adjustment. */
  public static List<PairedDelta> compare(String runId, String model, ModelTallies ofModel,
      StatsSettings settings) {
    Map<Cell, CellTallies> cells = new HashMap<>();
    Set<String> conditions = new TreeSet<>();
    Set<String> variants = new TreeSet<>();
    Set<PromptKind> kinds = new TreeSet<>();
    for (Map.Entry<String, CellTallies> kv : ofModel.cells().entrySet()) {
      Cell c = Cell.parse(kv.getKey());
      cells.put(c, kv.getValue());
      conditions.add(c.condition());
      variants.add(c.variant());
      kinds.add(c.kind());
    }
    Resampling.Cache resampling =
        new Resampling.Cache(settings.bootstrapReplicates(), settings.permutations());
    List<PairedDelta> out = new ArrayList<>();
    for (Comparisons.Contrast k : Comparisons.among(conditions, variants, settings)) {
      for (PromptKind kind : kinds) {
        CellTallies from = cells.get(new Cell(model, k.conditionFrom(), k.variantFrom(), kind));
        CellTallies to = cells.get(new Cell(model, k.conditionTo(), k.variantTo(), kind));
        if (from == null || to == null) {
          continue;
        }
        List<String> ids = new ArrayList<>(new TreeSet<>(from.prompts.keySet()));
        ids.retainAll(to.prompts.keySet());
        for (Metric metric : Metric.values()) {
          List<PairTally> tallies = new ArrayList<>(ids.size());
          for (String id : ids) {
            tallies.add(PairTally.match(from.prompts.get(id).seeds, to.prompts.get(id).seeds,
                metric));
          }
          out.add(row(runId, model, kind, k, metric,
              PairedComparison.of(ids, tallies, resampling)));
        }
      }
    }
    return out;
  }

  private static PairedDelta row(String runId, String model, PromptKind kind,
      Comparisons.Contrast k, Metric metric, PairedComparison.Result r) {
    return PairedDelta.newBuilder()
        .setRunId(runId)
        .setModel(model)
        .setKind(kind)
        .setComparison(k.comparison())
        .setConditionFrom(k.conditionFrom())
        .setConditionTo(k.conditionTo())
        .setVariantFrom(k.variantFrom())
        .setVariantTo(k.variantTo())
        .setMetric(metric.column())
        .setPairs(r.pairs())
        .setClusters(r.clusters())
        .setBoth(r.both())
        .setFromOnly(r.fromOnly())
        .setToOnly(r.toOnly())
        .setNeither(r.neither())
        .setRateFrom(r.rateFrom())
        .setRateTo(r.rateTo())
        .setDelta(r.delta())
        .setCiLow(r.ciLow())
        .setCiHigh(r.ciHigh())
        .setCiMethod(r.ciMethod())
        .setCiSe(Intervals.orNull(r.ciSe()))
        .setCiDf(Intervals.orNull(r.ciDf()))
        .setBootLow(r.bootLow())
        .setBootHigh(r.bootHigh())
        .setBootReplicates(r.bootReplicates())
        .setTest(r.test())
        .setPValue(r.pValue())
        .setPHolm(Double.NaN)
        .setFamilySize(0)
        .setSignificant(false)
        .build();
  }

  /** The Holm family of a delta: the same contrast, kind and metric, across models. */
  static String family(PairedDelta d) {
    return String.join(SEP, d.getComparison(), d.getConditionFrom(), d.getConditionTo(),
        d.getVariantFrom(), d.getVariantTo(), d.getKind().name(), d.getMetric());
  }

  /** Holm's adjustment within each family of the run's deltas. */
  static final class AdjustFamilies extends DoFn<KV<String, Iterable<PairedDelta>>, PairedDelta> {
    @ProcessElement
    public void process(@Element KV<String, Iterable<PairedDelta>> all,
        OutputReceiver<PairedDelta> out) {
      Map<String, List<PairedDelta>> families = new TreeMap<>();
      for (PairedDelta d : all.getValue()) {
        families.computeIfAbsent(family(d), k -> new ArrayList<>()).add(d);
      }
      families.values().forEach(f -> adjust(f).forEach(out::output));
    }
  }

  /** The family's deltas with p_holm, family_size and significant set. */
  public static List<PairedDelta> adjust(Iterable<PairedDelta> family) {
    List<PairedDelta> rows = new ArrayList<>();
    family.forEach(rows::add);
    rows.sort((a, b) -> a.getModel().compareTo(b.getModel()));
    double[] p = new double[rows.size()];
    int tests = 0;
    for (int i = 0; i < p.length; i++) {
      p[i] = rows.get(i).getPValue();
      tests += Double.isNaN(p[i]) ? 0 : 1;
    }
    double[] adjusted = Holm.adjust(p);
    List<PairedDelta> out = new ArrayList<>(rows.size());
    for (int i = 0; i < p.length; i++) {
      out.add(PairedDelta.newBuilder(rows.get(i))
          .setPHolm(adjusted[i])
          .setFamilySize(tests)
          .setSignificant(adjusted[i] < 0.05)
          .build());
    }
    return out;
  }
}
