package org.ihlbench.pipeline.trend;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MoveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.util.MimeTypes;
import org.ihlbench.records.TrendRow;
import org.ihlbench.transforms.io.Folder;
import org.ihlbench.transforms.io.ParquetFiles;

/**
 * The trend's three files under {@code <output>/trend/}: each is written whole under a temporary
 * name first and then renamed over the earlier one, so a trend that fails half way leaves the
 * earlier outputs as they were rather than some new and some old or half-written files.
 */
public final class TrendOutputs {
  public static final String TABLE = "trend.parquet";
  public static final String CHART = "trend.html";
  public static final String ALERTS = "alerts.json";

  private TrendOutputs() {}

  public static void write(String dir, List<TrendRow> rows, String html, String alertsJson)
      throws IOException {
    Folder folder = Folder.at(dir);
    String tag = ".tmp-" + UUID.randomUUID().toString().substring(0, 8) + "-";
    List<ResourceId> temps = new ArrayList<>();
    List<ResourceId> finals = new ArrayList<>();
    for (String name : List.of(TABLE, CHART, ALERTS)) {
      temps.add(folder.resource(tag + name));
      finals.add(folder.resource(name));
    }
    try {
      ParquetFiles.write(folder.file(tag + TABLE), TrendRow.getClassSchema(), rows);
      text(temps.get(1), html);
      text(temps.get(2), alertsJson);
      FileSystems.rename(temps, finals);
    } finally {
      FileSystems.delete(temps, MoveOptions.StandardMoveOptions.IGNORE_MISSING_FILES);
    }
  }

  private static void text(ResourceId file, String text) throws IOException {
    try (OutputStream out = Channels.newOutputStream(FileSystems.create(file, MimeTypes.TEXT))) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
  }
}
