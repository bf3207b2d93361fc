package org.ihlbench.simulator;

/** What a simulated model answers, before a wire protocol renders it. */
public record SimAnswer(
    AnswerClass answerClass, String text, int promptTokens, int completionTokens,
    String modelVersion) {}
