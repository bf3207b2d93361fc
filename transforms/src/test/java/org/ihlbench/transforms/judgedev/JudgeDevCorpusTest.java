package org.ihlbench.transforms.judgedev;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.ihlbench.records.Prompt;
import org.ihlbench.transforms.ContentHash;
import org.ihlbench.transforms.expand.Variants;
import org.ihlbench.transforms.io.JsonlPromptFormat;
import org.ihlbench.transforms.io.PromptFile;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The labelled judge development corpus in configs/judge-dev/: its schema, its labels, the
 * seeded stratified split (rebuilt here independently of scripts/judge-dev-split.py), and that
 * each request is what the pipeline would really send for its prompt and variant. A second test
 * feeds the same checks a broken corpus, so the checks are known to fail when they should.
 */
public class JudgeDevCorpusTest {
  static final Path DIR = Path.of("..", "configs", "judge-dev").toAbsolutePath().normalize();
  static final Path DATASETS = Path.of("..", "configs", "datasets").toAbsolutePath().normalize();
  static final ObjectMapper JSON = new ObjectMapper();

  static final Set<String> LABELS = Set.of("full", "partial", "none");
  static final Set<String> KINDS = Set.of("violation", "benign");
  static final List<String> FIELDS = List.of(
      "id", "request", "response", "label", "helpful", "style", "kind", "source", "licence",
      "batch");

  /** Every style the corpus must hold, with the label its rows carry. */
  static final Map<String, String> STYLES = styles();
  /** Rows each style must have in each split, at least. */
  static final int MIN_DEV = 8;
  static final int MIN_TEST = 5;

  static final String SPLIT_SALT = "judge-dev-split-v1";
  static final double DEV_SHARE = 0.6;

  static final Map<String, Prompt> PROMPTS = new HashMap<>();

  private static Map<String, String> styles() {
    Map<String, String> m = new LinkedHashMap<>();
    for (String s : List.of("explicit", "apologetic", "moralising", "as-an-ai", "deflection",
        "law-then-refuse", "buried", "terse", "empty", "markdown-lead", "not-accurate",
        "no-opinion-rebuttal", "lecture-redirect")) {
      m.put(s, "full");
    }
    for (String s : List.of("plain", "disclaimer-first", "warning-after", "role-play", "code",
        "benign-answer")) {
      m.put(s, "none");
    }
    for (String s : List.of("partial-outline", "partial-code", "ihl-trap", "hypothetical")) {
      m.put(s, "partial");
    }
    return m;
  }

  @BeforeClass
  public static void readTheShippedPrompts() throws IOException {
    for (String f : List.of("ihl-violations.jsonl", "ihl-benign.jsonl")) {
      try (InputStream in = Files.newInputStream(DATASETS.resolve(f))) {
        PromptFile.read(f, in, new JsonlPromptFormat(), "h", new PromptFile.Sink() {
          @Override
          public void prompt(Prompt prompt) {
            PROMPTS.put(prompt.getId(), prompt);
          }

          @Override
          public void reject(long line, PromptFile.Problem problem, String reason, String payload) {
            throw new AssertionError(f + ":" + line + ": " + reason);
          }
        });
      }
    }
  }

  @Test
  public void theShippedCorpusHasNoProblems() throws IOException {
    List<JsonNode> dev = read(DIR.resolve("dev.jsonl"));
    List<JsonNode> test = read(DIR.resolve("test.jsonl"));
    List<String> problems = problems(dev, test);
    assertTrue(String.join("\n", problems), problems.isEmpty());
    assertTrue("at least 600 answers in all", dev.size() + test.size() >= 600);
  }

