package org.ihlbench.pipeline;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.specific.SpecificDatumReader;
import org.ihlbench.records.JudgedSample;
import org.ihlbench.simulator.Simulator;
import org.ihlbench.simulator.SimulatorProfile;

/**
 * The demo experiment pointed at an in-process simulator, and an independent reader (DuckDB)
 * for what a run wrote.
 */
public final class DemoFixture {
  public static final Path CONFIGS = Path.of("..", "configs").toAbsolutePath().normalize();

  private DemoFixture() {}

  public static Simulator startSimulator() throws IOException {
    return startSimulator("demo.yaml");
  }

  /** A simulator with the profile {@code configs/simulator/<profile>}. */
  public static Simulator startSimulator(String profile) throws IOException {
    return Simulator.start(SimulatorProfile.load(CONFIGS.resolve("simulator/" + profile)), 0);
  }

  /**
   * Calls the simulator answered for the demo's two models, without its judges' calls (the
   * demo's LLM judges are served by the same simulator).
   */
  public static long modelCalls(Simulator sim) {
    return sim.stats().answered("sim-cautious") + sim.stats().answered("sim-lax");
  }

  /** configs/demo.yaml, with its simulator URL set and its relative paths made absolute. */
  public static Path demoConfig(Path dir, Simulator sim, String... replacements) throws IOException {
    return config("demo.yaml", dir, sim, replacements);
  }

  /**
   * {@code configs/<name>}, with its simulator URL set (unless {@code sim} is null, for tests
   * that call no one) and its relative paths made absolute.
   */
  public static Path config(String name, Path dir, Simulator sim, String... replacements)
      throws IOException {
    String yaml = Files.readString(CONFIGS.resolve(name), StandardCharsets.UTF_8);
    if (sim != null) {
      yaml = yaml.replace("${IHLBENCH_SIMULATOR_URL:-http://127.0.0.1:8089}", sim.rootUrl());
    }
    yaml = yaml
        .replace("datasets/", CONFIGS.resolve("datasets") + "/")
        .replace("system-prompts/", CONFIGS.resolve("system-prompts") + "/")
        .replace("rubrics/", CONFIGS.resolve("rubrics") + "/");
    for (int i = 0; i < replacements.length; i += 2) {
      yaml = yaml.replace(replacements[i], replacements[i + 1]);
    }
    Path file = dir.resolve("experiment.yaml");
    Files.writeString(file, yaml, StandardCharsets.UTF_8);
    return file;
  }

  /** Rows of a query over Parquet files, each row as column name -> value. */
  public static List<Map<String, Object>> query(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      List<Map<String, Object>> rows = new ArrayList<>();
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= n; i++) {
          row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
        }
        rows.add(row);
      }
      return rows;
    }
  }

  public static JsonNode manifest(Path runDir) throws IOException {
    return new ObjectMapper().readTree(runDir.resolve("run.json").toFile());
  }

  /** Every judged sample of a run, from its Avro files. */
  public static List<JudgedSample> judgedSamples(Path runDir) throws IOException {
    List<JudgedSample> out = new ArrayList<>();
    try (var files = Files.newDirectoryStream(runDir, "judged_samples-*.avro")) {
      for (Path f : files) {
        try (DataFileReader<JudgedSample> r =
            new DataFileReader<>(f.toFile(), new SpecificDatumReader<>(JudgedSample.class))) {
          r.forEach(out::add);
        }
      }
    }
    return out;
  }

  /** Prompt texts of the demo's starter set, by id. */
  public static Map<String, String> starterTexts() throws IOException {
    Map<String, String> texts = new HashMap<>();
    ObjectMapper json = new ObjectMapper();
    for (String line : Files.readAllLines(CONFIGS.resolve("datasets/starter.jsonl"))) {
      if (!line.isBlank()) {
        JsonNode n = json.readTree(line);
        texts.put(n.get("id").asText(), n.get("text").asText());
      }
    }
    return texts;
  }
}
