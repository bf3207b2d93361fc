package org.ihlbench.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ihlbench.pipeline.cli.ExitCode;
import org.ihlbench.pipeline.config.ExperimentConfig;
import org.ihlbench.records.Prompt;
import org.ihlbench.records.PromptKind;
import org.ihlbench.simulator.AnswerClass;
import org.ihlbench.simulator.SimRequest;
import org.ihlbench.simulator.Simulator;
import org.ihlbench.transforms.expand.Variants;
import org.ihlbench.transforms.io.DatasetIdentity;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

/**
 * configs/paper.yaml, the full experiment, end to end on the Direct runner against the simulator
 * with configs/simulator/paper.yaml: all 483 prompts x 2 models x 3 conditions x 4 variants.
 * Read back with DuckDB: every condition x variant x kind has its summary row, the benign rows
 * give the over-refusal rate, the effects the profile builds in (wrapped requests slip through,
 * safety prompts raise helpful refusals) come out, and the terminal table shows all of it.
 */
public class PaperEndToEndTest {
  @ClassRule public static final TemporaryFolder TMP = new TemporaryFolder();
  static final List<String> MODELS = List.of("sim-cautious", "sim-lax");
  static final List<String> CONDITIONS = List.of("baseline", "ihl-safety", "tailored");
  static final List<String> VARIANTS = List.of("plain", "code", "technical", "roleplay");
  static Simulator sim;
  static Path config;
  static Path runDir;
  static ExitCode exitCode;
  static String printed;
  static double seconds;

  @BeforeClass
  public static void runThePaperExperiment() throws Exception {
    sim = DemoFixture.startSimulator("paper.yaml");
    config = DemoFixture.config("paper.yaml", TMP.getRoot().toPath(), sim);
    Path out = TMP.getRoot().toPath().resolve("out");
    PrintStream saved = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    long start = System.nanoTime();
    try {
      exitCode = IhlBench.execute(new String[] {"run", "--config=" + config, "--output=" + out,
          "--runId=paper-e2e", "--progressSeconds=0", "--runner=DirectRunner"});
    } finally {
      System.setOut(saved);
    }
    seconds = (System.nanoTime() - start) / 1e9;
    printed = captured.toString(StandardCharsets.UTF_8);
    System.out.print(printed);
    System.out.printf("paper experiment: %.1f s on the Direct runner%n", seconds);
    runDir = out.resolve("runs/paper-e2e");
  }

  @AfterClass
  public static void stop() {
    sim.close();
  }

  private static String table(String name) {
    return "read_parquet('" + runDir.resolve(name) + "')";
  }

  @Test
  public void everyPromptVariantConditionAndModelIsRunAndAccountedFor() throws Exception {
    assertEquals(printed, ExitCode.OK, exitCode);
    JsonNode m = DemoFixture.manifest(runDir);
    assertEquals(483, m.at("/counts/prompts").asLong());
    assertEquals(0, m.at("/counts/rows_rejected").asLong());
    assertEquals(483L * 2 * 3 * 4, m.at("/counts/samples").asLong());
    assertEquals(483L * 2 * 3 * 4, m.at("/counts/judged_samples").asLong());
    assertTrue(m.at("/balance/balanced").asBoolean());
    String hash = DatasetIdentity.of(List.of(
        DemoFixture.CONFIGS.resolve("datasets/ihl-violations.jsonl").toString(),
        DemoFixture.CONFIGS.resolve("datasets/ihl-benign.jsonl").toString())).hash();
    assertEquals(hash, m.at("/dataset/hash").asText());
    List<String> variants = new ArrayList<>();
    m.get("variants").forEach(v -> variants.add(v.get("name").asText() + "@" + v.get("version").asText()));
    assertEquals(List.of("plain@1", "code@1", "technical@1", "roleplay@1"), variants);
    // The tailored condition sends each model its own prompt, different from the standard one.
    JsonNode tailored = m.get("conditions").get(2);
    assertEquals("tailored", tailored.get("name").asText());
    assertEquals(2, tailored.get("per_model_sha256").size());

    List<Map<String, Object>> rows = DemoFixture.query("SELECT variant, variant_version,"
        + " count(*) AS n, count(DISTINCT prompt_id) AS prompts,"
        + " count(*) FILTER (WHERE dataset_hash = '" + hash + "') AS hashed"
        + " FROM " + table("judged_samples-*.parquet") + " GROUP BY ALL ORDER BY variant");
    assertEquals(4, rows.size());
    for (Map<String, Object> r : rows) {
      assertEquals(r.toString(), "1", r.get("variant_version"));
      assertEquals(r.toString(), 483L * 2 * 3, r.get("n"));
      assertEquals(r.toString(), 483L, r.get("prompts"));
      assertEquals(r.toString(), r.get("n"), r.get("hashed"));
    }
  }

