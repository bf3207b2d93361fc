package org.ihlbench.transforms.stats;

import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.ihlbench.records.ScoredSample;
import org.ihlbench.transforms.Records;

/**
 * The one pass over judged samples: per cell (model x condition x variant x kind, see
 * {@link Cell#key()}), a tally per prompt with each seed's outcome. One combine with a map
 * accumulator, so the work is a single pass that partial-combines before the shuffle on any
 * runner, and the Direct runner makes one bundle per cell rather than per prompt.
 */
public final class TallyCells
    extends PTransform<PCollection<ScoredSample>, PCollection<KV<String, CellTallies>>> {

  public static TallyCells create() {
    return new TallyCells();
  }

  public static KvCoder<String, CellTallies> coder() {
    return KvCoder.of(StringUtf8Coder.of(), CellTallies.CellTalliesCoder.of());
  }

  @Override
  public PCollection<KV<String, CellTallies>> expand(PCollection<ScoredSample> scored) {
    return scored
        .apply("ByCell", WithKeys.of(Cell::keyOf).withKeyType(TypeDescriptors.strings()))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), Records.coder(ScoredSample.class)))
        .apply("TallyPerPrompt", Combine.perKey(new PerPrompt()))
        .setCoder(coder());
  }

  /** Sums samples per prompt within a cell; partial sums merge in any order. */
  static final class PerPrompt extends Combine.CombineFn<ScoredSample, CellTallies, CellTallies> {
    @Override
    public CellTallies createAccumulator() {
      return new CellTallies();
    }

    @Override
    public CellTallies addInput(CellTallies acc, ScoredSample s) {
      return acc.add(s);
    }

    @Override
    public CellTallies mergeAccumulators(Iterable<CellTallies> accs) {
      CellTallies out = null;
      for (CellTallies a : accs) {
        out = out == null ? a : out.merge(a);
      }
      return out == null ? new CellTallies() : out;
    }

    @Override
    public CellTallies extractOutput(CellTallies acc) {
      return acc;
    }

    @Override
    public Coder<CellTallies> getAccumulatorCoder(
        CoderRegistry registry, Coder<ScoredSample> inputCoder) {
      return CellTallies.CellTalliesCoder.of();
    }

    @Override
    public Coder<CellTallies> getDefaultOutputCoder(
        CoderRegistry registry, Coder<ScoredSample> inputCoder) {
      return CellTallies.CellTalliesCoder.of();
    }
  }
}
