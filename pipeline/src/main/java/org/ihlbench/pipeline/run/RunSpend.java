package org.ihlbench.pipeline.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.ihlbench.records.ModelSpend;

/**
 * A run's spend per model: written by the pipeline to {@code _spend.jsonl}, folded by the driver
 * into run.json ({@code spend}) and printed under the summary. Costs are estimates from the
 * config's price table times the tokens the providers reported.
 */
public record RunSpend(List<ModelSpend> models, double budgetUsd) {
  static final String FILE = "_spend.jsonl";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Writes one JSON line per model. */
  static PTransform<PCollection<ModelSpend>, PDone> write(String runDir) {
    return new PTransform<>() {
      @Override
      public PDone expand(PCollection<ModelSpend> spend) {
        spend.apply("SpendJson", MapElements.into(TypeDescriptors.strings()).via(RunSpend::json))
            .apply("SpendFile", TextIO.write().to(RunPaths.file(runDir, FILE))
                .withNumShards(1).withShardNameTemplate(""));
        return PDone.in(spend.getPipeline());
      }
    };
  }

  static String json(ModelSpend s) {
    ObjectNode n = JSON.createObjectNode();
    n.put("model", s.getModel());
    n.put("samples", s.getSamples());
    n.put("calls", s.getCalls());
    n.put("from_store", s.getFromStore());
    n.put("errors", s.getErrors());
    n.put("budget_skipped", s.getBudgetSkipped());
    n.put("prompt_tokens", s.getPromptTokens());
    n.put("completion_tokens", s.getCompletionTokens());
    n.put("cost_usd", s.getCostUsd());
    return n.toString();
  }

  public static RunSpend read(String runDir, double budgetUsd) throws IOException {
    List<ModelSpend> models = new ArrayList<>();
    for (JsonNode n : RunPaths.jsonLines(RunPaths.file(runDir, FILE))) {
      models.add(ModelSpend.newBuilder()
          .setModel(n.path("model").asText())
          .setSamples(n.path("samples").asLong())
          .setCalls(n.path("calls").asLong())
          .setFromStore(n.path("from_store").asLong())
          .setErrors(n.path("errors").asLong())
          .setBudgetSkipped(n.path("budget_skipped").asLong())
          .setPromptTokens(n.path("prompt_tokens").asLong())
          .setCompletionTokens(n.path("completion_tokens").asLong())
          .setCostUsd(n.path("cost_usd").asDouble())
          .build());
    }
    models.sort(Comparator.comparing(ModelSpend::getModel));
    return new RunSpend(List.copyOf(models), budgetUsd);
  }

  double totalUsd() {
    return models.stream().mapToDouble(ModelSpend::getCostUsd).sum();
  }

  long budgetSkipped() {
    return models.stream().mapToLong(ModelSpend::getBudgetSkipped).sum();
  }

  long calls() {
    return models.stream().mapToLong(ModelSpend::getCalls).sum();
  }

  /** The {@code spend} object of run.json. */
  ObjectNode toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("total_usd", totalUsd());
    root.put("calls", calls());
    root.put("note", "estimated: provider-reported tokens times the config's price table");
    if (budgetUsd > 0) {
      ObjectNode b = root.putObject("budget");
      b.put("budget_usd", budgetUsd);
      b.put("reached", budgetSkipped() > 0);
      b.put("samples_not_called", budgetSkipped());
    }
    ArrayNode by = root.putArray("by_model");
    for (ModelSpend s : models) {
      by.add(readTree(json(s)));
    }
    return root;
  }

  private static JsonNode readTree(String s) {
    try {
      return JSON.readTree(s);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Lines for the terminal, under the summary table. */
  public void print(PrintStream out) {
    out.printf(Locale.ROOT, "spend (estimated from the price table): $%.4f for %d calls%n",
        totalUsd(), calls());
    for (ModelSpend s : models) {
      out.printf(Locale.ROOT, "  %-22s $%10.4f  %6d calls, %6d from store, %9d tokens in,"
              + " %9d out%n", s.getModel(), s.getCostUsd(), s.getCalls(), s.getFromStore(),
          s.getPromptTokens(), s.getCompletionTokens());
    }
    if (budgetUsd > 0) {
      if (budgetSkipped() > 0) {
        out.printf(Locale.ROOT, "budget of $%.2f reached: %d samples were not called (error_class"
            + " budget in errors/call_errors.jsonl); rerun with a larger calls.budget_usd to"
            + " call them, answers already paid for come from the store%n", budgetUsd,
            budgetSkipped());
      } else {
        out.printf(Locale.ROOT, "budget of $%.2f not reached%n", budgetUsd);
      }
    }
  }
}
