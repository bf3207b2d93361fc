package org.ihlbench.transforms.judges;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.Comparator;
import java.util.List;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.transforms.join.CoGbkResult;
import org.apache.beam.sdk.transforms.join.CoGroupByKey;
import org.apache.beam.sdk.transforms.join.KeyedPCollectionTuple;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.ihlbench.records.JudgeVerdict;
import org.ihlbench.records.JudgedSample;
import org.ihlbench.records.Majority;
import org.ihlbench.records.Transcript;
import org.ihlbench.transforms.Buckets;
import org.ihlbench.transforms.Records;
import org.ihlbench.transforms.providers.CallSettings;
import org.ihlbench.transforms.ratelimit.Backoff;

/**
 * Has every judge of the panel look at every answer, then decides each sample by
 * {@link MajorityVote}. Every transcript comes out as exactly one judged sample, whatever the
 * judges did with it.
 *
 * <p>The panel's judges are asked by kind ({@link JudgeKind}): its LLM judges together, through
 * one pass of the call machinery with the run's {@link CallSettings} (response store, budget);
 * the others on their own.
 */
public final class Judge extends PTransform<PCollection<Transcript>, PCollection<JudgedSample>> {
  private final Panel panel;
  private final long expectedSamples;
  private final CallSettings calls;
  private final Backoff backoff;

  private Judge(Panel panel, long expectedSamples, CallSettings calls, Backoff backoff) {
    this.panel = panel;
    this.expectedSamples = expectedSamples;
    this.calls = calls;
    this.backoff = backoff;
  }

  public static Judge by(Panel panel) {
    return new Judge(panel, 0, CallSettings.of(null, null), Backoff.standard());
  }

  /** Sizes the gathering of verdicts (and the judges' calls) for about {@code n} samples. */
  public Judge withExpectedSamples(long n) {
    return new Judge(panel, n, calls, backoff);
  }

  /** How LLM judges are called: the run, its response store, shards and budget. */
  public Judge withCalls(CallSettings settings) {
    return new Judge(panel, expectedSamples, settings, backoff);
  }

  public Judge withBackoff(Backoff b) {
    return new Judge(panel, expectedSamples, calls, b);
  }

  @Override
  public PCollection<JudgedSample> expand(PCollection<Transcript> transcripts) {
    int b = Buckets.forElements(expectedSamples);
    PCollection<KV<Integer, Transcript>> keyed = transcripts
        .apply("BySampleBucket", WithKeys.of((Transcript t) -> Buckets.of(t.getSample().getSampleId(), b))
            .withKeyType(TypeDescriptors.integers()))
        .setCoder(KvCoder.of(VarIntCoder.of(), Records.coder(Transcript.class)));
    PCollectionList<KV<String, JudgeVerdict>> each = PCollectionList.empty(transcripts.getPipeline());
    JudgeKind.Calls asking = new JudgeKind.Calls(calls, expectedSamples, backoff);
    for (Map.Entry<JudgeKind, List<PanelJudge>> kind : panel.byKind().entrySet()) {
      each = each.and(transcripts.apply(kind.getKey().stage(),
          kind.getKey().verdicts(kind.getValue(), asking)));
    }
    PCollection<KV<Integer, JudgeVerdict>> verdicts = each
        .apply("AllVerdicts", Flatten.pCollections())
        .setCoder(KvCoder.of(StringUtf8Coder.of(), Records.coder(JudgeVerdict.class)))
        .apply("VerdictBucket", MapElements
            .into(TypeDescriptors.kvs(TypeDescriptors.integers(), TypeDescriptor.of(JudgeVerdict.class)))
            .via((KV<String, JudgeVerdict> kv) -> KV.of(Buckets.of(kv.getKey(), b), kv.getValue())))
        .setCoder(KvCoder.of(VarIntCoder.of(), Records.coder(JudgeVerdict.class)));

    TupleTag<Transcript> tTag = new TupleTag<>();
    TupleTag<JudgeVerdict> vTag = new TupleTag<>();
    return KeyedPCollectionTuple.of(tTag, keyed).and(vTag, verdicts)
        .apply("Gather", CoGroupByKey.create())
        .apply("Vote", ParDo.of(new Vote(panel, tTag, vTag)))
        .setCoder(Records.coder(JudgedSample.class));
  }

  static final class Vote extends DoFn<KV<Integer, CoGbkResult>, JudgedSample> {
    private final Counter undecided = Metrics.counter(Judge.class, "undecided");
    private final Panel panel;
    private final TupleTag<Transcript> tTag;
    private final TupleTag<JudgeVerdict> vTag;

    Vote(Panel panel, TupleTag<Transcript> tTag, TupleTag<JudgeVerdict> vTag) {
      this.panel = panel;
      this.tTag = tTag;
      this.vTag = vTag;
    }

    @ProcessElement
    public void process(@Element KV<Integer, CoGbkResult> bucket, OutputReceiver<JudgedSample> out) {
      Map<String, List<JudgeVerdict>> bySample = new HashMap<>();
      for (JudgeVerdict v : bucket.getValue().getAll(vTag)) {
        bySample.computeIfAbsent(v.getSampleId(), k -> new ArrayList<>()).add(v);
      }
      List<String> order = panel.names();
      for (Transcript t : bucket.getValue().getAll(tTag)) {
        List<JudgeVerdict> verdicts =
            bySample.getOrDefault(t.getSample().getSampleId(), new ArrayList<>());
        verdicts.sort(Comparator.comparingInt(v -> order.indexOf(v.getJudge())));
        Majority m = MajorityVote.decide(t.getResponse(), verdicts, panel.tiebreaker());
        if (m.getRefused() == null) {
          undecided.inc();
        }
        out.output(JudgedSample.newBuilder()
            .setRunId(t.getSample().getRunId())
            .setSample(t.getSample())
            .setResponse(t.getResponse())
            .setVerdicts(verdicts)
            .setMajority(m)
            .setPanel(order)
            .build());
      }
    }
  }
}
