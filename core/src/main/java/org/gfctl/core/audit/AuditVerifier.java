package org.gfctl.core.audit;

import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.gfctl.core.InvalidFormatException;
import org.gfctl.core.keys.Certificates;
import org.gfctl.core.merkle.MerkleHash;
import org.gfctl.core.store.FabricStore;

/**
 * Checks a whole audit log with only the guardian's public audit certificate, and says exactly
 * what is wrong: which entries were modified, removed or moved, whether the log was truncated, and
 * which checkpoints are forged, missing or contradict each other.
 *
 * <p>One streaming pass reads only each row's sequence number, entry bytes and stored leaf hash (on
 * SQLite a thousand rows per query, {@link SqliteLeafBatches}), recomputes every leaf hash from the
 * bytes (RFC 6962 §2.1), checks that the bytes are a canonical entry for the row's position, and
 * folds the leaves into a {@link CompactRange}, comparing the root at every checkpoint's size with
 * the signed root. Every valid checkpoint thus equals MTH of a prefix of one leaf list, which implies
 * consistency between consecutive checkpoints (RFC 9162 §2.1.4) without materializing proofs;
 * checkpoints that cannot match the log are compared with each other instead (a signed tree that
 * shrinks is a fork). With a checkpoint per append, the first mismatching checkpoint localizes a
 * rewritten entry even when its stored leaf hash was rewritten too. The listing columns are generated
 * from the bytes, so instead of comparing them row by row one catalogue query checks they still are
 * ({@link AuditSchema}).
 * Memory is O(checkpoints), time O(entries + signatures).
 */
public final class AuditVerifier {
    /** From this many checkpoints on, their signatures are checked on every core. */
    static final int PARALLEL_CHECKPOINTS = 64;
    private final AuditTables tables;
    private final Supplier<X509Certificate> certificate;
    private SignedHead signedHead;

    private AuditVerifier(AuditTables tables, Supplier<X509Certificate> certificate) {
        this.tables = tables;
        this.certificate = certificate;
    }

    /** A verifier of {@code store}'s log trusting only {@code auditCertificate} (the guardian's audit.crt). */
    public static AuditVerifier of(FabricStore store, X509Certificate auditCertificate) {
        Objects.requireNonNull(auditCertificate, "auditCertificate");
        return of(store, () -> auditCertificate);
    }

    /**
     * A verifier that asks for the audit certificate only after the pass over the entries, which
     * needs none, so that it can be read meanwhile ({@code Fabric.auditCertificateInBackground()}).
     * A failure to obtain it is thrown by {@link #verify()}.
     */
    public static AuditVerifier of(FabricStore store, Supplier<X509Certificate> auditCertificate) {
        return new AuditVerifier(new AuditTables(store), Objects.requireNonNull(auditCertificate, "auditCertificate"));
    }

    /**
     * Verifies the whole log; never throws for a damaged log, only lists findings.
     *
     * <p>The pass over the entries compares its roots with every checkpoint that could be signed;
     * signatures are checked after it, and only the validly signed checkpoints are kept.
     */
    /**
     * This verifier also comparing the log with the newest checkpoint the guardian recorded signing
     * outside the store ({@link SignedHead}): a store behind it lost its newest entries and checkpoints.
     */
    public AuditVerifier withSignedHead(Optional<SignedHead> head) {
        this.signedHead = head.orElse(null);
        return this;
    }

