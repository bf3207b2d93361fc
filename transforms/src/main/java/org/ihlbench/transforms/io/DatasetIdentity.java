package org.ihlbench.transforms.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.ihlbench.transforms.ContentHash;

/**
 * The files of a prompt set and its content hash: sha256 over the sha256 of each file's bytes,
 * in sorted order, so the hash changes exactly when a prompt does and not when files move.
 * {@code lines} counts the files' lines, an upper bound on their prompts, for sizing the run.
 */
public record DatasetIdentity(List<String> files, String hash, long lines) {

  /** Matches every pattern (any Beam file system) and hashes what it finds. */
  public static DatasetIdentity of(List<String> patterns) throws IOException {
    List<String> files = new ArrayList<>();
    List<String> fileHashes = new ArrayList<>();
    long lines = 0;
    for (String pattern : patterns) {
      MatchResult match = FileSystems.match(pattern, EmptyMatchTreatment.ALLOW);
      if (match.status() != MatchResult.Status.OK || match.metadata().isEmpty()) {
        throw new PromptFormatException("the prompt set path '" + pattern + "' matches no file");
      }
      for (MatchResult.Metadata m : match.metadata()) {
        files.add(m.resourceId().toString());
        MessageDigest sha = ContentHash.newDigest();
        try (InputStream in = Channels.newInputStream(FileSystems.open(m.resourceId()))) {
          byte[] buf = new byte[1 << 16];
          for (int n = in.read(buf); n > 0; n = in.read(buf)) {
            sha.update(buf, 0, n);
            for (int i = 0; i < n; i++) {
              if (buf[i] == '\n') {
                lines++;
              }
            }
          }
        }
        fileHashes.add(HexFormat.of().formatHex(sha.digest()));
      }
    }
    List<String> sorted = new ArrayList<>(fileHashes);
    sorted.sort(null);
    return new DatasetIdentity(
        List.copyOf(files), ContentHash.sha256Hex(sorted.toArray(String[]::new)), lines);
  }

  public String shortHash() {
    return hash.substring(0, 12);
  }
}
