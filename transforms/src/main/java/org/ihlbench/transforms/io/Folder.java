package org.ihlbench.transforms.io;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.MetadataCoderV2;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;

/**
 * A folder on any Beam file system whose path is taken literally. Beam's {@code FileSystems.match}
 * reads {@code [ ] * ? { }} anywhere in a path as a pattern, so an output called
 * {@code results[v2]} would match nothing: its response store would be written and never read.
 * Here only the names inside the folder are patterns ({@code *}: any characters but {@code /};
 * {@code **}: any characters; {@code ?}: one character but {@code /}), and the folder's own path
 * never is: on the local disk the folder is listed directly; on other file systems (gs://) the
 * match pattern has a one-character wildcard in place of each special character of the folder's
 * path (Beam offers no escape: the local file system doubles backslashes and GCS's glob
 * translation keeps {@code [} as a character class), and only what lies under the literal path
 * is kept.
 */
public final class Folder implements Serializable {
  private static final long serialVersionUID = 1L;
  /** What Beam's local and GCS file systems read as pattern syntax in a path. */
  private static final String SPECIAL = "[]*?{}\\";

  private final String path;

  private Folder(String path) {
    this.path = path.length() > 1 && path.endsWith("/")
        ? path.substring(0, path.length() - 1) : path;
  }

  public static Folder at(String path) {
    return new Folder(path);
  }

  /** The folder, without a trailing slash. */
  public String path() {
    return path;
  }

  /** A path inside the folder ({@code relative} may hold slashes). */
  public String file(String relative) {
    return path + "/" + relative;
  }

  /** A file inside the folder, as Beam's file systems address it (nothing is matched). */
  public ResourceId resource(String relative) {
    return FileSystems.matchNewResource(file(relative), false);
  }

  /** Whether the folder is on the local disk (a plain path or {@code file:}). */
  public boolean isLocal() {
    return isLocal(path);
  }

  public static boolean isLocal(String path) {
    int colon = path.indexOf("://");
    return colon < 0 || path.substring(0, colon).equalsIgnoreCase("file");
  }

  /** Whether the folder holds the file {@code relative} (a literal name, not a pattern). */
  public boolean has(String relative) throws IOException {
    if (isLocal()) {
      return Files.isRegularFile(local().resolve(relative));
    }
    String want = file(relative);
    return files(quoted(relative)).stream()
        .anyMatch(m -> m.resourceId().toString().equals(want));
  }

  /**
   * The files under the folder whose path relative to it matches {@code names} (see the class
   * comment), sorted by path; none when the folder does not exist.
   */
  public List<MatchResult.Metadata> files(String names) throws IOException {
    Pattern wanted = Pattern.compile(regex(names));
    List<MatchResult.Metadata> out = new ArrayList<>();
    if (isLocal()) {
      Path root = local();
      if (!Files.isDirectory(root)) {
        return out;
      }
      int depth = names.contains("**") ? Integer.MAX_VALUE
          : (int) names.chars().filter(c -> c == '/').count() + 1;
      try (Stream<Path> walk = Files.walk(root, depth)) {
        for (Path p : (Iterable<Path>) walk::iterator) {
          String relative = root.relativize(p).toString().replace('\\', '/');
          if (Files.isRegularFile(p) && wanted.matcher(relative).matches()) {
            out.add(MatchResult.Metadata.builder()
                .setResourceId(FileSystems.matchNewResource(p.toString(), false))
                .setSizeBytes(Files.size(p))
                .setIsReadSeekEfficient(true)
                .setLastModifiedMillis(Files.getLastModifiedTime(p).toMillis())
                .build());
          }
        }
      } catch (UncheckedIOException e) {
        throw e.getCause();
      }
    } else {
      String prefix = path + "/";
      MatchResult match = FileSystems.match(pattern(prefix, names), EmptyMatchTreatment.ALLOW);
      if (match.status() == MatchResult.Status.OK) {
        for (MatchResult.Metadata m : match.metadata()) {
          String name = m.resourceId().toString();
          if (name.startsWith(prefix)
              && wanted.matcher(name.substring(prefix.length())).matches()) {
            out.add(m);
          }
        }
      }
    }
    out.sort(Comparator.comparing(m -> m.resourceId().toString()));
    return out;
  }

