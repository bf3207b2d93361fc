package org.ihlbench.transforms.expand;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ihlbench.records.Prompt;
import org.ihlbench.records.PromptKind;
import org.ihlbench.transforms.ContentHash;
import org.ihlbench.transforms.TestRecords;
import org.ihlbench.transforms.io.JsonlPromptFormat;
import org.ihlbench.transforms.io.PromptFile;
import org.junit.BeforeClass;
import org.junit.Test;

public class VariantsTest {
  static final Path DATASETS = Path.of("..", "configs", "datasets").toAbsolutePath().normalize();
  static final List<Prompt> SHIPPED = new ArrayList<>();

  /**
   * What each variant renders for a fixed set of prompts, hashed. A change to a template changes
   * stored results, so it must come with a new version(): bump it and update the hash here.
   */
  static final Map<String, String> FINGERPRINTS = Map.of(
      "plain@1", "91f098494a573b43",
      "code@1", "70b192cee86a44dc",
      "technical@1", "f3d6b9cd755b2336",
      "roleplay@1", "fd705f2890e5dbe1");

  @BeforeClass
  public static void readTheShippedPrompts() throws Exception {
    for (String f : List.of("ihl-violations.jsonl", "ihl-benign.jsonl")) {
      try (InputStream in = Files.newInputStream(DATASETS.resolve(f))) {
        PromptFile.read(f, in, new JsonlPromptFormat(), "h", new PromptFile.Sink() {
          @Override
          public void prompt(Prompt prompt) {
            SHIPPED.add(prompt);
          }

          @Override
          public void reject(long line, PromptFile.Problem problem, String reason, String payload) {
            throw new AssertionError(f + ":" + line + ": " + reason);
          }
        });
      }
    }
    assertEquals(483, SHIPPED.size());
  }

  private static List<Variant> all() {
    return Variants.names().stream().map(Variants::named).toList();
  }

  @Test
  public void theFourVariantsAreKnownByName() {
    assertEquals(List.of("plain", "code", "technical", "roleplay"), Variants.names());
    for (Variant v : all()) {
      assertFalse(v.name(), v.version().isBlank());
    }
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Variants.named("base64"));
    assertEquals("unknown variant 'base64'; known variants: [plain, code, technical, roleplay]",
        e.getMessage());
  }

  @Test
  public void everyVariantIsAPureFunctionOfThePrompt() {
    for (Variant v : all()) {
      Variant fresh = Variants.named(v.name());
      for (Prompt p : SHIPPED) {
        String once = v.render(p);
        assertEquals(once, v.render(p));
        assertEquals(once, fresh.render(Prompt.newBuilder(p).build()));
        // Only the id and the text matter: where the prompt was read from does not.
        assertEquals(once, v.render(Prompt.newBuilder(p).setSource("elsewhere.jsonl")
            .setLine(999).setDatasetHash("another").build()));
      }
    }
  }

  @Test
  public void everyRenderingKeepsTheRequestVerbatimAndNoTwoVariantsRenderAlike() {
    for (Prompt p : SHIPPED) {
      Set<String> renderings = new HashSet<>();
      for (Variant v : all()) {
        String r = v.render(p);
        assertTrue(v.name() + " " + p.getId(), r.contains(p.getText()));
        assertFalse(v.name() + " " + p.getId(), r.contains(TemplatedVariant.REQUEST));
        assertTrue(v.name() + " renders " + p.getId() + " like another variant", renderings.add(r));
      }
    }
  }

  @Test
  public void requestsWithSpecialCharactersAreInsertedAsTheyAre() {
    Prompt odd = TestRecords.prompt("odd", "100% of $1 \\n {{request}} \"quoted\"", 1,
        PromptKind.violation);
    for (Variant v : all()) {
      String r = v.render(odd);
      assertTrue(v.name(), r.contains(odd.getText()));
    }
  }

  @Test
  public void theShippedSetSpreadsOverEveryTemplate() {
    for (Variant v : all()) {
      if (v instanceof TemplatedVariant t) {
        int[] uses = new int[t.templates().size()];
        for (Prompt p : SHIPPED) {
          uses[t.templateIndex(p)]++;
        }
        for (int i = 0; i < uses.length; i++) {
          // 483 prompts over 3 templates: about 161 each; far fewer means a broken choice.
          assertTrue(v.name() + " template " + i + " used " + uses[i] + " times", uses[i] > 100);
        }
        for (String template : t.templates()) {
          assertEquals(template.indexOf(TemplatedVariant.REQUEST),
              template.lastIndexOf(TemplatedVariant.REQUEST));
          assertTrue(template.contains(TemplatedVariant.REQUEST));
        }
      }
    }
  }

  @Test
  public void aVariantsOutputIsFrozenForItsVersion() {
    List<Prompt> fixed = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      fixed.add(TestRecords.prompt("prompt-" + i, "Request number " + i + ".", 1,
          PromptKind.violation));
    }
    StringBuilder actual = new StringBuilder();
    for (Variant v : all()) {
      List<String> parts = new ArrayList<>();
      fixed.forEach(p -> parts.add(v.render(p)));
      String hash = ContentHash.sha256Hex(parts.toArray(String[]::new)).substring(0, 16);
      String key = v.name() + "@" + v.version();
      actual.append(key).append('=').append(hash).append('\n');
      assertTrue("no fingerprint recorded for " + key, FINGERPRINTS.containsKey(key));
    }
    for (Variant v : all()) {
      String key = v.name() + "@" + v.version();
      assertEquals("variant " + v.name() + " renders differently from its version "
          + v.version() + ": bump version() and record the new fingerprint; now:\n" + actual,
          FINGERPRINTS.get(key), actual.toString().lines()
              .filter(l -> l.startsWith(key + "=")).findFirst().orElseThrow().substring(key.length() + 1));
    }
  }
}
