package org.ihlbench.pipeline.config;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.ihlbench.pipeline.DemoFixture;
import org.ihlbench.records.ConditionRef;
import org.ihlbench.records.ModelRef;
import org.ihlbench.records.ModelResponse;
import org.ihlbench.records.Prompt;
import org.ihlbench.records.PromptKind;
import org.ihlbench.records.ResponseOutcome;
import org.ihlbench.records.Sample;
import org.ihlbench.records.Transcript;
import org.ihlbench.records.VariantRef;
import org.ihlbench.simulator.SimRequest;
import org.ihlbench.simulator.Simulator;
import org.ihlbench.simulator.SimulatorProfile;
import org.ihlbench.transforms.Records;
import org.ihlbench.transforms.expand.ExperimentDesign;
import org.ihlbench.transforms.providers.CallSettings;
import org.ihlbench.transforms.providers.Endpoint;
import org.ihlbench.transforms.providers.Generate;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

/**
 * Each of the paper's eight models, exactly as configs/paper-replication.yaml configures it
 * (protocol, model id, parameters, API version), called through its real adapter against the
 * simulator speaking that provider's protocol. The simulator refuses what the real API refuses
 * (temperature for o3-mini, a seed for Anthropic and Mistral, unknown Gemini fields), so a wrong
 * parameter fails here. Only the base URLs (through their ${VAR} defaults) and the key variable
 * differ from a real run.
 */
@RunWith(Parameterized.class)
public class PaperModelsTest {
  private static final String KEY_ENV = "IHLBENCH_SIMULATOR_KEY";
  private static Simulator sim;
  private static ExperimentConfig config;

  @Rule public final transient TestPipeline p = TestPipeline.create();

  @Parameterized.Parameter(0)
  public String model;

  @Parameterized.Parameter(1)
  public String protocol;

  @Parameterized.Parameters(name = "{0}")
  public static Collection<Object[]> models() {
    return List.of(
        new Object[] {"o3-mini", "openai"},
        new Object[] {"gpt-4o", "openai"},
        new Object[] {"claude-3.5-sonnet", "anthropic"},
        new Object[] {"claude-3.7-sonnet", "anthropic"},
        new Object[] {"gemini-2.0-flash", "gemini"},
        new Object[] {"llama-3.3-70b", "openai"},
        new Object[] {"qwen-2.5-72b", "openai"},
        new Object[] {"mistral-large", "openai"});
  }

  @BeforeClass
  public static void start() throws Exception {
    sim = Simulator.start(SimulatorProfile.load(
        DemoFixture.CONFIGS.resolve("simulator/paper-models.yaml")), 0);
    config = ExperimentConfig.load(DemoFixture.CONFIGS.resolve("paper-replication.yaml"), Map.of(
        "OPENAI_BASE_URL", sim.openAiBaseUrl(),
        "ANTHROPIC_BASE_URL", sim.rootUrl(),
        "GEMINI_BASE_URL", sim.rootUrl(),
        "TOGETHER_BASE_URL", sim.openAiBaseUrl(),
        "MISTRAL_BASE_URL", sim.openAiBaseUrl()));
  }

  @AfterClass
  public static void stop() {
    sim.close();
  }

  private static Sample sample(String id, Endpoint e, String condition, String systemPrompt,
      String text, int seed) {
    return Sample.newBuilder()
        .setRunId("paper-models")
        .setSampleId(id)
        .setPrompt(Prompt.newBuilder().setId("p-" + id).setText(text).setRuleNumber(1)
            .setKind(PromptKind.violation).setSource("test").setLine(1).setDatasetHash("d")
            .build())
        .setModel(new ModelRef(e.name(), e.provider(), e.protocol(), e.modelId()))
        .setCondition(new ConditionRef(condition, ExperimentDesign.systemPromptHash(systemPrompt)))
        .setVariant(new VariantRef("plain", "1"))
        .setSeed(seed)
        .setUserMessage(text)
        .build();
  }

  @Test
  public void itsRealAdapterGetsTheSimulatedAnswerAndItsProviderRefusal() throws Exception {
    Endpoint configured = config.endpointsByModel().get(model);
    assertEquals(protocol, configured.protocol());
    Endpoint e = configured.withApiKeyEnv(KEY_ENV);
    String safety = Files.readString(DemoFixture.CONFIGS.resolve("system-prompts/ihl-safety.txt"),
        StandardCharsets.UTF_8).strip();
    String request = new com.fasterxml.jackson.databind.ObjectMapper().readTree(Files.readAllLines(
        DemoFixture.CONFIGS.resolve("datasets/starter.jsonl")).get(0)).get("text").asText();
    Sample asked = sample("asked", e, "ihl-safety", safety, request, 2);
    Sample blocked = sample("blocked", e, "baseline", null, "[provider-block] What does rule 1 say?", 1);

    // What the simulator answers to this exact wire request; Anthropic's API takes no seed.
    SimRequest wire = new SimRequest(e.modelId(), safety,
        List.of(new SimRequest.Message("user", request)), protocol.equals("anthropic") ? 0 : 2,
        null, "k");
    String expectedText = sim.answer(wire, sim.profile().models().get(e.modelId())).text();
    String version = sim.profile().models().get(e.modelId()).modelVersion();
    long before = sim.stats().answeredInProtocol(protocol);
    long rejected = sim.stats().withStatus(400);

    PCollection<Transcript> out = p
        .apply(Create.of(asked, blocked).withCoder(Records.coder(Sample.class)))
        .apply(Generate.with(Map.of(model, e), config.design().systemPromptsByHash(),
            CallSettings.of("paper-" + model, null)));
    String proto = protocol;
    PAssert.that(out).satisfies(ts -> {
      int n = 0;
      for (Transcript t : ts) {
        ModelResponse r = t.getResponse();
        n++;
        assertEquals(r.toString(), version, r.getModelVersion());
        assertTrue(r.toString(), r.getPromptTokens() != null && r.getPromptTokens() > 0);
        if (t.getSample().getSampleId().equals("asked")) {
          assertEquals(r.toString(), ResponseOutcome.answered, r.getOutcome());
          assertEquals(expectedText, r.getText());
          assertTrue("priced: " + r, r.getCostUsd() != null && r.getCostUsd() > 0);
        } else {
          assertEquals(r.toString(), ResponseOutcome.provider_refusal, r.getOutcome());
          String reason = r.getRefusalReason();
          switch (proto) {
            case "openai" -> assertEquals("content_filter", reason);
            case "anthropic" -> assertEquals("refusal", reason);
            default -> assertTrue(reason, reason.equals("SAFETY")
                || reason.equals("prompt_blocked:SAFETY"));
          }
        }
      }
      assertEquals(2, n);
      return null;
    });
    p.run().waitUntilFinish();
    assertEquals("both calls answered in the " + protocol + " protocol", 2,
        sim.stats().answeredInProtocol(protocol) - before);
    assertEquals("no request was refused as malformed", rejected, sim.stats().withStatus(400));
  }
}
