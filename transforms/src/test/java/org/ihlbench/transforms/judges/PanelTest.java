package org.ihlbench.transforms.judges;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import java.util.List;
import java.util.Map;
import org.ihlbench.transforms.judges.llm.LlmJudge;
import org.ihlbench.transforms.providers.Endpoint;
import org.junit.Test;

public class PanelTest {
  private static LlmJudge llm(String name) {
    Endpoint e = new Endpoint(name, "openai", "openai", "http://127.0.0.1:9/v1", "m-" + name,
        "KEY", "{\"max_tokens\":100}", "b", 0, 0, 1, 1, 10, 1, 1, null);
    return new LlmJudge(name, e, "Judge by the rubric.", 0);
  }

  @Test
  public void judgesAreGroupedByKindInPanelOrder() {
    Panel panel = new Panel(List.of(llm("a"), new RulesJudge("r1"), llm("b"),
        new RulesJudge("r2")), null);
    Map<JudgeKind, List<PanelJudge>> byKind = panel.byKind();
    assertEquals(List.of(LlmJudge.KIND, JudgeKind.ALONE), List.copyOf(byKind.keySet()));
    assertEquals(List.of("a", "b"), byKind.get(LlmJudge.KIND).stream().map(PanelJudge::name).toList());
    assertEquals(List.of("r1", "r2"),
        byKind.get(JudgeKind.ALONE).stream().map(PanelJudge::name).toList());
  }

  @Test
  public void onlyJudgesThatCallModelsHaveADryRunPlan() {
    assertEquals(0, new Panel(List.of(new RulesJudge("r")), null).plans(Map.of()).size());
    assertEquals(1, new Panel(List.of(llm("a"), new RulesJudge("r"), llm("b")), null)
        .plans(Map.of("m", 100)).size());
    assertNull(JudgeKind.ALONE.plan(List.of(new RulesJudge("r")), Map.of()));
  }
}
