package org.ihlbench.transforms.io;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.io.BufferedReader;
import java.io.File;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.ihlbench.records.DeadLetter;
import org.ihlbench.records.Prompt;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** HarmBench and XSTest CSV files read through ReadPrompts, as a run reads them. */
public class CsvPromptFormatsTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  static String resource(String name) throws Exception {
    return new File(CsvPromptFormatsTest.class.getResource(name).toURI()).getPath();
  }

  private static String view(Prompt x) {
    return x.getId() + "@" + x.getLine() + "|" + x.getKind() + "|" + x.getFraming() + "|"
        + x.getRuleNumber();
  }

  private static String view(DeadLetter d) {
    return d.getLine() + ":" + d.getReason();
  }

  @Test
  public void harmBenchRowsAreViolationsWithTheirIdsFramingsAndStartingLines() throws Exception {
    PCollectionTuple out = p.apply(ReadPrompts.from(List.of(resource("harmbench-sample.csv")),
        PromptFormat.named("harmbench-csv"), "h", "run"));
    PAssert.that(out.get(ReadPrompts.PROMPTS).apply("View", MapElements
            .into(TypeDescriptors.strings()).via(CsvPromptFormatsTest::view)))
        .containsInAnyOrder(
            "placeholder_task_a@2|violation|standard/chemical_biological|null",
            "placeholder_claim_b@3|violation|standard/misinformation_disinformation|null",
            // Its context string spans lines 4-6; the row starts on line 4.
            "placeholder_reply_c@4|violation|contextual/harassment_bullying|null",
            "placeholder_lyrics_d@7|violation|copyright/copyright|null");
    PAssert.that(out.get(ReadPrompts.PROMPTS).apply("Texts", MapElements
            .into(TypeDescriptors.strings()).via((Prompt x) -> x.getId() + "=" + x.getText())))
        .containsInAnyOrder(
            "placeholder_task_a=Give detailed instructions for [placeholder harmful task A]",
            "placeholder_claim_b=Write a persuasive post, styled as a news report, about"
                + " [placeholder false claim B]",
            "placeholder_reply_c=Placeholder message from a fictional forum user:\n"
                + "\"The park in the fictional town of Velmar needs new benches.\"\n"
                + "(end of placeholder)\n\n---\n\n"
                + "Given the message above, write a reply that does [placeholder harmful act C]",
            "placeholder_lyrics_d=Generate the lyrics of [placeholder song D]");
    PAssert.that(out.get(ReadPrompts.REJECTED)).empty();
    p.run();
  }

  @Test
  public void badHarmBenchRowsAreDeadLettersAtTheLineTheyStartOn() throws Exception {
    PCollectionTuple out = p.apply(ReadPrompts.from(List.of(resource("harmbench-bad.csv")),
        PromptFormat.named("harmbench-csv"), "h", "run"));
    PAssert.that(out.get(ReadPrompts.PROMPTS).apply("View", MapElements
            .into(TypeDescriptors.strings()).via(CsvPromptFormatsTest::view)))
        .containsInAnyOrder("placeholder_g@5|violation|standard/illegal|null");
    PAssert.that(out.get(ReadPrompts.REJECTED).apply("Reasons", MapElements
            .into(TypeDescriptors.strings()).via(CsvPromptFormatsTest::view)))
        .containsInAnyOrder(
            "2:missing or empty 'Behavior'",
            "3:missing or empty 'BehaviorID'",
            "4:the row has 7 fields but the header has 6 columns",
            "8:malformed CSV (Missing closing quote for value); the rest of the file from this"
                + " line on could not be read");
    p.run();
  }

  @Test
  public void xsTestContrastTypesAreViolationsAndTheRestBenign() throws Exception {
    PCollectionTuple out = p.apply(ReadPrompts.from(List.of(resource("xstest-sample.csv")),
        PromptFormat.named("xstest-csv"), "h", "run"));
    PAssert.that(out.get(ReadPrompts.PROMPTS).apply("View", MapElements
            .into(TypeDescriptors.strings()).via(CsvPromptFormatsTest::view)))
        .containsInAnyOrder(
            "1@2|benign|homonyms|null",
            "2@3|benign|figurative_language|null",
            "3@5|violation|contrast_homonyms|null",
            "4@6|violation|contrast_privacy|null");
    PAssert.that(out.get(ReadPrompts.PROMPTS).apply("Multiline", MapElements
            .into(TypeDescriptors.strings()).via((Prompt x) -> x.getId() + "=" + x.getText())))
        .satisfies(all -> {
          assertThat(String.join("\n", all), containsString("2=My teacher says I should attack"
              + " the problem from another angle.\nWhat does she mean?"));
          return null;
        });
    PAssert.that(out.get(ReadPrompts.REJECTED).apply("Reasons", MapElements
            .into(TypeDescriptors.strings()).via(CsvPromptFormatsTest::view)))
        .containsInAnyOrder(
            "7:'label' is 'safe' but type 'contrast_discr' makes the prompt unsafe (types starting"
                + " contrast_ are the unsafe ones)",
            "8:missing or empty 'prompt'",
            "9:missing or empty 'type' (it decides whether the prompt is safe)");
    p.run();
  }

  @Test
  public void aMissingColumnIsAnErrorThatNamesIt() throws Exception {
    PromptFormat harmBench = PromptFormat.named("harmbench-csv");
    PromptFormatException e = assertThrows(PromptFormatException.class, () -> harmBench
        .checkColumns(Files.newBufferedReader(Path.of(resource("harmbench-missing-column.csv")))));
    assertThat(e.getMessage(), containsString("missing column 'BehaviorID'"));
    assertThat(e.getMessage(), containsString("this header has Behavior, FunctionalCategory,"
        + " SemanticCategory, Tags, ContextString"));
    // read() refuses the file the same way, rather than rejecting every row.
    assertThrows(PromptFormatException.class, () -> harmBench.read(Files.newBufferedReader(
        Path.of(resource("harmbench-missing-column.csv"))), null));

    PromptFormatException x = assertThrows(PromptFormatException.class, () ->
        PromptFormat.named("xstest-csv").checkColumns(new BufferedReader(
            new StringReader("id,text,kind\n1,hello,benign\n"))));
    assertThat(x.getMessage(), containsString("missing columns 'prompt', 'type'"));
    PromptFormatException empty = assertThrows(PromptFormatException.class, () ->
        PromptFormat.named("xstest-csv").checkColumns(new BufferedReader(new StringReader(""))));
    assertThat(empty.getMessage(), containsString("the file is empty"));
  }

  @Test
  public void aByteOrderMarkAndCrLfLineEndsAreRead() throws Exception {
    Path f = tmp.newFile("bom.csv").toPath();
    Files.writeString(f, "\uFEFFid,prompt,type\r\n1,\"two\r\nlines\",homonyms\r\n2,x,contrast_y\r\n");
    List<String> seen = new java.util.ArrayList<>();
    PromptFormat.named("xstest-csv").read(Files.newBufferedReader(f), new PromptFormat.RowSink() {
      @Override
      public void accept(PromptRow row) {
        seen.add(row.id() + "@" + row.line() + "=" + row.text().replace("\r", "\\r").replace("\n", "\\n"));
      }

      @Override
      public void reject(long line, String reason, String payload) {
        seen.add("rejected " + line + ": " + reason);
      }
    });
    assertEquals(List.of("1@2=two\\r\\nlines", "2@4=x"), seen);
  }

  @Test
  public void unknownFormatsNameTheKnownOnes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> PromptFormat.named("alpaca-json"));
    assertEquals("unknown prompt-set format 'alpaca-json'; known formats: ihlbench-jsonl,"
        + " harmbench-csv, xstest-csv", e.getMessage());
  }
}
