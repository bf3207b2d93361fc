package org.ihlbench.pipeline.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.ihlbench.transforms.ContentHash;
import org.ihlbench.transforms.providers.Params;

/**
 * A YAML config file, read: its top node (which every section is parsed from) and the folder
 * its relative paths resolve against.
 */
record ConfigFile(ConfigNode root, Path dir) {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** Reads {@code file}; {@code what} names it in errors ("experiment config"). */
  static ConfigFile read(Path file, String what) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new ConfigException(what + " " + file + ": no such file");
    } catch (IOException e) {
      throw new ConfigException("cannot read " + what + " " + file + ": " + e);
    }
    JsonNode root;
    try {
      root = YAML.readTree(text);
    } catch (IOException e) {
      throw new ConfigException(file + ": not valid YAML: " + e.getMessage());
    }
    ConfigNode node = new ConfigNode(file.toString(), "", root);
    if (!node.present() || !node.node().isObject()) {
      throw node.error("the config must be a YAML mapping");
    }
    return new ConfigFile(node, file.toAbsolutePath().normalize().getParent());
  }

  /** A path from the file, against its folder unless absolute or a URL (gs://...). */
  static String resolve(Path dir, String path) {
    if (path.contains("://") || Path.of(path).isAbsolute()) {
      return path;
    }
    return dir.resolve(path).normalize().toString();
  }

  String resolve(String path) {
    return resolve(dir, path);
  }

  /** The hash of what a config says: sha256 of its canonical JSON. */
  static String hash(JsonNode hashed) {
    return ContentHash.sha256Hex(Params.canonical(hashed));
  }
}
