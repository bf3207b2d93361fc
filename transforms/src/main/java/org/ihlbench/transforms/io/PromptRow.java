package org.ihlbench.transforms.io;

import org.ihlbench.records.PromptKind;

/** A prompt as a format reads it, before rule lookup and dataset identity are added. */
public record PromptRow(
    long line, String id, String text, Integer ruleNumber, PromptKind kind, String framing) {}
