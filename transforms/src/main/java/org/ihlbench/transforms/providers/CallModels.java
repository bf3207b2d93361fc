package org.ihlbench.transforms.providers;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.IterableCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Partition;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.transforms.join.CoGbkResult;
import org.apache.beam.sdk.transforms.join.CoGroupByKey;
import org.apache.beam.sdk.transforms.join.KeyedPCollectionTuple;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.ihlbench.records.CallEstimate;
import org.ihlbench.records.CallResult;
import org.ihlbench.records.ModelCall;
import org.ihlbench.transforms.Buckets;
import org.ihlbench.transforms.Records;
import org.ihlbench.transforms.Totals;
import org.ihlbench.transforms.ratelimit.Backoff;
import org.ihlbench.transforms.store.ResponseStore;

/**
 * The call machinery every stage that talks to models shares (Generate, Judge): each requester
 * {@code T} asks for one {@link ModelCall}; each gets back one {@link CallResult}.
 *
 * <ol>
 *   <li>Calls are grouped by content key and joined with the response store: a stored answer
 *       serves every requester of that key, and identical calls within a run are made once.
 *   <li>The misses are dealt evenly to {@code shardsPerBucket} keys per rate-limit bucket and
 *       grouped, so each shard is paced by one loop at limit / shards whatever the parallelism.
 *   <li>Before any call, the misses are estimated per shard (calls, tokens, cost): each shard gets
 *       a share of the budget in proportion to its estimated cost, so the budget holds across
 *       workers, and progress lines know how many calls the run makes.
 *   <li>{@link DispatchCalls} makes them, journaling each answer to the store as it arrives;
 *       the calls of endpoints in batch mode go, one group per endpoint, to {@link BatchCalls},
 *       which makes them through the provider's batch API with the same guarantees.
 * </ol>
 */