  /** Deletes every file under the folder and, on the local disk, its folders too. */
  public void deleteAll() throws IOException {
    if (isLocal()) {
      Path root = local();
      if (!Files.exists(root)) {
        return;
      }
      try (Stream<Path> walk = Files.walk(root)) {
        for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
      return;
    }
    List<ResourceId> all = new ArrayList<>();
    files("**").forEach(m -> all.add(m.resourceId()));
    FileSystems.delete(all,
        org.apache.beam.sdk.io.fs.MoveOptions.StandardMoveOptions.IGNORE_MISSING_FILES);
  }

  /**
   * The files under {@code folder} matching {@code names}, listed when the pipeline runs (not
   * when it is built), so a restarted job sees what an earlier attempt wrote.
   */
  public static PTransform<PBegin, PCollection<MatchResult.Metadata>> list(String folder,
      String names) {
    return new ListFiles(folder, names);
  }

  private static final class ListFiles
      extends PTransform<PBegin, PCollection<MatchResult.Metadata>> {
    private final String folder;
    private final String names;

    ListFiles(String folder, String names) {
      this.folder = folder;
      this.names = names;
    }

    @Override
    public PCollection<MatchResult.Metadata> expand(PBegin begin) {
      return begin
          .apply("Folder", Create.of(folder))
          .apply("List", ParDo.of(new ListFolder(names)))
          .setCoder(MetadataCoderV2.of());
    }
  }

  private static final class ListFolder extends DoFn<String, MatchResult.Metadata> {
    private final String names;

    ListFolder(String names) {
      this.names = names;
    }

    @ProcessElement
    public void process(@Element String dir, OutputReceiver<MatchResult.Metadata> out)
        throws IOException {
      for (MatchResult.Metadata m : Folder.at(dir).files(names)) {
        out.output(m);
      }
    }
  }

  /**
   * The match pattern for {@code names} under the literal folder path {@code prefix} (ending in
   * a slash) on a file system other than the local one: each special character of the folder's
   * path becomes {@code ?}, which matches it (and any other one character, which the caller then
   * filters out).
   */
  static String pattern(String prefix, String names) {
    StringBuilder sb = new StringBuilder();
    int schemeEnd = prefix.indexOf("://");
    int start = schemeEnd < 0 ? 0 : schemeEnd + 3;
    sb.append(prefix, 0, start);
    for (int i = start; i < prefix.length(); i++) {
      char c = prefix.charAt(i);
      sb.append(SPECIAL.indexOf(c) >= 0 ? '?' : c);
    }
    return sb + names;
  }

  /** Our name pattern as a regular expression over a relative path. */
  static String regex(String names) {
    StringBuilder sb = new StringBuilder();
    StringBuilder literal = new StringBuilder();
    for (int i = 0; i < names.length(); i++) {
      char c = names.charAt(i);
      if (c != '*' && c != '?') {
        literal.append(c);
        continue;
      }
      if (literal.length() > 0) {
        sb.append(Pattern.quote(literal.toString()));
        literal.setLength(0);
      }
      if (c == '*' && i + 1 < names.length() && names.charAt(i + 1) == '*') {
        sb.append(".*");
        i++;
      } else {
        sb.append(c == '*' ? "[^/]*" : "[^/]");
      }
    }
    if (literal.length() > 0) {
      sb.append(Pattern.quote(literal.toString()));
    }
    return sb.toString();
  }

  /** A literal name as a name pattern: its own * and ? as one-character wildcards. */
  private static String quoted(String name) {
    return name.replace('*', '?');
  }

  /** The folder on the local disk (only for a local folder). */
  public Path localPath() {
    if (!isLocal()) {
      throw new IllegalStateException(path + " is not on the local disk");
    }
    return local();
  }

  private Path local() {
    String p = path;
    if (p.regionMatches(true, 0, "file://", 0, 7)) {
      p = p.substring(7);
    } else if (p.regionMatches(true, 0, "file:", 0, 5)) {
      p = p.substring(5);
    }
    return Path.of(p).toAbsolutePath();
  }
}
