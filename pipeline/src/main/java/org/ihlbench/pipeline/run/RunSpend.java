package org.ihlbench.pipeline.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import org.ihlbench.records.ModelSpend;
import org.ihlbench.transforms.io.RunDirectory;
import org.ihlbench.transforms.io.WriteRun;

/**
 * A run's spend per model: written by the pipeline to {@code _spend.jsonl} (WriteRun), folded
 * by the driver into run.json ({@code spend}) and printed under the summary. Costs are estimates
 * from the config's price table times the tokens the providers reported.
 */
public record RunSpend(List<ModelSpend> models, double budgetUsd) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public static RunSpend read(String runDir, double budgetUsd) throws IOException {
    return new RunSpend(List.copyOf(RunDirectory.at(runDir).spend()), budgetUsd);
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
    root.put("batched_calls", models.stream().mapToLong(ModelSpend::getBatchedCalls).sum());
    root.put("note", "estimated: provider-reported tokens times the config's price table");
    if (budgetUsd > 0) {
      ObjectNode b = root.putObject("budget");
      b.put("budget_usd", budgetUsd);
      b.put("reached", budgetSkipped() > 0);
      b.put("samples_not_called", budgetSkipped());
    }
    ArrayNode by = root.putArray("by_model");
    for (ModelSpend s : models) {
      by.add(readTree(WriteRun.spendLine(s)));
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
              + " %9d out%s%n", s.getModel(), s.getCostUsd(), s.getCalls(), s.getFromStore(),
          s.getPromptTokens(), s.getCompletionTokens(),
          s.getBatchedCalls() > 0 ? String.format(Locale.ROOT, ", %d batched (batch price)",
              s.getBatchedCalls()) : "");
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
