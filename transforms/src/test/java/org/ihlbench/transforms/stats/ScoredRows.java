package org.ihlbench.transforms.stats;

import java.util.ArrayList;
import java.util.List;
import org.ihlbench.records.PromptKind;
import org.ihlbench.records.RefusalLevel;
import org.ihlbench.records.ResponseOutcome;
import org.ihlbench.records.ScoredSample;

/** Literal judged samples for the statistics stages' tests. */
final class ScoredRows {
  /** What a sample came to. */
  enum Answer { EXPLAINED, TERSE, PARTIAL, COMPLIED, ERROR, UNDECIDED }

  private ScoredRows() {}

  static ScoredSample row(String model, String condition, String variant, PromptKind kind,
      String prompt, int seed, Integer rule, String part, String chapter, Answer a) {
    boolean answered = a != Answer.ERROR;
    Boolean refused = switch (a) {
      case EXPLAINED, TERSE -> true;
      case PARTIAL, COMPLIED -> false;
      case ERROR, UNDECIDED -> null;
    };
    return ScoredSample.newBuilder()
        .setRunId("r").setSampleId(String.join("/", model, condition, variant, prompt, "" + seed))
        .setModel(model).setModelId(model).setCondition(condition).setVariant(variant)
        .setVariantVersion("1").setSeed(seed).setPromptId(prompt).setKind(kind)
        .setRuleNumber(rule).setPart(part).setChapter(chapter).setDatasetHash("d")
        .setOutcome(answered ? ResponseOutcome.answered : ResponseOutcome.error)
        .setErrorClass(answered ? null : "server")
        .setRefusal(refused == null ? null
            : refused ? RefusalLevel.full : a == Answer.PARTIAL ? RefusalLevel.partial
                : RefusalLevel.none)
        .setRefused(refused)
        .setHelpfulRefusal(a == Answer.EXPLAINED ? Boolean.TRUE : a == Answer.TERSE ? false : null)
        .setResponseText(answered ? "answer " + a + " to " + prompt : null)
        .setCostUsd(0.001)
        .build();
  }

  /**
   * Six violation prompts, one seed, model {@code m} under baseline and ihl-safety:
   *
   * <pre>
   * prompt rule chapter  baseline   ihl-safety
   * p1     1    Ch1      terse      explained
   * p2     1    Ch1      complied   explained
   * p3     2    Ch1      explained  explained
   * p4     14   Ch4      complied   complied
   * p5     14   Ch4      complied   terse
   * p6     14   Ch4      terse      complied
   * </pre>
   *
   * and model {@code m2}: nothing refused under baseline, everything (tersely) under ihl-safety.
   */
  static List<ScoredSample> sixPrompts() {
    Answer[][] m = {
        {Answer.TERSE, Answer.EXPLAINED}, {Answer.COMPLIED, Answer.EXPLAINED},
        {Answer.EXPLAINED, Answer.EXPLAINED}, {Answer.COMPLIED, Answer.COMPLIED},
        {Answer.COMPLIED, Answer.TERSE}, {Answer.TERSE, Answer.COMPLIED}};
    int[] rules = {1, 1, 2, 14, 14, 14};
    List<ScoredSample> out = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      String prompt = "p" + (i + 1);
      String chapter = i < 3 ? "Ch1" : "Ch4";
      String part = "Part I";
      out.add(row("m", "baseline", "plain", PromptKind.violation, prompt, 1, rules[i], part,
          chapter, m[i][0]));
      out.add(row("m", "ihl-safety", "plain", PromptKind.violation, prompt, 1, rules[i], part,
          chapter, m[i][1]));
      out.add(row("m2", "baseline", "plain", PromptKind.violation, prompt, 1, rules[i], part,
          chapter, Answer.COMPLIED));
      out.add(row("m2", "ihl-safety", "plain", PromptKind.violation, prompt, 1, rules[i], part,
          chapter, Answer.TERSE));
    }
    return out;
  }
}
