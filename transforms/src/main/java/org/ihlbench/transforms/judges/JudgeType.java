package org.ihlbench.transforms.judges;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Set;
import org.ihlbench.transforms.providers.Endpoint;

/**
 * A type of judge a panel may hold ({@code type:} in a config's {@code judges.panel}): it reads
 * its own entry into the {@link PanelJudge} that judges. Each type's panel member declares one
 * ({@code TYPE}); {@link JudgeTypes} lists them.
 *
 * @param name the config's {@code type:} value
 * @param parser reads one entry of that type
 */
public record JudgeType(String name, Parser parser) {

  /** Reads one panel entry of a type; errors name the file and the field. */
  @FunctionalInterface
  public interface Parser {
    PanelJudge parse(Entry entry);
  }

  /**
   * One entry of {@code judges.panel}, as the config reader offers it: fields by name, files
   * relative to the config, and a model's endpoint fields. Every error it raises names the config
   * file and the field.
   */
  public interface Entry {
    /** Fails on any field not in {@code fields}: a typo must not be silently ignored. */
    void allowOnly(Set<String> fields);

    /** A required non-empty text. */
    String text(String field);

    /** Whether the entry has the field. */
    boolean has(String field);

    /** A whole number >= {@code min}, or {@code dflt} when absent. */
    int integer(String field, int dflt, int min);

    /** A file the field names, resolved against the config's folder. */
    Path path(String field);

    /**
     * The entry as a model's endpoint (every field a model has, plus {@code extraFields}), with
     * {@code defaultParams} under its params; judges that share a rate-limit bucket must give it
     * the same limits.
     */
    Endpoint endpoint(Set<String> extraFields, ObjectNode defaultParams);

    /** An error about {@code field} of this entry. */
    RuntimeException error(String field, String message);
  }
}
