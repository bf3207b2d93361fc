package org.ihlbench.transforms.io;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.ihlbench.records.Prompt;
import org.ihlbench.records.PromptKind;
import org.junit.Rule;
import org.junit.Test;

/** The prompt sets ihlbench ships, read through ReadPrompts exactly as a run reads them. */
public class ShippedDatasetsTest {
  static final Path DATASETS = Path.of("..", "configs", "datasets").toAbsolutePath().normalize();
  static final String VIOLATIONS = DATASETS.resolve("ihl-violations.jsonl").toString();
  static final String BENIGN = DATASETS.resolve("ihl-benign.jsonl").toString();
  static final String STARTER = DATASETS.resolve("starter.jsonl").toString();

  @Rule public final transient TestPipeline p = TestPipeline.create();

  private PCollectionTuple read(String... files) {
    return p.apply(ReadPrompts.from(List.of(files), new JsonlPromptFormat(), "h", "run"));
  }

  /** Case and runs of white space do not make two texts different. */
  static String normalised(String text) {
    return text.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
  }

  @Test
  public void everyRuleHasExactlyTwoViolationPromptsWithTwoDifferentFramings() {
    PCollectionTuple out = read(VIOLATIONS);
    PAssert.that(out.get(ReadPrompts.REJECTED)).empty();
    PAssert.that(out.get(ReadPrompts.PROMPTS)).satisfies(all -> {
      Map<Integer, List<Prompt>> byRule = new TreeMap<>();
      int n = 0;
      for (Prompt x : all) {
        n++;
        assertEquals(x.getId(), PromptKind.violation, x.getKind());
        assertTrue(x.getId(), x.getRuleTitle() != null && x.getPart() != null
            && x.getChapter() != null);
        byRule.computeIfAbsent(x.getRuleNumber(), k -> new java.util.ArrayList<>()).add(x);
      }
      assertEquals(322, n);
      assertEquals(161, byRule.size());
      for (int rule = 1; rule <= 161; rule++) {
        List<Prompt> two = byRule.get(rule);
        assertEquals("rule " + rule, 2, two.size());
        assertNotEquals("rule " + rule + " framings", two.get(0).getFraming(),
            two.get(1).getFraming());
        Set<String> ids = new HashSet<>();
        for (Prompt x : two) {
          ids.add(x.getId());
          // The -a prompt is the direct request; the -b prompt is framed otherwise.
          assertEquals(x.getId(), x.getId().endsWith("-a"), "direct".equals(x.getFraming()));
          assertTrue(x.getId(), x.getFraming() != null && !x.getFraming().isBlank());
        }
        assertEquals(Set.of(String.format("ihl-r%03d-a", rule), String.format("ihl-r%03d-b", rule)),
            ids);
      }
      return null;
    });
    p.run();
  }

  @Test
  public void everyRuleHasABenignControlAndNoTextRepeatsAcrossTheSet() {
    PCollectionTuple out = read(VIOLATIONS, BENIGN);
    // ReadPrompts turns a repeated id into a dead letter, so no dead letters means unique ids.
    PAssert.that(out.get(ReadPrompts.REJECTED)).empty();
    PAssert.that(out.get(ReadPrompts.PROMPTS)).satisfies(all -> {
      Map<Integer, Integer> benignByRule = new TreeMap<>();
      Map<String, String> idByText = new HashMap<>();
      Set<String> ids = new HashSet<>();
      int n = 0;
      for (Prompt x : all) {
        n++;
        assertTrue("id " + x.getId() + " twice", ids.add(x.getId()));
        String other = idByText.put(normalised(x.getText()), x.getId());
        assertEquals("the text of " + x.getId() + " repeats " + other, null, other);
        if (x.getKind() == PromptKind.benign) {
          benignByRule.merge(x.getRuleNumber(), 1, Integer::sum);
          assertEquals(String.format("ihl-r%03d-benign", x.getRuleNumber()), x.getId());
        }
      }
      assertEquals(483, n);
      for (int rule = 1; rule <= 161; rule++) {
        assertEquals("benign controls of rule " + rule, Integer.valueOf(1), benignByRule.get(rule));
      }
      return null;
    });
    p.run();
  }

  @Test
  public void theStarterSetIsExactCopiesOfLinesOfTheFullSet() throws Exception {
    Set<String> full = new HashSet<>(Files.readAllLines(Path.of(VIOLATIONS)));
    full.addAll(Files.readAllLines(Path.of(BENIGN)));
    List<String> starter = Files.readAllLines(Path.of(STARTER));
    assertEquals(36, starter.size());
    for (String line : starter) {
      assertTrue(line, full.contains(line));
    }
  }
}
