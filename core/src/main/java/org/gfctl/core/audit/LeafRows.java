package org.gfctl.core.audit;

import java.util.ArrayList;
import java.util.List;

/** Rows for the verifier as a per-row query gave them (fresh arrays per row), kept to be passed on later. */
final class LeafRows implements AuditTables.Leaves {
    private final List<Row> rows = new ArrayList<>();

    private record Row(long seq, byte[] entry, int from, int to, byte[] leaf, int leafFrom, int leafTo) {}

    @Override
    public void accept(long seq, byte[] entries, int from, int to, byte[] leafHashes, int leafFrom, int leafTo) {
        rows.add(new Row(seq, entries, from, to, leafHashes, leafFrom, leafTo));
    }

    int size() {
        return rows.size();
    }

    /** Passes the rows to {@code to}, in the order they came. */
    void pass(AuditTables.Leaves to) {
        for (Row r : rows) {
            to.accept(r.seq, r.entry, r.from, r.to, r.leaf, r.leafFrom, r.leafTo);
        }
    }
}