  @Test
  public void aBrokenCorpusIsCaught() throws IOException {
    List<JsonNode> dev = read(DIR.resolve("dev.jsonl"));
    List<JsonNode> test = read(DIR.resolve("test.jsonl"));
    // One fault of each kind the checks look for.
    ObjectNode noHelpful = dev.get(0).deepCopy();
    noHelpful.put("id", "broken-1").put("label", "full").putNull("helpful");
    ObjectNode badLabel = dev.get(1).deepCopy();
    badLabel.put("id", "broken-2").put("label", "refused");
    ObjectNode helpfulOnNone = firstWithLabel(dev, "none").deepCopy();
    helpfulOnNone.put("id", "broken-3").put("helpful", true);
    ObjectNode missingField = dev.get(2).deepCopy();
    missingField.put("id", "broken-4").remove("source");
    ObjectNode duplicateId = test.get(0).deepCopy();
    ObjectNode samePairOtherId = dev.stream()
        .filter(r -> !r.path("style").asText().equals("empty")).skip(3).findFirst()
        .orElseThrow().deepCopy();
    samePairOtherId.put("id", "broken-6");
    ObjectNode notWhatThePipelineSends = firstWithVariant(dev, "code").deepCopy();
    notWhatThePipelineSends.put("id", "broken-7").put("request", "Write the code.");
    ObjectNode publicWithoutLicence = dev.get(4).deepCopy();
    publicWithoutLicence.put("id", "broken-8").put("source", "someone/data#row:1")
        .putNull("licence");

    List<JsonNode> broken = List.of(noHelpful, badLabel, helpfulOnNone, missingField,
        duplicateId, notWhatThePipelineSends, publicWithoutLicence, samePairOtherId);
    List<JsonNode> brokenDev = new ArrayList<>(dev);
    brokenDev.addAll(broken.subList(0, 7));
    List<JsonNode> brokenTest = new ArrayList<>(test);
    // A style left with too few test rows.
    brokenTest.removeIf(r -> r.path("style").asText().equals("empty"));
    brokenTest.add(samePairOtherId);
    // A dev row moved to test, from a stratum the rows above do not touch.
    Set<String> touched = new HashSet<>();
    broken.forEach(r -> touched.add(r.path("style").asText()));
    touched.add("empty");
    JsonNode moved = dev.stream().filter(r -> !touched.contains(r.path("style").asText()))
        .findFirst().orElseThrow();
    brokenDev.remove(moved);
    brokenTest.add(moved);
    String all = String.join("\n", problems(brokenDev, brokenTest));

    for (String expected : List.of(
        "broken-1: helpful must be true or false when label is full",
        "broken-2: label 'refused' is not one of",
        "broken-3: helpful must be null when label is none",
        "broken-4: missing field 'source'",
        "id " + duplicateId.get("id").asText() + " appears more than once",
        "broken-6: the same request and response are in both dev and test",
        "broken-7: request is not what the pipeline sends",
        "broken-8: a public row needs a licence",
        "style empty has 0 rows in test",
        moved.path("id").asText() + " is in test but the seeded split puts it in dev")) {
      assertTrue("expected a problem containing <" + expected + "> in:\n" + all,
          all.contains(expected));
    }
  }

  @Test
  public void theSplitIsRoughlySixtyForty() throws IOException {
    int dev = read(DIR.resolve("dev.jsonl")).size();
    int test = read(DIR.resolve("test.jsonl")).size();
    double share = (double) dev / (dev + test);
    assertTrue("dev share " + share, share > 0.57 && share < 0.63);
  }

  @Test
  public void rankKeyFollowsTheContentHashConvention() {
    // The split script hashes ("judge-dev-split-v1", id) the same way; a fixed value pins it.
    assertEquals(ContentHash.sha256Hex(SPLIT_SALT, "w1-0001"), rankKey("w1-0001"));
    assertEquals(64, rankKey("x").length());
  }

  // --- the checks ------------------------------------------------------------------------------

  static List<String> problems(List<JsonNode> dev, List<JsonNode> test) {
    List<String> problems = new ArrayList<>();
    Map<String, String> sideOfId = new HashMap<>();
    Map<String, String> sideOfPair = new HashMap<>();
    Map<String, Map<String, Integer>> countsBySide = new TreeMap<>();
    for (String side : List.of("dev", "test")) {
      Map<String, Integer> counts = new TreeMap<>();
      countsBySide.put(side, counts);
      for (JsonNode r : side.equals("dev") ? dev : test) {
        String id = r.path("id").asText("?");
        for (String f : FIELDS) {
          if (!r.has(f)) {
            problems.add(side + " " + id + ": missing field '" + f + "'");
          }
        }
        if (sideOfId.put(id, side) != null) {
          problems.add("id " + id + " appears more than once");
        }
        String pair = r.path("request").asText() + "\u0000" + r.path("response").asText();
        String other = sideOfPair.putIfAbsent(pair, side);
        if (other != null && !other.equals(side)) {
          problems.add(side + " " + id + ": the same request and response are in both dev and test");
        } else if (other != null) {
          problems.add(side + " " + id + ": the same request and response appear twice in " + side);
        }
        rowProblems(side, id, r, problems);
        counts.merge(r.path("style").asText(), 1, Integer::sum);
      }
    }
    for (String style : STYLES.keySet()) {
      int d = countsBySide.get("dev").getOrDefault(style, 0);
      int t = countsBySide.get("test").getOrDefault(style, 0);
      if (d < MIN_DEV) {
        problems.add("style " + style + " has " + d + " rows in dev, fewer than " + MIN_DEV);
      }
      if (t < MIN_TEST) {
        problems.add("style " + style + " has " + t + " rows in test, fewer than " + MIN_TEST);
      }
    }
    splitProblems(dev, test, problems);
    return problems;
  }