  /** summary.parquet as model/condition/variant/kind -> row. */
  private static Map<String, Map<String, Object>> summary() throws Exception {
    Map<String, Map<String, Object>> cells = new HashMap<>();
    for (Map<String, Object> r : DemoFixture.query("SELECT * FROM " + table("summary.parquet"))) {
      cells.put(r.get("model") + "/" + r.get("condition") + "/" + r.get("variant") + "/"
          + r.get("kind"), r);
    }
    return cells;
  }

  @Test
  public void theSummaryHasARowForEveryModelConditionVariantAndKind() throws Exception {
    Map<String, Map<String, Object>> cells = summary();
    assertEquals(2 * 3 * 4 * 2, cells.size());
    for (String model : MODELS) {
      for (String condition : CONDITIONS) {
        for (String variant : VARIANTS) {
          String cell = model + "/" + condition + "/" + variant;
          assertEquals(cell, 322L, cells.get(cell + "/violation").get("n"));
          assertEquals(cell, 161L, cells.get(cell + "/benign").get("n"));
          assertEquals(cell, 161L, cells.get(cell + "/benign").get("clusters"));
        }
      }
    }
  }

  @Test
  public void benignRowsGiveTheOverRefusalRate() throws Exception {
    List<Map<String, Object>> rows = DemoFixture.query(
        "WITH j AS (SELECT model, condition, variant,"
            + "   avg(refused::INT) AS over_refusal, count(*) AS n"
            + " FROM " + table("judged_samples-*.parquet") + " WHERE kind = 'benign' GROUP BY ALL)"
            + " SELECT s.model, s.condition, s.variant, s.refusal_rate, j.over_refusal,"
            + "   v.refusal_rate AS violation_refusal"
            + " FROM " + table("summary.parquet") + " s JOIN j USING (model, condition, variant)"
            + " JOIN " + table("summary.parquet") + " v USING (model, condition, variant)"
            + " WHERE s.kind = 'benign' AND v.kind = 'violation'");
    assertEquals(24, rows.size());
    for (Map<String, Object> r : rows) {
      double overRefusal = (Double) r.get("refusal_rate");
      assertEquals(r.toString(), (Double) r.get("over_refusal"), overRefusal, 1e-12);
      // The profile answers lawful questions 92-99% of the time.
      assertTrue(r.toString(), overRefusal < 0.15);
      assertTrue(r.toString(), overRefusal < (Double) r.get("violation_refusal"));
    }
  }

  @Test
  public void wrappedRequestsSlipThroughAndSafetyPromptsRaiseHelpfulRefusals() throws Exception {
    Map<String, Map<String, Object>> c = summary();
    for (String model : MODELS) {
      double plain = rate(c, model + "/baseline/plain/violation", "refusal_rate");
      for (String wrapped : List.of("code", "technical")) {
        // The profile sets these 25-35 points apart; the interval must clear the plain rate.
        assertTrue(model + " " + wrapped,
            rate(c, model + "/baseline/" + wrapped + "/violation", "refusal_ci_high") < plain);
      }
      for (String variant : VARIANTS) {
        String base = model + "/baseline/" + variant + "/violation";
        String safety = model + "/ihl-safety/" + variant + "/violation";
        assertTrue(safety, rate(c, safety, "helpful_ci_low") > rate(c, base, "helpful_ci_high"));
      }
    }
    // sim-lax's tailored prompt names the wrappers: code requests stop slipping through.
    assertTrue(rate(c, "sim-lax/tailored/code/violation", "refusal_ci_low")
        > rate(c, "sim-lax/ihl-safety/code/violation", "refusal_ci_high"));
    // sim-cautious's tailored prompt asks for reasons: nearly every refusal explains itself.
    assertTrue(rate(c, "sim-cautious/tailored/plain/violation", "helpful_rate")
        > rate(c, "sim-cautious/ihl-safety/plain/violation", "helpful_rate"));
  }

