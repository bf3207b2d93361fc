package org.ihlbench.transforms.providers;

import java.util.Map;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.Values;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.ihlbench.records.CallEstimate;
import org.ihlbench.records.ModelCall;
import org.ihlbench.transforms.Records;

/**
 * The dry run of {@link CallModels}: the same join with the response store and the same merging
 * of identical requests, but instead of calling, one {@link CallEstimate} per endpoint: how many
 * requests, how many the store answers, how many calls are left, their estimated tokens and their
 * cost at most.
 */
public final class PlanCalls<T> extends PTransform<PCollection<KV<T, ModelCall>>, PCollection<CallEstimate>> {
  private final Map<String, Endpoint> endpoints;
  private final CallSettings settings;

  private PlanCalls(Map<String, Endpoint> endpoints, CallSettings settings) {
    this.endpoints = Map.copyOf(endpoints);
    this.settings = settings;
  }

  public static <T> PlanCalls<T> using(Map<String, Endpoint> endpoints, CallSettings settings) {
    return new PlanCalls<>(endpoints, settings);
  }

  @Override
  public PCollection<CallEstimate> expand(PCollection<KV<T, ModelCall>> requests) {
    return CallModels.split(requests, endpoints, settings).plan()
        .apply("Estimates", Values.create())
        .setCoder(Records.coder(CallEstimate.class))
        .apply("SumPerEndpoint", CallEstimates.perEndpoint());
  }
}
