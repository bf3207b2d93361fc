package org.ihlbench.transforms.judges.llm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.ihlbench.records.ChatMessage;
import org.ihlbench.records.JudgeQuestion;
import org.ihlbench.records.JudgeVerdict;
import org.ihlbench.records.ModelCall;
import org.ihlbench.records.StructuredOutput;
import org.ihlbench.records.Transcript;
import org.ihlbench.transforms.Buckets;
import org.ihlbench.transforms.Records;
import org.ihlbench.transforms.judges.PanelJudge;
import org.ihlbench.transforms.providers.CallEstimates;
import org.ihlbench.transforms.providers.CallKeys;
import org.ihlbench.transforms.providers.CallModels;
import org.ihlbench.transforms.providers.CallSettings;
import org.ihlbench.transforms.providers.Endpoint;
import org.ihlbench.transforms.providers.Generate;
import org.ihlbench.transforms.ratelimit.Backoff;

/**
 * Asks LLM judges for their verdicts on every transcript that has an answer: one call per judge
 * and transcript through {@link CallModels} (so judge calls are stored, de-duplicated, paced,
 * retried and costed like model calls), read strictly by {@link VerdictParser}.
 *
 * <p>Identical questions (the same judge, request and response, e.g. the same terse refusal to
 * one prompt under several seeds) are asked once and their verdict shared, its calls accounted
 * to one sample. An answer that is not a valid verdict gets one repair: a second call showing the judge its
 * answer and asking for the JSON only. If that fails too, or a call fails outright, the verdict
 * is an abstention that keeps the judge's raw text; every transcript with an answer gets exactly
 * one verdict per judge.
 *
 * <p>All the judges go through one pass of the call machinery (and one more for repairs), so the
 * response store is read twice per run however large the panel. What the answers become
 * (verdicts, repairs, abstentions, and the calls' cost) is {@link JudgeAnswers}'; what they would
 * cost, for a dry run, {@link PlanJudgeCalls}'.
 */
