package org.ihlbench.pipeline.cli;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * A command's flags, read by Beam's options parser (so runner flags such as --flinkMaster work),
 * with every mistake turned into a {@link UsageException} of one line: Beam throws
 * IllegalArgumentException with messages that name Java classes and span lines.
 */
final class Flags {
  private static final Pattern UNKNOWN =
      Pattern.compile("missing a property named '([^']*)'\\.?(?:\\s*Did you mean '([^']*)'\\?)?");
  private static final Pattern REQUIRED =
      Pattern.compile("Missing required value for \\[(--[^,\\]]*)");
  private static final Pattern NOT_A_VALUE =
      Pattern.compile("Cannot deserialize value of type `([^`]*)` from String \"([^\"]*)\"");

  private Flags() {}

  static <T extends PipelineOptions> T parse(String[] args, Class<T> type) {
    PipelineOptionsFactory.register(type);
    try {
      return PipelineOptionsFactory.fromArgs(args).withValidation().as(type);
    } catch (IllegalArgumentException e) {
      throw new UsageException(describe(e, args));
    }
  }

  /** Beam's message, said in one line and in the command line's terms. */
  static String describe(IllegalArgumentException e, String[] args) {
    String message = e.getMessage() == null ? e.toString() : e.getMessage();
    Matcher notAValue = NOT_A_VALUE.matcher(message);
    if (notAValue.find()) {
      // Beam's message names the value, not the flag: find the flag that gave it.
      String flag = "a flag";
      for (String a : args) {
        if (a.startsWith("--") && a.endsWith("=" + notAValue.group(2))) {
          flag = a.substring(0, a.indexOf('='));
        }
      }
      String type = notAValue.group(1);
      return flag + ": '" + notAValue.group(2) + "' is not "
          + (type.equals("int") || type.equals("long") ? "a whole number"
              : type.equals("double") || type.equals("float") ? "a number"
              : type.equals("boolean") ? "true or false" : "a " + type);
    }
    if (message.startsWith("expected one element but was")) {
      java.util.Set<String> seen = new java.util.HashSet<>();
      for (String a : args) {
        String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
        if (!seen.add(name)) {
          return name + " is given more than once";
        }
      }
    }
    Matcher unknown = UNKNOWN.matcher(message);
    if (unknown.find()) {
      return "unknown option --" + unknown.group(1)
          + (unknown.group(2) != null ? " (did you mean --" + unknown.group(2) + "?)" : "");
    }
    Matcher required = REQUIRED.matcher(message);
    if (required.find()) {
      return required.group(1) + " is required";
    }
    // Other messages (a value that is not a number, say) are Beam's own, joined into one line.
    return String.join(" ", message.strip().split("\\s*\\R\\s*"));
  }
}
