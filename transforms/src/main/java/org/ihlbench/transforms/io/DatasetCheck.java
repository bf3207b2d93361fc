package org.ihlbench.transforms.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.ihlbench.records.Prompt;
import org.ihlbench.records.PromptKind;

/**
 * Checks a prompt set on the driver, without calling anyone: that every file has the columns its
 * format needs (before a run starts), and, for {@code ihlbench validate}, everything a run would
 * reject plus what it would not notice: gaps in rule coverage and repeated texts. Files are read
 * with the same {@link PromptFile} code that ReadPrompts runs.
 */
public final class DatasetCheck {
  private DatasetCheck() {}

  /** How much of the ICRC rule table a set must cover. */
  public enum Coverage {
    /** Every rule 1-161: at least two violation prompts and a benign control each. */
    FULL,
    /** Only the rules that have prompts need two violation prompts and a benign control. */
    PARTIAL,
    /** Not checked (sets without rule numbers, such as HarmBench or XSTest). */
    NONE;

    public static Coverage named(String s) {
      try {
        return valueOf(s.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("unknown coverage '" + s + "'; expected full, partial or none");
      }
    }
  }

  /** A row or prompt a finding points at. */
  public record Located(String source, long line, String detail) {
    @Override
    public String toString() {
      return source + ":" + line + "  " + detail;
    }
  }

  /** What {@link #audit} found. Problems make {@code validate} fail; notes do not. */
  public record Findings(
      DatasetIdentity identity,
      String format,
      Coverage coverage,
      int prompts,
      Map<PromptKind, Integer> byKind,
      Map<PromptKind, Map<String, Integer>> framingsByKind,
      boolean hasRuleNumbers,
      Set<Integer> rulesWithPrompts,
      List<Integer> rulesWithoutPrompts,
      List<Integer> rulesWithFewerThanTwoViolations,
      List<Integer> rulesWithoutBenignControl,
      List<Integer> rulesWithOneViolationFraming,
      List<Located> duplicateIds,
      List<Located> duplicateTexts,
      List<Located> emptyTexts,
      List<Located> unknownRules,
      List<Located> malformedRows) {

    /** The rows a run would reject (its dead letters): a repeated id is one of them. */
    public int rowsRejected() {
      return duplicateIds.size() + emptyTexts.size() + unknownRules.size() + malformedRows.size();
    }

    public boolean coverageChecked() {
      return coverage != Coverage.NONE && hasRuleNumbers;
    }

    /** Each listed rule, row or prompt is one problem. */
    public int problems() {
      int n = duplicateTexts.size() + rowsRejected();
      if (coverageChecked()) {
        n += rulesWithoutPrompts.size() + rulesWithFewerThanTwoViolations.size()
            + rulesWithoutBenignControl.size();
      }
      return n;
    }
  }

  /** Fails with a config error naming the file when a file cannot be read as {@code format}. */
  public static void columns(PromptFormat format, List<String> files) throws IOException {
    for (String file : files) {
      try (InputStream in = open(file)) {
        PromptFile.checkColumns(in, format);
      } catch (PromptFormatException e) {
        throw new PromptFormatException("prompt set file " + file + ": " + e.getMessage());
      }
    }
  }

  /** Reads every file of the set and checks it, with the default prompt size cap. */
  public static Findings audit(PromptFormat format, DatasetIdentity identity, Coverage coverage)
      throws IOException {
    return audit(format, identity, coverage, PromptFile.DEFAULT_MAX_PROMPT_CHARS);
  }

