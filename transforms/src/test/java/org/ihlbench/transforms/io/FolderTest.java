package org.ihlbench.transforms.io;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * A folder's own path is never a pattern: every character Beam's file systems read as pattern
 * syntax works in it, and only the names inside it are matched.
 */
public class FolderTest {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();
  @Rule public final transient TestPipeline p = TestPipeline.create();

  /** Every character Beam reads as a pattern, a space and a letter beyond ASCII. */
  static final String AWKWARD = "out [v2] {a,b} *?x ü";

  Path dir;

  @Before
  public void setUp() throws Exception {
    FileSystems.setDefaultPipelineOptions(PipelineOptionsFactory.create());
    dir = tmp.getRoot().toPath().resolve(AWKWARD);
    write(dir.resolve("journal/1.avro"), "one");
    write(dir.resolve("journal/2.avro"), "two");
    write(dir.resolve("journal/notes.txt"), "not a segment");
    write(dir.resolve("runs/r1/run.json"), "{}");
    write(dir.resolve("runs/r2/run.json"), "{}");
    write(dir.resolve("runs/r2/errors/dead_letters.jsonl"), "");
    // A sibling that the special characters, read as a pattern, would match instead.
    write(tmp.getRoot().toPath().resolve("out v a zzx ü/journal/3.avro"), "three");
  }

  private static void write(Path file, String text) throws Exception {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }

  private static List<String> names(Path root, List<MatchResult.Metadata> files) {
    return files.stream()
        .map(m -> root.relativize(Path.of(m.resourceId().toString())).toString()).toList();
  }

  @Test
  public void beamsOwnMatchReadsTheFolderAsAPattern() throws Exception {
    // What this class is for: Beam finds none of the segments under the literal path, and the
    // decoy beside it instead.
    MatchResult m = FileSystems.match(dir + "/journal/*.avro",
        org.apache.beam.sdk.io.fs.EmptyMatchTreatment.ALLOW);
    assertEquals(1, m.metadata().size());
    assertTrue(m.metadata().get(0).resourceId().toString().contains("out v a zzx"));
  }

  @Test
  public void listsTheFilesWhoseNamesMatchUnderTheLiteralPath() throws Exception {
    Folder f = Folder.at(dir.toString());
    assertEquals(List.of("journal/1.avro", "journal/2.avro"),
        names(dir, f.files("journal/*.avro")));
    assertEquals(List.of("1.avro", "2.avro"),
        names(dir.resolve("journal"), Folder.at(dir + "/journal/").files("*.avro")));
    assertEquals(List.of("runs/r1/run.json", "runs/r2/run.json"),
        names(dir, f.files("runs/*/run.json")));
    assertEquals("** crosses folders", 6, f.files("**").size());
    assertEquals(3L, f.files("journal/*.avro").get(0).sizeBytes());
    assertTrue(f.has("runs/r1/run.json"));
    assertFalse(f.has("runs/r3/run.json"));
    assertTrue(Folder.at(dir.resolve("nowhere").toString()).files("*").isEmpty());
  }

  @Test
  public void deletesEverythingUnderIt() throws Exception {
    Folder.at(dir.resolve("runs").toString()).deleteAll();
    assertFalse(Files.exists(dir.resolve("runs")));
    assertTrue(Files.exists(dir.resolve("journal/1.avro")));
  }

  @Test
  public void listsWhenThePipelineRuns() {
    PCollection<String> read = p
        .apply(Folder.list(dir.resolve("journal").toString(), "*.avro"))
        .apply(FileIO.readMatches())
        .apply(MapElements.into(TypeDescriptors.strings()).via((FileIO.ReadableFile f) -> {
          try {
            return f.readFullyAsUTF8String();
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        }));
    PAssert.that(read).containsInAnyOrder("one", "two");
    p.run().waitUntilFinish();
  }

  @Test
  public void otherFileSystemsGetAOneCharacterWildcardForEachSpecialCharacter() {
    assertEquals("gs://bucket/out ?v2? ?a,b? ??x ü/journal/*.avro",
        Folder.pattern("gs://bucket/" + AWKWARD + "/journal/", "*.avro"));
    assertEquals("[^/]*\\Q.avro\\E", Folder.regex("*.avro"));
    assertTrue("a/b/c.avro".matches(Folder.regex("**.avro")));
    assertFalse("a/b.avro".matches(Folder.regex("*.avro")));
    assertTrue(Folder.isLocal("/tmp/x") && Folder.isLocal("file:///tmp/x")
        && !Folder.isLocal("gs://b/x"));
  }
}
