package org.gfctl.core.audit;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;
import org.gfctl.core.merkle.MerkleHash;

/**
 * The checkpoints of a log in compact form (number, size, root: 48 bytes each), visited in
 * tree-size order while the verifier streams the leaves, recording which ones match; after the
 * signatures are checked, {@link #retain} keeps the validly signed ones with their results.
 *
 * <p>A log signs a checkpoint per command, so a million entries mean a million checkpoints: they
 * are kept in primitive arrays rather than as objects.
 */
final class CheckpointIndex {
    private long[] numbers = new long[64];
    private long[] sizes = new long[64];
    private byte[] roots = new byte[64 * MerkleHash.SIZE];
    private boolean[] matched;
    private int[] order;
    private int count;
    private int next;

    void add(Checkpoint k) {
        if (count == numbers.length) {
            numbers = Arrays.copyOf(numbers, count * 2);
            sizes = Arrays.copyOf(sizes, count * 2);
            roots = Arrays.copyOf(roots, count * 2 * MerkleHash.SIZE);
        }
        numbers[count] = k.number();
        sizes[count] = k.treeSize();
        System.arraycopy(k.root(), 0, roots, count * MerkleHash.SIZE, MerkleHash.SIZE);
        count++;
    }

    int count() {
        return count;
    }

    /** Freezes the set: from now on checkpoints are visited by tree size, then number. */
    void seal() {
        matched = new boolean[count];
        boolean sorted = true;
        for (int i = 1; i < count && sorted; i++) {
            sorted = sizes[i - 1] <= sizes[i];
        }
        order = sorted ? IntStream.range(0, count).toArray()
                : IntStream.range(0, count).boxed()
                        .sorted(Comparator.<Integer>comparingLong(i -> sizes[i]).thenComparingLong(i -> numbers[i]))
                        .mapToInt(Integer::intValue).toArray();
    }

    /** Whether a not yet visited checkpoint has a size up to {@code size} (only then is a root needed). */
    boolean due(long size) {
        return next < count && sizes[order[next]] <= size;
    }

    /** Compares every not yet visited checkpoint of size {@code size} with {@code root}. */
    void visit(long size, byte[] root) {
        while (next < count && sizes[order[next]] <= size) {
            int i = order[next++];
            matched[i] = sizes[i] == size && MessageDigest.isEqual(root, Arrays.copyOfRange(roots,
                    i * MerkleHash.SIZE, (i + 1) * MerkleHash.SIZE));
        }
    }

    /**
     * The sealed index of the checkpoints {@code keep} selects (by position, in the order added),
     * each with its visit's result.
     */
    CheckpointIndex retain(boolean[] keep) {
        if (keep.length != count || order == null) {
            throw new IllegalStateException("retain needs the sealed index's " + count + " flags, not " + keep.length);
        }
        int[] at = new int[count];
        int kept = 0;
        for (int i = 0; i < count; i++) {
            at[i] = keep[i] ? kept++ : -1;
        }
        CheckpointIndex r = new CheckpointIndex();
        r.numbers = new long[kept];
        r.sizes = new long[kept];
        r.roots = new byte[0];
        r.matched = new boolean[kept];
        r.order = new int[kept];
        int n = 0;
        for (int i : order) {
            if (keep[i]) {
                int j = at[i];
                r.numbers[j] = numbers[i];
                r.sizes[j] = sizes[i];
                r.matched[j] = matched[i];
                r.order[n++] = j;
            }
        }
        r.count = kept;
        r.next = kept;
        return r;
    }

    /** Index positions in tree-size order, for the verifier's final pass. */
    int[] bySize() {
        return order.clone();
    }

    long number(int i) {
        return numbers[i];
    }

    long size(int i) {
        return sizes[i];
    }

    boolean matched(int i) {
        return matched[i];
    }
}