  /** Reads every file of the set and checks it as a run would ({@code maxPromptChars}). */
  public static Findings audit(PromptFormat format, DatasetIdentity identity, Coverage coverage,
      int maxPromptChars) throws IOException {
    columns(format, identity.files());
    List<Prompt> prompts = new ArrayList<>();
    List<Located> empty = new ArrayList<>();
    List<Located> unknownRules = new ArrayList<>();
    List<Located> malformed = new ArrayList<>();
    for (String file : identity.files()) {
      try (InputStream in = open(file)) {
        PromptFile.read(file, in, format, identity.hash(), maxPromptChars, new PromptFile.Sink() {
          @Override
          public void prompt(Prompt p) {
            prompts.add(p);
          }

          @Override
          public void reject(long line, PromptFile.Problem problem, String reason, String payload) {
            Located at = new Located(file, line, reason);
            switch (problem) {
              case EMPTY_TEXT -> empty.add(at);
              case UNKNOWN_RULE -> unknownRules.add(at);
              case MALFORMED -> malformed.add(at);
            }
          }
        });
      }
    }
    // Like ReadPrompts: the first of a repeated id is the one by file, then line.
    prompts.sort(Comparator.comparing(Prompt::getSource).thenComparingLong(Prompt::getLine));

    Map<PromptKind, Integer> byKind = new EnumMap<>(PromptKind.class);
    Map<PromptKind, Map<String, Integer>> framingsByKind = new EnumMap<>(PromptKind.class);
    Map<String, Prompt> firstById = new HashMap<>();
    Map<String, Prompt> firstByText = new HashMap<>();
    List<Located> duplicateIds = new ArrayList<>();
    List<Located> duplicateTexts = new ArrayList<>();
    Map<Integer, List<Prompt>> byRule = new TreeMap<>();
    for (Prompt p : prompts) {
      Prompt sameId = firstById.putIfAbsent(p.getId(), p);
      if (sameId != null) {
        duplicateIds.add(new Located(p.getSource(), p.getLine(), "id '" + p.getId()
            + "' (first at " + sameId.getSource() + ":" + sameId.getLine() + ")"));
        continue;  // a run drops it, so it neither repeats a text nor covers a rule
      }
      byKind.merge(p.getKind(), 1, Integer::sum);
      framingsByKind.computeIfAbsent(p.getKind(), k -> new TreeMap<>())
          .merge(p.getFraming() == null ? "-" : p.getFraming(), 1, Integer::sum);
      Prompt sameText = firstByText.putIfAbsent(normalised(p.getText()), p);
      if (sameText != null) {
        duplicateTexts.add(new Located(p.getSource(), p.getLine(), "'" + p.getId()
            + "' repeats the text of '" + sameText.getId() + "' (" + sameText.getSource() + ":"
            + sameText.getLine() + ")"));
      }
      if (p.getRuleNumber() != null) {
        byRule.computeIfAbsent(p.getRuleNumber(), k -> new ArrayList<>()).add(p);
      }
    }

    List<Integer> without = new ArrayList<>();
    List<Integer> fewViolations = new ArrayList<>();
    List<Integer> noBenign = new ArrayList<>();
    List<Integer> oneFraming = new ArrayList<>();
    Iterable<Integer> checked = coverage == Coverage.FULL
        ? allRules() : byRule.keySet();
    for (int rule : checked) {
      List<Prompt> ps = byRule.getOrDefault(rule, List.of());
      if (ps.isEmpty()) {
        without.add(rule);
        continue;
      }
      List<Prompt> violations = ps.stream().filter(p -> p.getKind() == PromptKind.violation).toList();
      if (violations.size() < 2) {
        fewViolations.add(rule);
      } else if (violations.stream().map(p -> String.valueOf(p.getFraming())).distinct().count() < 2) {
        oneFraming.add(rule);
      }
      if (ps.stream().noneMatch(p -> p.getKind() == PromptKind.benign)) {
        noBenign.add(rule);
      }
    }
    return new Findings(identity, format.name(), coverage, firstById.size(), byKind,
        framingsByKind, !byRule.isEmpty(), new TreeSet<>(byRule.keySet()), without,
        fewViolations, noBenign, oneFraming, duplicateIds, duplicateTexts, empty, unknownRules,
        malformed);
  }

  /** Case and runs of white space do not make two texts different. */
  static String normalised(String text) {
    return text.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
  }

  private static List<Integer> allRules() {
    List<Integer> out = new ArrayList<>();
    RuleTable.icrc().all().forEach(r -> out.add(r.number()));
    return out;
  }

  /** A file a pattern already matched: opened by name, never matched again as a pattern. */
  private static InputStream open(String file) throws IOException {
    ResourceId id = FileSystems.matchNewResource(file, false);
    return Channels.newInputStream(FileSystems.open(id));
  }

  /** "1-3, 7, 9-12" for a sorted list of rule numbers. */
  public static String ranges(List<Integer> rules) {
    if (rules.isEmpty()) {
      return "none";
    }
    List<String> parts = new ArrayList<>();
    int start = rules.get(0);
    int prev = start;
    for (int i = 1; i <= rules.size(); i++) {
      if (i < rules.size() && rules.get(i) == prev + 1) {
        prev = rules.get(i);
        continue;
      }
      parts.add(start == prev ? Integer.toString(start) : start + "-" + prev);
      if (i < rules.size()) {
        start = rules.get(i);
        prev = start;
      }
    }
    return String.join(", ", parts) + " (" + rules.size() + (rules.size() == 1 ? " rule)" : " rules)");
  }
}
