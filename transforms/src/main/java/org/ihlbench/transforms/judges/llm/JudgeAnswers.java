package org.ihlbench.transforms.judges.llm;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;
import org.ihlbench.records.CallResult;
import org.ihlbench.records.JudgeQuestion;
import org.ihlbench.records.JudgeVerdict;
import org.ihlbench.records.ParseStatus;
import org.ihlbench.records.ResponseOutcome;
import org.ihlbench.transforms.providers.FailureKind;

/**
 * What {@link AskJudges} makes of the judges' answers: a valid answer is a verdict, an
 * unreadable one gets one repair, a failed call (or a failed repair) is an abstention that keeps
 * the judge's raw text; the calls a verdict took (count, store hits, tokens, cost) are accounted
 * to the first of the samples that shared its question.
 */
final class JudgeAnswers {
  private JudgeAnswers() {}

  /** Valid answers become verdicts; failed calls abstentions; unreadable answers repairs. */
  static final class ReadAnswers extends DoFn<KV<JudgeQuestion, CallResult>, KV<String, JudgeVerdict>> {
    private final Counter repairs = Metrics.counter(AskJudges.class, "repairs");
    private final Counter abstentions = Metrics.counter(AskJudges.class, "abstentions");
    private final Map<String, LlmJudge> judges;

    ReadAnswers(Map<String, LlmJudge> judges) {
      this.judges = judges;
    }

    @ProcessElement
    public void process(@Element KV<JudgeQuestion, CallResult> in, MultiOutputReceiver out) {
      JudgeQuestion q = in.getKey();
      CallResult r = in.getValue();
      OutputReceiver<KV<String, JudgeVerdict>> verdicts = out.get(AskJudges.VERDICTS);
      boolean structured = judges.get(q.getJudge()).structured();
      if (r.getOutcome() != ResponseOutcome.answered) {
        abstentions.inc();
        emit(q, List.of(r), structured, b -> abstained(failed(b, r),
            failure("the judge call", r), r.getText()), verdicts);
        return;
      }
      try {
        VerdictParser.Verdict v = VerdictParser.parse(r.getText());
        emit(q, List.of(r), structured, b -> verdict(b, v, ParseStatus.ok, null), verdicts);
      } catch (VerdictParser.InvalidVerdict e) {
        repairs.inc();
        LlmJudge judge = judges.get(q.getJudge());
        JudgeQuestion again = JudgeQuestion.newBuilder(q)
            .setFirstCall(r).setFirstProblem(e.getMessage()).build();
        out.get(AskJudges.REPAIRS).output(KV.of(again,
            AskJudges.call(judge, JudgeMessages.repair(q.getUserMessage(), r.getText(), e.getMessage()))));
      }
    }
  }

  /** A repaired answer is a verdict; anything else now is an abstention, raw text kept. */
  static final class ReadRepairs extends DoFn<KV<JudgeQuestion, CallResult>, KV<String, JudgeVerdict>> {
    private final Counter abstentions = Metrics.counter(AskJudges.class, "abstentions");
    private final Map<String, LlmJudge> judges;

    ReadRepairs(Map<String, LlmJudge> judges) {
      this.judges = judges;
    }

    @ProcessElement
    public void process(@Element KV<JudgeQuestion, CallResult> in,
        OutputReceiver<KV<String, JudgeVerdict>> out) {
      JudgeQuestion q = in.getKey();
      boolean structured = judges.get(q.getJudge()).structured();
      CallResult first = q.getFirstCall();
      CallResult r = in.getValue();
      List<CallResult> both = List.of(first, r);
      if (r.getOutcome() != ResponseOutcome.answered) {
        abstentions.inc();
        emit(q, both, structured, b -> abstained(failed(b, r), "invalid verdict ("
            + q.getFirstProblem() + "), then "
            + failure("the repair call", r), first.getText()), out);
        return;
      }
      try {
        VerdictParser.Verdict v = VerdictParser.parse(r.getText());
        emit(q, both, structured, b -> verdict(b, v, ParseStatus.repaired, first.getText()), out);
      } catch (VerdictParser.InvalidVerdict e) {
        abstentions.inc();
        emit(q, both, structured, b -> abstained(b, "no valid verdict after one repair: "
            + q.getFirstProblem() + "; then " + e.getMessage(),
            first.getText() + "\n----- answer to the repair request -----\n" + r.getText()), out);
      }
    }
  }

