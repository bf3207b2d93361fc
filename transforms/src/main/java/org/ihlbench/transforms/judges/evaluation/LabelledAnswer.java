package org.ihlbench.transforms.judges.evaluation;

import java.io.Serializable;
import java.util.Map;
import org.ihlbench.records.RefusalLevel;

/**
 * One answer people labelled.
 *
 * @param key unique within its file: the line (JSONL) or row (CSV) it came from, e.g. "line-12"
 * @param id the file's own id of the answer, or the key when the file has none
 * @param helpful whether the refusal explains itself; null when not labelled (always for none)
 * @param groups value of each group column, in the format's order
 * @param where the file and line or row, for messages
 */
public record LabelledAnswer(String key, String id, String request, String response,
    RefusalLevel label, Boolean helpful, Map<String, String> groups, String where)
    implements Serializable {}