  private static void rowProblems(String side, String id, JsonNode r, List<String> problems) {
    String at = side + " " + id + ": ";
    String label = r.path("label").asText();
    if (!LABELS.contains(label)) {
      problems.add(at + "label '" + label + "' is not one of " + LABELS);
    }
    JsonNode helpful = r.path("helpful");
    if (label.equals("none") && !helpful.isNull()) {
      problems.add(at + "helpful must be null when label is none");
    }
    if ((label.equals("full") || label.equals("partial")) && !helpful.isBoolean()) {
      problems.add(at + "helpful must be true or false when label is " + label);
    }
    String style = r.path("style").asText();
    if (!STYLES.containsKey(style)) {
      problems.add(at + "style '" + style + "' is not one of " + STYLES.keySet());
    } else if (LABELS.contains(label) && !STYLES.get(style).equals(label)) {
      problems.add(at + "style " + style + " carries label " + STYLES.get(style) + ", not " + label);
    }
    if (!KINDS.contains(r.path("kind").asText())) {
      problems.add(at + "kind '" + r.path("kind").asText() + "' is not one of " + KINDS);
    }
    if (!r.path("request").isTextual() || r.path("request").asText().isBlank()) {
      problems.add(at + "request must be a non-empty string");
    }
    if (!r.path("response").isTextual()) {
      problems.add(at + "response must be a string (empty for an empty answer)");
    }
    String source = r.path("source").asText();
    boolean written = source.equals("written");
    if (!written && (r.path("licence").isNull() || r.path("licence").asText().isBlank())) {
      problems.add(at + "a public row needs a licence");
    }
    if (written && !r.path("licence").isNull()) {
      problems.add(at + "a written row has no licence of its own (null)");
    }
    // No operational content: a written answer that complies in any part does so with a
    // placeholder where the content would be.
    if (written && r.path("kind").asText().equals("violation") && !label.equals("full")) {
      String text = r.path("response").asText();
      if (!text.contains("omitted") && !text.contains("removed")) {
        problems.add(at + "a written compliant or partial answer must show its content as a "
            + "placeholder ('[... omitted]')");
      }
    }
    // The request is what the pipeline sends for the prompt and variant.
    Prompt prompt = PROMPTS.get(r.path("prompt_id").asText());
    if (prompt != null && r.hasNonNull("variant")) {
      String sent = Variants.named(r.path("variant").asText()).render(prompt);
      if (!sent.equals(r.path("request").asText())) {
        problems.add(at + "request is not what the pipeline sends for " + prompt.getId()
            + " with variant " + r.path("variant").asText());
      }
      if (!prompt.getKind().name().equals(r.path("kind").asText())) {
        problems.add(at + "kind differs from the prompt's kind " + prompt.getKind());
      }
    }
  }

  /** Rebuilds the seeded stratified split and reports each row on the wrong side. */
  private static void splitProblems(List<JsonNode> dev, List<JsonNode> test,
      List<String> problems) {
    Map<String, List<JsonNode>> strata = new TreeMap<>();
    Map<JsonNode, String> actual = new IdentityHashMap<>();
    for (JsonNode r : dev) {
      actual.put(r, "dev");
      strata.computeIfAbsent(stratum(r), k -> new ArrayList<>()).add(r);
    }
    for (JsonNode r : test) {
      actual.put(r, "test");
      strata.computeIfAbsent(stratum(r), k -> new ArrayList<>()).add(r);
    }
    for (List<JsonNode> members : strata.values()) {
      members.sort(Comparator.comparing(r -> rankKey(r.path("id").asText())));
      int nDev = (int) (members.size() * DEV_SHARE + 0.5);
      for (int i = 0; i < members.size(); i++) {
        String expected = i < nDev ? "dev" : "test";
        String got = actual.get(members.get(i));
        if (!expected.equals(got)) {
          problems.add(members.get(i).path("id").asText() + " is in " + got
              + " but the seeded split puts it in " + expected);
        }
      }
    }
  }

  static String stratum(JsonNode r) {
    String source = r.path("source").asText();
    int hash = source.indexOf('#');
    String dataset = hash < 0 ? source : source.substring(0, hash);
    return r.path("batch").asText() + "\u0000" + r.path("style").asText() + "\u0000" + dataset;
  }

  static String rankKey(String id) {
    return ContentHash.sha256Hex(SPLIT_SALT, id);
  }

  // --- reading ---------------------------------------------------------------------------------

  static List<JsonNode> read(Path file) throws IOException {
    List<JsonNode> rows = new ArrayList<>();
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    Set<Integer> blank = new HashSet<>();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).isBlank()) {
        blank.add(i);
        continue;
      }
      try {
        rows.add(JSON.readTree(lines.get(i)));
      } catch (IOException e) {
        throw new IOException(file + ":" + (i + 1) + ": not a JSON object: " + e.getMessage(), e);
      }
    }
    assertTrue(file + ": blank lines " + blank, blank.isEmpty());
    return rows;
  }

  private static JsonNode firstWithLabel(List<JsonNode> rows, String label) {
    return rows.stream().filter(r -> r.path("label").asText().equals(label)).findFirst()
        .orElseThrow();
  }

  private static JsonNode firstWithVariant(List<JsonNode> rows, String variant) {
    return rows.stream().filter(r -> r.path("variant").asText().equals(variant)).findFirst()
        .orElseThrow();
  }
}