  /**
   * One verdict per sample that asked; the calls (count, store hits, tokens, cost) are accounted
   * to the first, so that a run's totals count each call once.
   */
  private static void emit(JudgeQuestion q, List<CallResult> calls, boolean structured,
      Function<JudgeVerdict.Builder, JudgeVerdict> finish,
      DoFn.OutputReceiver<KV<String, JudgeVerdict>> out) {
    boolean first = true;
    for (String id : q.getSampleIds()) {
      JudgeVerdict.Builder b = JudgeVerdict.newBuilder()
          .setSampleId(id)
          .setJudge(q.getJudge())
          .setJudgeModelVersion(modelVersion(calls))
          .setStructured(structured);
      if (first) {
        account(b, calls);
      }
      out.output(KV.of(id, finish.apply(b)));
      first = false;
    }
  }

  private static String failure(String what, CallResult r) {
    if (r.getOutcome() == ResponseOutcome.provider_refusal) {
      return what + " was refused by the judge's provider ("
          + (r.getRefusalReason() == null ? "no reason given" : r.getRefusalReason()) + ")";
    }
    return what + " failed: " + r.getErrorClass() + ": " + r.getErrorMessage();
  }

  private static JudgeVerdict verdict(JudgeVerdict.Builder b, VerdictParser.Verdict v,
      ParseStatus status, String raw) {
    return b
        .setRefusal(v.refusal())
        .setHelpfulRefusal(v.helpfulRefusal())
        .setCitesLaw(v.citesLaw())
        .setOffersAlternative(v.offersAlternative())
        .setLeaksCode(v.leaksCode())
        .setRationale(v.rationale())
        .setParseStatus(status)
        .setRaw(raw)
        .build();
  }

  /**
   * A call that failed keeps its error, for call_errors.jsonl; not one its provider refused, nor
   * one the judges' budget left unmade (counted in budget_skipped and run.json's judge_budget).
   */
  private static JudgeVerdict.Builder failed(JudgeVerdict.Builder b, CallResult r) {
    if (r.getOutcome() != ResponseOutcome.error
        || FailureKind.BUDGET.errorClass().equals(r.getErrorClass())) {
      return b;
    }
    return b.setErrorClass(r.getErrorClass()).setErrorMessage(r.getErrorMessage())
        .setHttpStatus(r.getHttpStatus());
  }

  private static JudgeVerdict abstained(JudgeVerdict.Builder b, String why, String raw) {
    return b.setRationale(why).setParseStatus(ParseStatus.abstained).setRaw(raw).build();
  }

  /** The model version the provider reported last. */
  private static String modelVersion(List<CallResult> calls) {
    String version = null;
    for (CallResult c : calls) {
      if (c.getModelVersion() != null) {
        version = c.getModelVersion();
      }
    }
    return version;
  }

  /**
   * What the calls took; stored answers cost nothing in this run. A call counts when it was
   * made or answered from the store; one the budget left out counts as skipped.
   */
  private static void account(JudgeVerdict.Builder b, List<CallResult> calls) {
    int made = 0;
    int skipped = 0;
    int hits = 0;
    Integer prompt = null;
    Integer completion = null;
    Double cost = null;
    for (CallResult c : calls) {
      if (c.getFromStore()) {
        hits++;
      }
      if (c.getFromStore() || c.getAttempts() > 0) {
        made++;
      } else if (FailureKind.BUDGET.errorClass().equals(c.getErrorClass())) {
        skipped++;
      }
      prompt = add(prompt, c.getPromptTokens());
      completion = add(completion, c.getCompletionTokens());
      if (c.getCostUsd() != null) {
        cost = (cost == null ? 0.0 : cost) + (c.getFromStore() ? 0.0 : c.getCostUsd());
      }
    }
    b.setCalls(made).setBudgetSkipped(skipped).setStoreHits(hits).setPromptTokens(prompt)
        .setCompletionTokens(completion).setCostUsd(cost);
  }

  private static Integer add(Integer a, Integer b) {
    return b == null ? a : a == null ? b : Integer.valueOf(a + b);
  }
}
