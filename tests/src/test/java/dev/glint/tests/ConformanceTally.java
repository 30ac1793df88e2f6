package dev.glint.tests;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Counts passed, failed and skipped conformance cases and prints the summary with skip reasons grouped. */
final class ConformanceTally {
    private int passed;
    private final List<String> failed = new ArrayList<>();
    private final Map<String, List<String>> skipped = new TreeMap<>();

    synchronized void pass() {
        passed++;
    }

    synchronized void fail(String testCase) {
        failed.add(testCase);
    }

    synchronized void skip(String testCase, String reason) {
        skipped.computeIfAbsent(reason, r -> new ArrayList<>()).add(testCase);
    }

    synchronized int skippedCount() {
        return skipped.values().stream().mapToInt(List::size).sum();
    }

    /** The summary line, exactly {@code Conformance: N passed, N failed, N skipped}. */
    synchronized String summaryLine() {
        return "Conformance: " + passed + " passed, " + failed.size() + " failed, " + skippedCount() + " skipped";
    }

    synchronized void print() {
        System.out.println(summaryLine());
        if (!failed.isEmpty()) {
            System.out.println("Failed: " + String.join(", ", failed));
        }
        System.out.println("Skip reasons:");
        for (Map.Entry<String, List<String>> e : skipped.entrySet()) {
            System.out.println("  " + e.getValue().size() + " x " + e.getKey() + ": " + String.join(", ", e.getValue()));
        }
    }
}
