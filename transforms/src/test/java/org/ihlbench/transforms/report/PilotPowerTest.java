package org.ihlbench.transforms.report;

import static org.junit.Assert.assertEquals;

import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.ihlbench.records.PromptKind;
import org.ihlbench.records.SummaryRow;
import org.ihlbench.transforms.stats.Power;
import org.junit.Test;

/** Which intra-prompt correlation a pilot plans with. */
public class PilotPowerTest {
  private static SummaryRow cell(String condition, double rate, Double icc, Double upper) {
    return SummaryRow.newBuilder().setRunId("run-1").setModel("m").setCondition(condition)
        .setVariant("plain").setKind(PromptKind.violation).setN(72).setClusters(24)
        .setRefusals(Math.round(rate * 72)).setRefusalRate(rate).setRefusalCiLow(rate - 0.1)
        .setRefusalCiHigh(rate + 0.05).setHelpfulRefusals(10).setHelpfulRate(0.5)
        .setHelpfulCiLow(0.3).setHelpfulCiHigh(0.7).setCiMethod("beta-binomial").setErrors(0)
        .setUndecided(0).setProviderRefusals(0).setPartialRefusals(0).setLeaksCode(0)
        .setRefusalIcc(icc).setRefusalIccUpper(upper).build();
  }

  private static RunTables run(List<TableRow> summary) {
    com.fasterxml.jackson.databind.node.ObjectNode manifest =
        new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
    manifest.put("run_id", "run-1");
    return new RunTables("/tmp/run-1", manifest, summary, List.of(), List.of(), List.of(),
        List.of(), List.of(), List.of());
  }

  @Test
  public void aPilotPlansWithTheUpperBoundNotTheEstimate() {
    // Estimates 0.05 and -0.03 (mean 0.01), bounds 0.30 and 0.20 (mean 0.25).
    RunTables t = run(List.of(new TableRow(cell("baseline", 0.80, 0.05, 0.30)),
        new TableRow(cell("ihl-safety", 0.90, -0.03, 0.20))));
    List<PilotPower.Row> rows = PilotPower.of(t, RunOrder.of(t), PilotPower.Plan.standard());
    PilotPower.Row r = rows.get(0);
    assertEquals(0.25, r.icc(), 1e-12);
    assertEquals("pilot, upper 80%", r.iccSource());
    assertEquals(0.01, r.iccEstimate(), 1e-12);
    // Five seeds planned at ICC 0.25, not 0.01: the design effect 2.0, not 1.04.
    assertEquals(Power.promptsNeeded(0.80, 0.85, 0.25, 5, 0.05, 0.8),
        (long) r.promptsNeeded().get(5));
  }

  @Test
  public void aRunWithoutTheBoundFallsBackOnTheEstimate() {
    // A summary written before refusal_icc_upper existed: its schema has no such column.
    Schema old = SchemaBuilder.record("SummaryRow").fields()
        .requiredString("run_id").requiredString("model").requiredString("condition")
        .requiredString("variant").requiredString("kind").requiredLong("n").requiredLong("clusters")
        .requiredDouble("refusal_rate").optionalDouble("refusal_icc").endRecord();
    List<TableRow> summary = new java.util.ArrayList<>();
    for (String[] c : new String[][] {{"baseline", "0.8", "0.2"}, {"ihl-safety", "0.9", "0.1"}}) {
      GenericRecord g = new GenericData.Record(old);
      g.put("run_id", "run-0");
      g.put("model", "m");
      g.put("condition", c[0]);
      g.put("variant", "plain");
      g.put("kind", "violation");
      g.put("n", 72L);
      g.put("clusters", 24L);
      g.put("refusal_rate", Double.parseDouble(c[1]));
      g.put("refusal_icc", Double.parseDouble(c[2]));
      summary.add(new TableRow(g));
    }
    RunTables t = run(summary);
    PilotPower.Row r = PilotPower.of(t, RunOrder.of(t), PilotPower.Plan.standard()).get(0);
    assertEquals(0.15, r.icc(), 1e-12);
    assertEquals("pilot estimate", r.iccSource());
  }
}