public final class AskJudges
    extends PTransform<PCollection<Transcript>, PCollection<KV<String, JudgeVerdict>>> {
  private final List<LlmJudge> judges;
  private final CallSettings settings;
  private final Backoff backoff;

  private AskJudges(List<LlmJudge> judges, CallSettings settings, Backoff backoff) {
    this.judges = List.copyOf(judges);
    this.settings = settings;
    this.backoff = backoff;
  }

  public static AskJudges of(List<LlmJudge> judges, CallSettings settings) {
    if (judges.isEmpty()) {
      throw new IllegalArgumentException("no LLM judges to ask");
    }
    return new AskJudges(judges, settings, Backoff.standard());
  }

  public AskJudges withBackoff(Backoff b) {
    return new AskJudges(judges, settings, b);
  }

  @Override
  public PCollection<KV<String, JudgeVerdict>> expand(PCollection<Transcript> transcripts) {
    Map<String, Endpoint> endpoints = new LinkedHashMap<>();
    Map<String, LlmJudge> byName = new LinkedHashMap<>();
    for (LlmJudge j : judges) {
      endpoints.put(j.name(), j.endpoint());
      byName.put(j.name(), j);
    }
    int buckets = Buckets.forElements(settings.expectedCalls());
    KvCoder<JudgeQuestion, ModelCall> questionCoder =
        KvCoder.of(Records.coder(JudgeQuestion.class), Records.coder(ModelCall.class));
    KvCoder<String, JudgeVerdict> verdictCoder =
        KvCoder.of(StringUtf8Coder.of(), Records.coder(JudgeVerdict.class));

    PCollectionTuple first = transcripts
        .apply("ToCalls", ParDo.of(new ToCalls(byName, buckets)))
        .setCoder(KvCoder.of(VarIntCoder.of(),
            KvCoder.of(StringUtf8Coder.of(), Records.coder(ModelCall.class))))
        .apply("GroupByKeyBucket", GroupByKey.create())
        .apply("ShareIdentical", ParDo.of(new ShareIdentical()))
        .setCoder(questionCoder)
        .apply("Ask", CallModels.<JudgeQuestion>using(endpoints, settings.withBudget(
            settings.budgetUsd() * (1 - REPAIR_SHARE))).withBackoff(backoff)
            .labelled("judge"))
        .apply("ReadVerdicts", ParDo.of(new JudgeAnswers.ReadAnswers(byName))
            .withOutputTags(VERDICTS, TupleTagList.of(REPAIRS)));
    PCollection<KV<String, JudgeVerdict>> repaired = first.get(REPAIRS)
        .setCoder(questionCoder)
        .apply("Repair", CallModels.<JudgeQuestion>using(endpoints, settings.withBudget(
            settings.budgetUsd() * REPAIR_SHARE)).withBackoff(backoff)
            .labelled("judge repairs"))
        .apply("ReadRepairs", ParDo.of(new JudgeAnswers.ReadRepairs(byName)))
        .setCoder(verdictCoder);
    return PCollectionList.of(first.get(VERDICTS).setCoder(verdictCoder)).and(repaired)
        .apply("AllVerdicts", Flatten.pCollections());
  }

  /**
   * The part of a judge budget kept for repair calls (at most one per invalid answer), so that
   * asks and repairs together stay within it: each call stage holds its own budget.
   */
  static final double REPAIR_SHARE = 0.1;

  static final TupleTag<KV<String, JudgeVerdict>> VERDICTS = new TupleTag<>() {};
  static final TupleTag<KV<JudgeQuestion, ModelCall>> REPAIRS = new TupleTag<>() {};

  /** The call that asks {@code judge} about one transcript. */
  public static ModelCall callFor(LlmJudge judge, Transcript t) {
    String message = JudgeMessages.forItem(t.getSample().getUserMessage(), t.getResponse().getText());
    return call(judge, List.of(new ChatMessage("user", message)));
  }

  /**
   * The call that asks {@code judge} the {@code messages}: with the verdict's schema as a
   * structured output when the judge is asked for one, which is part of the call's key.
   */
  static ModelCall call(LlmJudge judge, List<ChatMessage> messages) {
    Endpoint e = judge.endpoint();
    StructuredOutput structured = judge.structured() ? VerdictSchema.output() : null;
    ModelCall c = ModelCall.newBuilder()
        .setCallKey(CallKeys.of(e, judge.rubric(), messages, judge.seed(), structured))
        .setEndpoint(judge.name())
        .setSystem(judge.rubric())
        .setMessages(messages)
        .setSeed(judge.seed())
        .setStructuredOutput(structured)
        .setEstimatedTokens(0)
        .build();
    c.setEstimatedTokens(CallEstimates.promptTokens(c) + Generate.completionBudget(e));
    return c;
  }

  /** Each judge's call about each transcript with an answer, by bucket of its call key. */
  static final class ToCalls extends DoFn<Transcript, KV<Integer, KV<String, ModelCall>>> {
    private final Map<String, LlmJudge> judges;
    private final int buckets;

    ToCalls(Map<String, LlmJudge> judges, int buckets) {
      this.judges = judges;
      this.buckets = buckets;
    }

    @ProcessElement
    public void process(@Element Transcript t, OutputReceiver<KV<Integer, KV<String, ModelCall>>> out) {
      if (!PanelJudge.judgeable(t)) {
        return;
      }
      for (LlmJudge j : judges.values()) {
        ModelCall c = callFor(j, t);
        out.output(KV.of(Buckets.of(c.getCallKey(), buckets),
            KV.of(t.getSample().getSampleId(), c)));
      }
    }
  }

  /**
   * Within a bucket of call keys, one question per distinct call, asked for every sample that
   * needs it: the same request and response get the same verdict from a deterministic judge, and
   * the call is paid (and accounted) once.
   */
  static final class ShareIdentical
      extends DoFn<KV<Integer, Iterable<KV<String, ModelCall>>>, KV<JudgeQuestion, ModelCall>> {
    @ProcessElement
    public void process(@Element KV<Integer, Iterable<KV<String, ModelCall>>> bucket,
        OutputReceiver<KV<JudgeQuestion, ModelCall>> out) {
      Map<String, ModelCall> calls = new LinkedHashMap<>();
      Map<String, TreeSet<String>> askers = new LinkedHashMap<>();
      for (KV<String, ModelCall> ask : bucket.getValue()) {
        String key = ask.getValue().getCallKey();
        calls.putIfAbsent(key, ask.getValue());
        askers.computeIfAbsent(key, k -> new TreeSet<>()).add(ask.getKey());
      }
      for (Map.Entry<String, ModelCall> e : calls.entrySet()) {
        ModelCall c = e.getValue();
        out.output(KV.of(JudgeQuestion.newBuilder()
            .setJudge(c.getEndpoint())
            .setUserMessage(c.getMessages().get(0).getContent())
            .setSampleIds(new ArrayList<>(askers.get(e.getKey())))
            .build(), c));
      }
    }
  }
}
