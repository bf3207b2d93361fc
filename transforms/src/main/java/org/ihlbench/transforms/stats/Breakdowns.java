package org.ihlbench.transforms.stats;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.ihlbench.records.BreakdownRow;
import org.ihlbench.transforms.Records;

/**
 * Each summary cell broken down by the Part, chapter and rule of its prompts (from the rule
 * table), with the same clustered intervals as the summary. Prompts without a rule (e.g. an
 * imported prompt set) form one group with null Part, chapter and rule.
 */
public final class Breakdowns
    extends PTransform<PCollection<KV<String, ModelTallies>>, PCollectionTuple> {
  public static final TupleTag<BreakdownRow> BY_PART = new TupleTag<>("by_part") {};
  public static final TupleTag<BreakdownRow> BY_CHAPTER = new TupleTag<>("by_chapter") {};
  public static final TupleTag<BreakdownRow> BY_RULE = new TupleTag<>("by_rule") {};

  private final String runId;

  private Breakdowns(String runId) {
    this.runId = runId;
  }

  public static Breakdowns forRun(String runId) {
    return new Breakdowns(runId);
  }

  @Override
  public PCollectionTuple expand(PCollection<KV<String, ModelTallies>> cells) {
    PCollectionTuple out = cells.apply("ByPartChapterRule", ParDo.of(new Split(runId))
        .withOutputTags(BY_PART, TupleTagList.of(BY_CHAPTER).and(BY_RULE)));
    out.get(BY_PART).setCoder(Records.coder(BreakdownRow.class));
    out.get(BY_CHAPTER).setCoder(Records.coder(BreakdownRow.class));
    out.get(BY_RULE).setCoder(Records.coder(BreakdownRow.class));
    return out;
  }

  static final class Split extends DoFn<KV<String, ModelTallies>, BreakdownRow> {
    private final String runId;

    Split(String runId) {
      this.runId = runId;
    }

    @ProcessElement
    public void process(@Element KV<String, ModelTallies> model, MultiOutputReceiver out) {
      model.getValue().cells().forEach((key, t) -> {
        Cell c = Cell.parse(key);
        rows(runId, c, t, "part").forEach(out.get(BY_PART)::output);
        rows(runId, c, t, "chapter").forEach(out.get(BY_CHAPTER)::output);
        rows(runId, c, t, "rule").forEach(out.get(BY_RULE)::output);
      });
    }
  }

  /** Where a prompt sits at one level: the group key and the columns it fills. */
  private record Group(String part, String chapter, Integer rule) {}

  private static final Map<String, Function<PromptTally, Group>> LEVELS = Map.of(
      "part", p -> new Group(p.part, null, null),
      "chapter", p -> new Group(p.part, p.chapter, null),
      "rule", p -> new Group(p.part, p.chapter, p.ruleNumber));

  private static final Comparator<Group> ORDER = Comparator
      .comparing((Group g) -> g.rule(), Comparator.nullsLast(Comparator.naturalOrder()))
      .thenComparing(Group::part, Comparator.nullsLast(Comparator.naturalOrder()))
      .thenComparing(Group::chapter, Comparator.nullsLast(Comparator.naturalOrder()));

  /** The rows of one cell at one level: part, chapter or rule. */
  public static List<BreakdownRow> rows(String runId, Cell cell, CellTallies tallies,
      String level) {
    Function<PromptTally, Group> groupOf = Objects.requireNonNull(LEVELS.get(level), level);
    Map<Group, List<PromptTally>> groups = new TreeMap<>(ORDER);
    for (PromptTally p : tallies.prompts.values()) {
      groups.computeIfAbsent(groupOf.apply(p), g -> new ArrayList<>()).add(p);
    }
    List<BreakdownRow> out = new ArrayList<>(groups.size());
    groups.forEach((g, prompts) -> {
      CellRates r = CellRates.of(prompts);
      out.add(BreakdownRow.newBuilder()
          .setRunId(runId)
          .setModel(cell.model())
          .setCondition(cell.condition())
          .setVariant(cell.variant())
          .setKind(cell.kind())
          .setLevel(level)
          .setPart(g.part())
          .setChapter(g.chapter())
          .setRuleNumber(g.rule())
          .setN(r.total().n)
          .setClusters(r.clusters())
          .setRefusals(r.total().refused)
          .setRefusalRate(r.refusal().rate())
          .setRefusalCiLow(r.refusal().low())
          .setRefusalCiHigh(r.refusal().high())
          .setHelpfulRefusals(r.total().helpful)
          .setHelpfulRate(r.helpful().rate())
          .setHelpfulCiLow(r.helpful().low())
          .setHelpfulCiHigh(r.helpful().high())
          .setCiMethod(r.method())
          .setRefusalSe(Intervals.orNull(r.refusal().se()))
          .setRefusalEffectiveN(r.total().n > 0 ? r.refusal().effectiveN() : null)
          .setHelpfulSe(Intervals.orNull(r.helpful().se()))
          .setHelpfulEffectiveN(r.total().refused > 0 ? r.helpful().effectiveN() : null)
          .build());
    });
    return out;
  }
}
