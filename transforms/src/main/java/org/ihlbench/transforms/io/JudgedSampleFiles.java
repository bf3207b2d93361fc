package org.ihlbench.transforms.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.util.function.Consumer;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.ihlbench.records.JudgedSample;

/**
 * Reads a run's judged samples (its judged_samples-*.avro files, on any Beam file system) one by
 * one in the driver, for work that needs no pipeline, such as human calibration.
 */
public final class JudgedSampleFiles {
  private JudgedSampleFiles() {}

  /** Calls {@code each} for every judged sample of the run; returns how many there were. */
  public static long read(String runDir, Consumer<JudgedSample> each) throws IOException {
    String dir = runDir.endsWith("/") ? runDir.substring(0, runDir.length() - 1) : runDir;
    MatchResult match = FileSystems.match(dir + "/judged_samples-*.avro", EmptyMatchTreatment.ALLOW);
    if (match.status() != MatchResult.Status.OK || match.metadata().isEmpty()) {
      throw new IOException(dir + " holds no judged_samples-*.avro; give the directory of a"
          + " finished run (e.g. out/runs/RUN_ID)");
    }
    long n = 0;
    for (MatchResult.Metadata m : match.metadata()) {
      try (InputStream in = Channels.newInputStream(FileSystems.open(m.resourceId()));
          DataFileStream<JudgedSample> stream =
              new DataFileStream<>(in, new SpecificDatumReader<>(JudgedSample.class))) {
        for (JudgedSample j : stream) {
          each.accept(j);
          n++;
        }
      }
    }
    return n;
  }
}