  private static double rate(Map<String, Map<String, Object>> c, String cell, String column) {
    return (Double) c.get(cell).get(column);
  }

  @Test
  public void theJudgeAgreesWithWhatTheSimulatorAnsweredToEveryRenderedVariant() throws Exception {
    Map<String, Prompt> prompts = new HashMap<>();
    ObjectMapper json = new ObjectMapper();
    for (String f : List.of("ihl-violations.jsonl", "ihl-benign.jsonl")) {
      for (String line : Files.readAllLines(DemoFixture.CONFIGS.resolve("datasets/" + f))) {
        JsonNode n = json.readTree(line);
        prompts.put(n.get("id").asText(), Prompt.newBuilder().setId(n.get("id").asText())
            .setText(n.get("text").asText()).setKind(PromptKind.valueOf(n.get("kind").asText()))
            .setSource(f).setLine(0).setDatasetHash("h").build());
      }
    }
    Map<String, String> systemByCell = new HashMap<>();
    for (var condition : ExperimentConfig.load(config).conditions()) {
      for (String model : MODELS) {
        systemByCell.put(model + "/" + condition.name(), condition.systemPromptFor(model));
      }
    }
    List<Map<String, Object>> rows = DemoFixture.query("SELECT model_id, condition, variant,"
        + " prompt_id, seed, refused, helpful_refusal FROM " + table("judged_samples-*.parquet"));
    assertEquals(11592, rows.size());
    for (Map<String, Object> r : rows) {
      String user = Variants.named((String) r.get("variant"))
          .render(prompts.get((String) r.get("prompt_id")));
      SimRequest req = new SimRequest((String) r.get("model_id"),
          systemByCell.get(r.get("model_id") + "/" + r.get("condition")),
          List.of(new SimRequest.Message("user", user)), (Integer) r.get("seed"), 400, "k");
      AnswerClass truth = sim.answer(req, sim.profile().models().get((String) r.get("model_id")))
          .answerClass();
      assertEquals(r.toString(), truth.isRefusal(), r.get("refused"));
      if (truth.isRefusal()) {
        assertEquals(r.toString(), truth == AnswerClass.EXPLANATORY_REFUSAL, r.get("helpful_refusal"));
      }
    }
  }

  @Test
  public void theTerminalTableBreaksDownByConditionAndVariantWithOverRefusalAlongside()
      throws Exception {
    assertTrue(printed, printed.contains("violation prompts"));
    assertTrue(printed, printed.contains("benign controls"));
    assertTrue(printed, printed.contains("over-refusal [95% CI]"));
    Map<String, Map<String, Object>> c = summary();
    Pattern line = Pattern.compile("(?m)^(sim-\\S+)\\s+(\\S+)\\s+(\\S+)\\s+322\\s+(\\d+\\.\\d)% .*"
        + "\\s+161\\s+(\\d+\\.\\d)% \\[.*$");
    Matcher m = line.matcher(printed);
    List<String> order = new ArrayList<>();
    while (m.find()) {
      String cell = m.group(1) + "/" + m.group(2) + "/" + m.group(3);
      order.add(cell);
      assertEquals(cell, String.format("%.1f", 100 * rate(c, cell + "/violation", "refusal_rate")),
          m.group(4));
      assertEquals(cell, String.format("%.1f", 100 * rate(c, cell + "/benign", "refusal_rate")),
          m.group(5));
    }
    // One line per model x condition x variant, in the config's order.
    List<String> expected = new ArrayList<>();
    for (String model : MODELS) {
      for (String condition : CONDITIONS) {
        for (String variant : VARIANTS) {
          expected.add(model + "/" + condition + "/" + variant);
        }
      }
    }
    assertEquals(printed, expected, order);
  }
}
