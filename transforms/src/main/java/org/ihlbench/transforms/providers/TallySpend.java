package org.ihlbench.transforms.providers;

import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.Values;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.ihlbench.records.ModelResponse;
import org.ihlbench.records.ModelSpend;
import org.ihlbench.records.ResponseOutcome;
import org.ihlbench.records.Transcript;
import org.ihlbench.transforms.Records;
import org.ihlbench.transforms.Totals;

/**
 * What each model's calls cost in this run: samples, paid calls, answers reused from the store,
 * errors and budget skips, tokens, and spend from the price table. One combine per model name,
 * so a handful of groups whatever the sample count.
 *
 * <p>A call that served several identical requests carries its cost and attempts on one of
 * them; the others show cost 0 and no attempts (see {@link DispatchCalls}) and are not counted as
 * calls, so the sums are what was spent.
 */
public final class TallySpend extends PTransform<PCollection<Transcript>, PCollection<ModelSpend>> {
  private TallySpend() {}

  public static TallySpend perModel() {
    return new TallySpend();
  }

  @Override
  public PCollection<ModelSpend> expand(PCollection<Transcript> transcripts) {
    return transcripts
        .apply("ByModel", MapElements
            .into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptor.of(ModelSpend.class)))
            .via((Transcript t) -> KV.of(t.getSample().getModel().getName(), of(t))))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), Records.coder(ModelSpend.class)))
        .apply("SumPerModel", Combine.perKey(Totals.ofRecords(ModelSpend.class)))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), Records.coder(ModelSpend.class)))
        .apply("Spend", Values.create())
        .setCoder(Records.coder(ModelSpend.class));
  }

  /** One sample's share. */
  static ModelSpend of(Transcript t) {
    ModelResponse r = t.getResponse();
    ModelSpend s = ModelSpend.newBuilder().setModel(t.getSample().getModel().getName())
        .setSamples(1).build();
    if (r.getFromStore()) {
      s.setFromStore(1);
      return s;
    }
    if (r.getOutcome() == ResponseOutcome.error) {
      s.setErrors(1);
      if (FailureKind.BUDGET.errorClass().equals(r.getErrorClass())) {
        s.setBudgetSkipped(1);
      }
      return s;
    }
    // A merged duplicate shares another sample's call: it made no attempt of its own.
    boolean copy = r.getAttempts() == 0;
    if (!copy) {
      s.setCalls(1);
      s.setPromptTokens(r.getPromptTokens() == null ? 0 : r.getPromptTokens());
      s.setCompletionTokens(r.getCompletionTokens() == null ? 0 : r.getCompletionTokens());
      s.setCostUsd(r.getCostUsd() == null ? 0 : r.getCostUsd());
      if (r.getBatchId() != null) {
        s.setBatchedCalls(1);
      }
    }
    return s;
  }

}