    public VerificationReport verify() {
        return tables.reading(() -> {
            List<Finding> findings = new ArrayList<>();
            tables.detachedFilterColumns().ifPresent(why -> findings.add(Finding.of(Finding.Kind.FILTER_COLUMNS_DETACHED,
                    0, 0, "audit log columns detached from the entries: " + why + " ('gfctl audit log' may list and"
                    + " select other values than the signed entries hold)")));
            List<Object> read = new ArrayList<>(); // a Checkpoint, or the number (Long) of a malformed row
            tables.checkpoints(read::add, read::add);
            CheckpointIndex candidates = new CheckpointIndex();
            read.stream().filter(Checkpoint.class::isInstance).forEach(k -> candidates.add((Checkpoint) k));
            candidates.seal();
            List<Finding> entryFindings = new ArrayList<>();
            Leaves leaves = new Leaves(entryFindings, candidates);
            pass(leaves);
            Checkpoint[] newest = new Checkpoint[1];
            long[] checked = new long[1];
            leaves.valid = candidates.retain(checkpoints(findings, read, candidates.count(), certificate.get(),
                    newest, checked));
            entryFindings.addAll(0, findings); // in the order of a check of the checkpoints first
            String behind = signedHead == null ? null : signedHead.behind(newest[0]);
            if (behind != null) {
                entryFindings.add(Finding.of(Finding.Kind.LOG_TRUNCATED, signedHead.number(), signedHead.number(),
                        "log rolled back: " + behind));
            }
            return leaves.finish(read.size(), Optional.ofNullable(newest[0]), checked[0]);
        });
    }

    /**
     * Streams the entries through {@code leaves}. If that fails and so does reading the certificate,
     * the certificate's failure (a wrong password) is thrown, as when it was read before the pass.
     */
    private void pass(Leaves leaves) throws java.sql.SQLException {
        try {
            tables.leavesForVerify(leaves::accept);
        } catch (java.sql.SQLException | RuntimeException e) {
            try {
                certificate.get();
            } catch (RuntimeException first) {
                first.addSuppressed(e);
                throw first;
            }
            throw e;
        }
    }

    /**
     * Reports malformed, missing, forged and inconsistent checkpoints in {@code read}; returns, per
     * well-formed checkpoint in order (there are {@code wellFormed}), whether it is validly signed,
     * and sets {@code newest}.
     */
    private static boolean[] checkpoints(List<Finding> findings, List<Object> read, int wellFormed,
            X509Certificate certificate, Checkpoint[] newest, long[] checked) {
        String fingerprint = Certificates.fingerprint(certificate);
        boolean[] signed = signatures(read, certificate, fingerprint, checked);
        boolean[] valid = new boolean[wellFormed];
        int v = 0;
        long[] expected = {0, -1, -1};
        for (int i = 0; i < read.size(); i++) {
            if (read.get(i) instanceof Long n) {
                number(findings, expected, n);
                findings.add(Finding.of(Finding.Kind.CHECKPOINT_MALFORMED, n, n, "checkpoint " + n
                        + " malformed: its root or fields are not a checkpoint's"));
                continue;
            }
            Checkpoint k = (Checkpoint) read.get(i);
            number(findings, expected, k.number());
            if (!(valid[v++] = signed[i])) {
                findings.add(Finding.of(Finding.Kind.CHECKPOINT_SIGNATURE_INVALID, k.number(), k.number(), "checkpoint "
                        + k.number() + " (size " + k.treeSize() + ") signature invalid: " + (k.signer().equals(fingerprint)
                        ? "it does not verify with the audit certificate (forged or altered)"
                        : "signed by key " + k.signer() + ", not the audit key " + fingerprint)));
                continue;
            }
            if (k.treeSize() < expected[1]) {
                findings.add(Finding.of(Finding.Kind.CHECKPOINTS_INCONSISTENT, expected[2], k.number(), "checkpoints "
                        + expected[2] + " (size " + expected[1] + ") and " + k.number() + " (size " + k.treeSize()
                        + ") are inconsistent: the signer rolled the log back to a smaller tree"));
            }
            if (k.treeSize() >= expected[1]) {
                expected[1] = k.treeSize();
                expected[2] = k.number();
            }
            newest[0] = k;
        }
        return valid;
    }

