package org.ihlbench.pipeline.config;

/** An experiment config that cannot be used; the message names the file and the field. */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }
}