public final class CallModels<T>
    extends PTransform<PCollection<KV<T, ModelCall>>, PCollection<KV<T, CallResult>>> {
  private final Map<String, Endpoint> endpoints;
  private final CallSettings settings;
  private final Backoff backoff;
  private final String label;

  private CallModels(Map<String, Endpoint> endpoints, CallSettings settings, Backoff backoff,
      String label) {
    this.endpoints = Map.copyOf(endpoints);
    this.settings = settings;
    this.backoff = backoff;
    this.label = label;
  }

  /** @param endpoints by endpoint name, the name each {@link ModelCall} gives */
  public static <T> CallModels<T> using(Map<String, Endpoint> endpoints, CallSettings settings) {
    return new CallModels<>(endpoints, settings, Backoff.standard(), "calls");
  }

  public CallModels<T> withBackoff(Backoff b) {
    return new CallModels<>(endpoints, settings, b, label);
  }

  /** Names these calls in progress lines ("generate", "judge"); each name has its own line. */
  public CallModels<T> labelled(String name) {
    return new CallModels<>(endpoints, settings, backoff, name);
  }

  @Override
  public PCollection<KV<T, CallResult>> expand(PCollection<KV<T, ModelCall>> requests) {
    @SuppressWarnings("unchecked")
    Coder<T> ownerCoder = ((KvCoder<T, ModelCall>) requests.getCoder()).getKeyCoder();
    KvCoder<T, CallResult> outCoder = KvCoder.of(ownerCoder, Records.coder(CallResult.class));
    Split<T> split = split(requests, endpoints, settings);

    PCollectionView<Map<String, CallEstimate>> plan = split.plan()
        .apply("SumPerShard", Combine.perKey(Totals.ofRecords(CallEstimate.class)))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), Records.coder(CallEstimate.class)))
        .apply("PlanView", View.asMap());
    if (endpoints.values().stream().noneMatch(Endpoint::batched)) {
      // All live: one grouping, as few sorters as a cluster's managed memory can hold.
      PCollection<KV<T, CallResult>> fresh = split.misses()
          .apply("GroupByShard", GroupByKey.create())
          .apply("Dispatch", ParDo.of(new DispatchCalls<T>(endpoints, settings, backoff, label,
              plan)).withSideInputs(plan))
          .setCoder(outCoder);
      return PCollectionList.of(split.hits()).and(fresh).apply("Results", Flatten.pCollections());
    }
    // Split before grouping: a runner may hand a group's values over only once (Flink's batch
    // GroupByKey), so each group goes straight to the DoFn that makes its calls.
    PCollectionList<KV<String, KV<ModelCall, Iterable<T>>>> byMode = split.misses()
        .apply("LiveOrBatch", Partition.of(2, (shard, n) ->
            shard.getKey().startsWith(BatchCalls.KEY_PREFIX) ? 1 : 0));
    PCollection<KV<T, CallResult>> fresh = byMode.get(0)
        .apply("GroupByShard", GroupByKey.create())
        .apply("Dispatch", ParDo.of(new DispatchCalls<T>(endpoints, settings, backoff, label, plan))
            .withSideInputs(plan))
        .setCoder(outCoder);
    PCollection<KV<T, CallResult>> batched = byMode.get(1)
        .apply("GroupByEndpoint", GroupByKey.create())
        .apply("Batches", ParDo.of(new BatchCalls<T>(endpoints, settings, backoff, label, plan))
            .withSideInputs(plan))
        .setCoder(outCoder);
    return PCollectionList.of(split.hits()).and(fresh).and(batched)
        .apply("Results", Flatten.pCollections());
  }

  /**
   * The requests split against the response store: answers for the hits, the distinct misses by
   * rate-limit shard, and an estimate per distinct call (keyed by shard, labelled with its
   * endpoint) for the plan.
   */
  record Split<T>(
      PCollection<KV<T, CallResult>> hits,
      PCollection<KV<String, KV<ModelCall, Iterable<T>>>> misses,
      PCollection<KV<String, CallEstimate>> plan) {}

  static <T> Split<T> split(PCollection<KV<T, ModelCall>> requests,
      Map<String, Endpoint> endpoints, CallSettings settings) {
    @SuppressWarnings("unchecked")
    Coder<T> ownerCoder = ((KvCoder<T, ModelCall>) requests.getCoder()).getKeyCoder();
    Coder<ModelCall> callCoder = Records.coder(ModelCall.class);
    Coder<CallResult> resultCoder = Records.coder(CallResult.class);

    int buckets = Buckets.forElements(settings.expectedCalls());
    TupleTag<KV<T, ModelCall>> asked = new TupleTag<>();
    TupleTag<CallResult> stored = new TupleTag<>();
    PCollection<KV<Integer, KV<T, ModelCall>>> byBucket = requests
        .apply("ByKeyBucket", MapElements
            .into(TypeDescriptors.kvs(TypeDescriptors.integers(), requests.getTypeDescriptor()))
            .via((KV<T, ModelCall> r) -> KV.of(Buckets.of(r.getValue().getCallKey(), buckets), r)))
        .setCoder(KvCoder.of(VarIntCoder.of(), requests.getCoder()));
    PCollection<KV<String, CallResult>> store = settings.storeRoot() == null
        ? requests.getPipeline().apply("NoStore",
            Create.empty(KvCoder.of(StringUtf8Coder.of(), resultCoder)))
        : requests.getPipeline().apply("ReadStore", ResponseStore.read(settings.storeRoot()));
    PCollection<KV<Integer, CallResult>> storeByBucket = store
        .apply("StoreBucket", MapElements
            .into(TypeDescriptors.kvs(TypeDescriptors.integers(), TypeDescriptor.of(CallResult.class)))
            .via((KV<String, CallResult> kv) -> KV.of(Buckets.of(kv.getKey(), buckets), kv.getValue())))
        .setCoder(KvCoder.of(VarIntCoder.of(), resultCoder));

    TupleTag<KV<T, CallResult>> hits = new TupleTag<>();
    TupleTag<KV<String, KV<ModelCall, Iterable<T>>>> misses = new TupleTag<>();
    TupleTag<KV<String, CallEstimate>> plan = new TupleTag<>();
    PCollectionTuple split = KeyedPCollectionTuple.of(asked, byBucket).and(stored, storeByBucket)
        .apply("JoinStore", CoGroupByKey.create())
        .apply("SplitHits", ParDo.of(
                new SplitHits<>(asked, stored, hits, misses, plan, settings, endpoints))
            .withOutputTags(hits, TupleTagList.of(misses).and(plan)));
    split.get(hits).setCoder(KvCoder.of(ownerCoder, resultCoder));
    split.get(misses).setCoder(KvCoder.of(StringUtf8Coder.of(),
        KvCoder.of(callCoder, IterableCoder.of(ownerCoder))));
    split.get(plan).setCoder(KvCoder.of(StringUtf8Coder.of(), Records.coder(CallEstimate.class)));
    return new Split<>(split.get(hits), split.get(misses), split.get(plan));
  }

  /**
   * Within one bucket of call keys: requests with a stored answer get it back; the others are
   * de-duplicated by key and go to their rate-limit shard as misses. Every distinct call is also
   * estimated for the plan.
   */
  static final class SplitHits<T> extends DoFn<KV<Integer, CoGbkResult>, KV<T, CallResult>> {
    private final Counter hitCount = Metrics.counter(CallModels.class, "store_hits");
    private final Counter missCount = Metrics.counter(CallModels.class, "store_misses");
    private final TupleTag<KV<T, ModelCall>> asked;
    private final TupleTag<CallResult> stored;
    private final TupleTag<KV<T, CallResult>> hits;
    private final TupleTag<KV<String, KV<ModelCall, Iterable<T>>>> misses;
    private final TupleTag<KV<String, CallEstimate>> plan;
    private final CallSettings settings;
    private final Map<String, Endpoint> endpoints;

    SplitHits(TupleTag<KV<T, ModelCall>> asked, TupleTag<CallResult> stored,
        TupleTag<KV<T, CallResult>> hits, TupleTag<KV<String, KV<ModelCall, Iterable<T>>>> misses,
        TupleTag<KV<String, CallEstimate>> plan, CallSettings settings,
        Map<String, Endpoint> endpoints) {
      this.asked = asked;
      this.stored = stored;
      this.hits = hits;
      this.misses = misses;
      this.plan = plan;
      this.settings = settings;
      this.endpoints = endpoints;
    }

    @ProcessElement
    public void process(@Element KV<Integer, CoGbkResult> bucket, MultiOutputReceiver out) {
      // The requests of this run are held in memory; the store, which may be far larger, streams.
      Map<String, List<KV<T, ModelCall>>> byKey = new LinkedHashMap<>();
      for (KV<T, ModelCall> r : bucket.getValue().getAll(asked)) {
        byKey.computeIfAbsent(r.getValue().getCallKey(), k -> new ArrayList<>()).add(r);
      }
      if (byKey.isEmpty()) {
        return;
      }
      Map<String, Integer> dealt = new HashMap<>();
      for (CallResult answer : bucket.getValue().getAll(stored)) {
        List<KV<T, ModelCall>> requests = byKey.remove(answer.getCallKey());
        if (requests == null) {
          continue; // stored but not asked for in this run, or already served
        }
        CallResult hit = CallResult.newBuilder(answer).setFromStore(true).build();
        for (KV<T, ModelCall> r : requests) {
          hitCount.inc();
          out.get(hits).output(KV.of(r.getKey(), hit));
        }
        ModelCall call = requests.get(0).getValue();
        // Stored answers cost nothing and need no shard: their estimates only count requests.
        out.get(plan).output(KV.of(endpoint(call).rateLimitBucket() + "#0", CallEstimates.of(
            call.getEndpoint(), endpoint(call), call, requests.size(), true)));
      }
      for (List<KV<T, ModelCall>> requests : byKey.values()) {
        missCount.inc();
        List<T> owners = new ArrayList<>(requests.size());
        requests.forEach(r -> owners.add(r.getKey()));
        ModelCall call = requests.get(0).getValue();
        String shard = shardOf(call, bucket.getKey(), dealt);
        out.get(misses).output(KV.of(shard, KV.of(call, owners)));
        out.get(plan).output(KV.of(shard, CallEstimates.of(call.getEndpoint(), endpoint(call),
            call, requests.size(), false)));
      }
    }

    private Endpoint endpoint(ModelCall call) {
      Endpoint e = endpoints.get(call.getEndpoint());
      if (e == null) {
        throw new IllegalStateException("call names unknown endpoint '" + call.getEndpoint() + "'");
      }
      return e;
    }

    /**
     * Deals the misses of each rate-limit bucket to its shards in turn, starting at a different
     * shard in each join bucket, so shards get equal numbers of calls and finish together: a
     * shard left with more calls than the others would run alone, at its fraction of the limit,
     * at the end. Which shard a call goes to does not change its answer.
     */
    private String shardOf(ModelCall call, int joinBucket, Map<String, Integer> dealt) {
      if (endpoint(call).batched()) {
        // A provider batch is paced by the provider: one group per endpoint, its batches split
        // by the provider's caps.
        return BatchCalls.keyOf(endpoint(call));
      }
      int shards = Math.max(1, settings.shardsPerBucket());
      String bucket = endpoint(call).rateLimitBucket();
      int n = dealt.merge(bucket, 1, Integer::sum) - 1;
      return bucket + "#" + Math.floorMod(joinBucket + n, shards);
    }
  }
}
