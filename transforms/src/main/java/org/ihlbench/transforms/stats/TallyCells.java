package org.ihlbench.transforms.stats;

import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.ihlbench.records.ScoredSample;

/**
 * The one pass over judged samples: per model, per cell (condition x variant x kind), a tally per
 * prompt with each seed's outcome. One combine with a map accumulator: it partial-combines before
 * the shuffle on any runner, partial sums merge in any order, and the groups are the models, so
 * the Direct runner makes one bundle per model rather than per cell or prompt.
 */
public final class TallyCells
    extends PTransform<PCollection<ScoredSample>, PCollection<KV<String, ModelTallies>>> {

  public static TallyCells create() {
    return new TallyCells();
  }

  public static KvCoder<String, ModelTallies> coder() {
    return KvCoder.of(StringUtf8Coder.of(), ModelTallies.ModelTalliesCoder.of());
  }

  @Override
  public PCollection<KV<String, ModelTallies>> expand(PCollection<ScoredSample> scored) {
    return scored
        .apply("Outcomes", MapElements
            .into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptor.of(SampleOutcome.class)))
            .via((ScoredSample s) -> KV.of(s.getModel(), SampleOutcome.of(s))))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), SampleOutcome.SampleOutcomeCoder.of()))
        .apply("TallyPerPrompt", Combine.perKey(new PerPrompt()))
        .setCoder(coder());
  }

  /** Sums samples per cell and prompt; partial sums merge in any order. */
  static final class PerPrompt extends Combine.CombineFn<SampleOutcome, ModelTallies, ModelTallies> {
    @Override
    public ModelTallies createAccumulator() {
      return new ModelTallies();
    }

    @Override
    public ModelTallies addInput(ModelTallies acc, SampleOutcome s) {
      return acc.add(s);
    }

    @Override
    public ModelTallies mergeAccumulators(Iterable<ModelTallies> accs) {
      ModelTallies out = null;
      for (ModelTallies a : accs) {
        out = out == null ? a : out.merge(a);
      }
      return out == null ? new ModelTallies() : out;
    }

    @Override
    public ModelTallies extractOutput(ModelTallies acc) {
      return acc;
    }

    @Override
    public Coder<ModelTallies> getAccumulatorCoder(
        CoderRegistry registry, Coder<SampleOutcome> inputCoder) {
      return ModelTallies.ModelTalliesCoder.of();
    }

    @Override
    public Coder<ModelTallies> getDefaultOutputCoder(
        CoderRegistry registry, Coder<SampleOutcome> inputCoder) {
      return ModelTallies.ModelTalliesCoder.of();
    }
  }
}
