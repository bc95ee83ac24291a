package org.gfctl.policy.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.gfctl.policy.PolicyError;

/** Collects {@link PolicyError}s while a document is checked, and builds their paths. */
public final class Errors {
    private final List<PolicyError> list = new ArrayList<>();

    public void add(int line, int column, String path, String message) {
        list.add(new PolicyError(line, column, path, message));
    }

    public void add(Node at, String path, String message) {
        add(at.line(), at.column(), path, message);
    }

    public boolean isEmpty() {
        return list.isEmpty();
    }

    public int size() {
        return list.size();
    }

    /** The errors in document order. */
    public List<PolicyError> sorted() {
        List<PolicyError> copy = new ArrayList<>(list);
        copy.sort(Comparator.comparingInt(PolicyError::line).thenComparingInt(PolicyError::column));
        return List.copyOf(copy);
    }

    /** {@code spec} + {@code pcrs} is {@code spec.pcrs}. */
    public static String field(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** {@code spec.pcrs.7} + 1 is {@code spec.pcrs.7[1]}. */
    public static String index(String path, int i) {
        return path + "[" + i + "]";
    }
}