    /**
     * Whether each checkpoint in {@code read} is validly signed by the audit key ({@code checked[0]}
     * is set to the number of signatures verified).
     *
     * <p>A checkpoint whose successor signs its exact stored form ({@link Checkpoint#chainsTo}; the
     * guardian checked its signature before signing the successor) is valid when that successor is,
     * without a signature check of its own: a chained log needs one, the newest. Every other
     * checkpoint is checked: the newest, those a link does not reach (v1 checkpoints, a gap, a
     * stored form that was changed), and, round by round, the predecessor of any that fails, since
     * an invalid checkpoint vouches for nothing. With a checkpoint per command and no chain the
     * checks bound verify (~3,300 P-384 verifications per second and warm core), so from
     * {@value #PARALLEL_CHECKPOINTS} checkpoints on a round runs on every core, one verifier per
     * thread; the findings are then made in checkpoint order as before.
     */
    private static boolean[] signatures(List<Object> read, X509Certificate certificate, String fingerprint,
            long[] checked) {
        int n = read.size();
        boolean[] signed = new boolean[n];
        boolean[] vouched = new boolean[n];
        boolean[] done = new boolean[n];
        List<Integer> round = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            vouched[i] = i + 1 < n && read.get(i) instanceof Checkpoint k && k.signer().equals(fingerprint)
                    && read.get(i + 1) instanceof Checkpoint next && next.chainsTo(k);
            if (!vouched[i] && read.get(i) instanceof Checkpoint) {
                round.add(i);
            }
        }
        ThreadLocal<Checkpoint.SignatureCheck> perThread = ThreadLocal.withInitial(
                () -> new Checkpoint.SignatureCheck(certificate));
        // below a failed checkpoint, 1, 2, 4, ... predecessors per round: a forged chain of any length
        // takes a logarithmic number of rounds, each on every core, and checks at most twice the rows
        int reach = 1;
        while (!round.isEmpty()) {
            java.util.stream.Stream<Integer> checks = round.size() < PARALLEL_CHECKPOINTS ? round.stream()
                    : round.parallelStream();
            checks.forEach(i -> signed[i] = perThread.get().test((Checkpoint) read.get(i)));
            checked[0] += round.size();
            List<Integer> next = new ArrayList<>();
            for (int i : round) {
                done[i] = true;
                // an invalid checkpoint vouches for nothing: those it linked to need checks of their own
                for (int p = i - 1, left = reach; !signed[i] && p >= 0 && vouched[p] && left > 0; p--, left--) {
                    vouched[p] = false;
                    next.add(p);
                }
            }
            reach *= 2;
            round = next;
        }
        for (int i = n - 2; i >= 0; i--) {
            if (vouched[i] && !done[i]) {
                signed[i] = signed[i + 1];
            }
        }
        return signed;
    }

    private static void number(List<Finding> findings, long[] expected, long n) {
        if (n > expected[0]) {
            findings.add(Finding.of(Finding.Kind.CHECKPOINT_MISSING, expected[0], n - 1, (n - 1 == expected[0]
                    ? "checkpoint " + expected[0] : "checkpoints " + expected[0] + ".." + (n - 1)) + " missing"));
        }
        expected[0] = n + 1;
    }

    /** The streaming pass over the entries. */
    private static final class Leaves {
        private final List<Finding> findings;
        /** While streaming: every well-formed checkpoint; for {@link #finish}: only the validly signed ones. */
        private CheckpointIndex valid;
        private final CompactRange range = new CompactRange();
        private final MessageDigest sha = MerkleHash.sha256();
        private final TreeMap<Long, Long> moved = new TreeMap<>();
        /** Positions whose own row was found modified (not a copy of anything). */
        private final java.util.Set<Long> changed = new java.util.HashSet<>();
        /** Runs of positions with no row, first to last. */
        private final TreeMap<Long, Long> gaps = new TreeMap<>();
        private long expected;
        private long firstBadLeaf = Long.MAX_VALUE;

        Leaves(List<Finding> findings, CheckpointIndex valid) {
            this.findings = findings;
            this.valid = valid;
            valid.visit(0, MerkleHash.emptyRoot());
        }

        /** Whether no row was read at {@code position} (it lies in a gap of missing entries). */
        private boolean inGap(long position) {
            var gap = gaps.floorEntry(position);
            return gap != null && position <= gap.getValue();
        }

        void accept(long seq, byte[] entries, int from, int to, byte[] storedLeaves, int leafFrom, int leafTo) {
            if (seq != expected) {
                gaps.put(expected, seq - 1);
                findings.add(Finding.of(Finding.Kind.ENTRIES_MISSING, expected, seq - 1, (seq - 1 == expected
                        ? "entry " + expected : "entries " + expected + ".." + (seq - 1)) + " missing"));
                badLeaf();
            }
            expected = seq + 1;
            String why = EntryShape.seq(entries, from, to) == seq ? null
                    : decoded(seq, Arrays.copyOfRange(entries, from, to));
            sha.update((byte) 0);
            sha.update(entries, from, to - from);
            byte[] leaf = sha.digest();
            if (storedLeaves == null || !Arrays.equals(leaf, 0, leaf.length, storedLeaves, leafFrom, leafTo)) {
                why = (why == null ? "" : why + "; ") + "its bytes no longer hash to its stored leaf hash";
                badLeaf();
            }
            if (why != null) {
                findings.add(Finding.of(Finding.Kind.ENTRY_MODIFIED, seq, seq, "entry " + seq + " modified: " + why));
                changed.add(seq);
            }
            range.append(leaf);
            if (valid.due(range.size())) {
                valid.visit(range.size(), range.root());
            }
        }

        /** The full decoder's verdict on bytes the fast check did not pass: a reason, a move, or nothing. */
        private String decoded(long seq, byte[] entry) {
            AuditEntry d;
            try {
                d = AuditEntry.decode(entry);
            } catch (InvalidFormatException ex) {
                badLeaf();
                return "its stored bytes are not a canonical audit entry (" + ex.getMessage() + ")";
            }
            if (d.seq() != seq) {
                moved.put(seq, d.seq());
                badLeaf();
            }
            return null;
        }

        private void badLeaf() {
            firstBadLeaf = Math.min(firstBadLeaf, range.size());
        }

        VerificationReport finish(long checkpointRows, Optional<Checkpoint> newest, long signaturesChecked) {
            reorders();
            long size = expected;
            long consequences = 0;
            int truncatedAt = -1;
            int firstUnexplained = -1;
            long lastMatchSize = 0;
            long maxSigned = -1;
            for (int i : valid.bySize()) {
                maxSigned = Math.max(maxSigned, valid.size(i));
                if (valid.size(i) > size) {
                    truncatedAt = i;
                } else if (valid.matched(i)) {
                    if (firstUnexplained < 0) {
                        lastMatchSize = valid.size(i);
                    }
                } else if (valid.size(i) > firstBadLeaf || firstUnexplained >= 0) {
                    consequences++;
                } else {
                    firstUnexplained = i;
                }
            }
            if (truncatedAt >= 0) {
                truncated(truncatedAt, size, firstUnexplained, lastMatchSize);
            } else if (firstUnexplained >= 0) {
                rewritten(firstUnexplained, lastMatchSize);
            }
            if (size > Math.max(maxSigned, 0) && truncatedAt < 0) {
                long from = Math.max(maxSigned, 0);
                findings.add(Finding.of(Finding.Kind.ENTRIES_UNSIGNED, from, size - 1, (size - 1 == from ? "entry "
                        + from + " is" : "entries " + from + ".." + (size - 1) + " are") + " not covered by any validly"
                        + " signed checkpoint (its checkpoint was deleted or forged, or it was written outside gfctl)"));
            }
            if (size == 0 && checkpointRows == 0) {
                findings.add(Finding.of(Finding.Kind.LOG_TRUNCATED, 0, 0, "log empty: no entry and no checkpoint, but"
                        + " 'gfctl fabric init' records entry 0 and signs checkpoint 0, so all of them were deleted"));
            }
            return new VerificationReport(size, checkpointRows, valid.count(), newest, consequences, findings,
                    signaturesChecked);
        }

        private void truncated(int i, long size, int firstUnexplained, long lastMatchSize) {
            String rewritten = firstUnexplained < 0 ? ""
                    : " and rewritten from entry " + lastMatchSize + " (entries " + Finding.range(lastMatchSize, size - 1)
                            + " differ from what checkpoint " + valid.number(firstUnexplained) + " signed)";
            findings.add(Finding.of(Finding.Kind.LOG_TRUNCATED, valid.number(i), valid.number(i), "log truncated below"
                    + " checkpoint " + valid.number(i) + " (size " + valid.size(i) + ")" + rewritten + ": it has "
                    + size + " entries, " + (size == valid.size(i) - 1 ? "entry " + size + " is" : "entries "
                    + Finding.range(size, valid.size(i) - 1) + " are") + " gone"));
        }

        private void rewritten(int i, long lastMatchSize) {
            long last = valid.size(i) - 1;
            findings.add(Finding.of(Finding.Kind.ENTRY_MODIFIED, lastMatchSize, last, (lastMatchSize == last
                    ? "entry " + last + " modified" : "entries " + lastMatchSize + ".." + last + ": at least one modified")
                    + ": checkpoint " + valid.number(i) + " (size " + valid.size(i) + ") signed another root"
                    + " (the entry bytes and leaf hash were rewritten together)"));
        }

        /**
         * Explains the positions holding another entry: swaps, a run shifted by the same distance
         * (entries deleted or inserted and the rest renumbered), copies of an entry still in place,
         * and single moves.
         */
        private void reorders() {
            List<Map.Entry<Long, Long>> all = new ArrayList<>(moved.entrySet());
            java.util.Set<Long> inRuns = new java.util.HashSet<>();
            for (int i = 0; i < all.size(); i++) {
                long n = all.get(i).getKey();
                long holds = all.get(i).getValue();
                int j = i;
                while (j + 1 < all.size() && all.get(j + 1).getKey() == all.get(j).getKey() + 1
                        && all.get(j + 1).getValue() - all.get(j + 1).getKey() == holds - n) {
                    j++;
                }
                boolean swap = Objects.equals(moved.get(holds), n);
                if (j > i && !swap) {
                    long last = all.get(j).getKey();
                    long shift = holds - n;
                    findings.add(Finding.of(Finding.Kind.ENTRIES_REORDERED, n, last, "entries renumbered: positions "
                            + n + ".." + last + " hold entries " + holds + ".." + (last + shift) + " (shifted by "
                            + (shift > 0 ? "-" + shift : "+" + -shift) + ")"));
                    for (long k = n; k <= last; k++) {
                        inRuns.add(k);
                    }
                    i = j;
                } else if (swap && !inRuns.contains(holds)) {
                    if (n < holds) {
                        findings.add(Finding.of(Finding.Kind.ENTRIES_REORDERED, n, holds, "entries reordered (" + n + ", "
                                + holds + "): each one's position holds the other's entry"));
                    }
                } else if (holds < expected && !moved.containsKey(holds) && !inGap(holds) && !changed.contains(holds)) {
                    findings.add(Finding.of(Finding.Kind.ENTRY_MODIFIED, n, n, "entry " + n + " replaced by a copy of"
                            + " entry " + holds + " (which is still at its own position)"));
                } else if (holds >= expected || inGap(holds)) {
                    findings.add(Finding.of(Finding.Kind.ENTRIES_REORDERED, holds, n, "entry " + holds + " moved to"
                            + " position " + n));
                } else {
                    findings.add(Finding.of(Finding.Kind.ENTRIES_REORDERED, n, holds, "entries reordered: position " + n
                            + " holds entry " + holds));
                }
            }
        }
    }
}
