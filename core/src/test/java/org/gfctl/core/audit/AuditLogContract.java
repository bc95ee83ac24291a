package org.gfctl.core.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.gfctl.core.IntegrityException;
import org.gfctl.core.guardian.GuardianKeys;
import org.gfctl.core.internal.AtomicFiles;
import org.gfctl.core.secret.Secret;
import org.gfctl.core.store.FabricStore;
import org.gfctl.core.store.StoreCredentials;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Tamper tests of the audit log on a real store, run once per engine by the subclasses: each
 * tampering is done with plain SQL, as an attacker with store access would, and verify must name it.
 */
abstract class AuditLogContract {
    static final int SIZE = 10;
    FabricStore store;
    AuditLog log;

    /** A URL of a fresh, empty store. */
    abstract String newStoreUrl() throws Exception;

    abstract StoreCredentials credentials();

    /** The credentials argument of {@link AppenderMain}: a file, or {@code -} for none. */
    abstract String credentialsArgument();

    @BeforeEach
    void tenEntries() throws Exception {
        store = FabricStore.open(newStoreUrl(), credentials());
        log = AuditLog.open(store, TestKeys.AUDIT);
        for (int i = 0; i < SIZE; i++) {
            log.append(AuditEvent.of(i % 2 == 0 ? Role.HOST : Role.GUARDIAN, i % 2 == 0 ? "attest" : "key.release",
                    "h" + i, i == 3 ? "denied" : "ok", i == 3 ? 3 : 0, Integer.toHexString(i).repeat(64).substring(0, 64)));
        }
    }

    @AfterEach
    void close() {
        store.close();
    }

    VerificationReport verify() {
        return AuditVerifier.of(store, TestKeys.AUDIT.certificate()).verify();
    }

    void sql(String... statements) throws SQLException {
        try (Statement s = store.connection().createStatement()) {
            for (String sql : statements) {
                s.executeUpdate(sql);
            }
        }
    }

    void assertOnlyFinding(Finding.Kind kind, String message) {
        VerificationReport r = verify();
        assertThat(r.findings()).as(r.findings().toString()).hasSize(1);
        assertThat(r.findings().get(0).kind()).isEqualTo(kind);
        assertThat(r.findings().get(0).message()).isEqualTo(message);
    }

    @Test
    void cleanLog_verifies_withEveryCheckpointSigned() {
        VerificationReport r = verify();
        assertThat(r.intact()).as(r.findings().toString()).isTrue();
        assertThat(r.entries()).isEqualTo(SIZE);
        assertThat(r.checkpoints()).isEqualTo(SIZE);
        assertThat(r.validCheckpoints()).isEqualTo(SIZE);
        assertThat(r.latest().orElseThrow().treeSize()).isEqualTo(SIZE);
        assertThat(AuditEntries.of(store).list(AuditFilter.ALL)).extracting(AuditEntry::seq)
                .containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
    }

    @Test
    void logFilters_selectByActionObjectResultAndTime() {
        AuditEntries entries = AuditEntries.of(store);
        assertThat(entries.list(new AuditFilter(null, null, "attest", null, null, null))).hasSize(5);
        assertThat(entries.list(new AuditFilter(null, null, null, "h3", null, "denied"))).extracting(AuditEntry::seq)
                .containsExactly(3L);
        String user = System.getProperty("user.name");
        assertThat(entries.list(new AuditFilter(null, null, null, null, user, null))).hasSize(SIZE);
        assertThat(entries.list(new AuditFilter(Instant.now().plusSeconds(60), null, null, null, null, null))).isEmpty();
        assertThat(entries.list(new AuditFilter(null, Instant.now().plusSeconds(60), null, null, null, null))).hasSize(SIZE);
    }

    @Test
    void timeWindows_listEntriesWrittenWhileTheClockWentBack_inSeqOrder() throws SQLException {
        String[] times = {"2030-01-03", "2030-01-01", "2030-01-04", "2030-01-02"}; // seq 10..13
        try (var ps = store.connection().prepareStatement(
                "INSERT INTO audit_entries (seq, entry, leaf_hash) VALUES (?, ?, ?)")) {
            for (int i = 0; i < times.length; i++) {
                byte[] bytes = AuditEntry.create(SIZE + i, Instant.parse(times[i] + "T12:00:00Z"),
                        AuditEvent.of(Role.HOST, "attest", "late" + i, "ok", 0, null)).encode();
                ps.setLong(1, SIZE + i);
                ps.setBytes(2, bytes);
                ps.setBytes(3, org.gfctl.core.merkle.MerkleHash.leaf(bytes));
                ps.executeUpdate();
            }
        }
        AuditEntries entries = AuditEntries.of(store);
        Instant jan2 = Instant.parse("2030-01-02T00:00:00Z");
        Instant jan4 = Instant.parse("2030-01-04T00:00:00Z");
        assertThat(entries.list(new AuditFilter(jan2, null, null, null, null, null))).extracting(AuditEntry::seq)
                .containsExactly(10L, 12L, 13L);
        assertThat(entries.list(new AuditFilter(null, jan2, null, null, null, null))).extracting(AuditEntry::seq)
                .containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 11L);
        assertThat(entries.list(new AuditFilter(jan2, jan4, null, null, null, null))).extracting(AuditEntry::seq)
                .containsExactly(10L, 13L);
        assertThat(entries.list(new AuditFilter(Instant.parse("2031-01-01T00:00:00Z"), null, null, null, null, null)))
                .isEmpty();
    }

    /** Detaches the result column from the entry bytes the way an attacker with schema rights could. */
    abstract void detachResultColumn() throws SQLException;

    /** The finding message once {@link #detachResultColumn()} ran. */
    abstract String detachedResultColumnMessage();

    @Test
    void columnChangedWithSql_isRefusedByTheStore() {
        assertThatThrownBy(() -> sql("UPDATE audit_entries SET result = 'ok', exit_code = 0 WHERE seq = 3"))
                .isInstanceOf(SQLException.class);
        assertThat(AuditEntries.of(store).list(new AuditFilter(null, null, null, "h3", null, null)))
                .extracting(e -> e.event().result()).containsExactly("denied");
        assertThat(verify().intact()).isTrue();
    }

    @Test
    void columnDetachedFromTheBytesAndChanged_isReported() throws SQLException {
        detachResultColumn();
        sql("UPDATE audit_entries SET result = 'ok' WHERE seq = 3");
        assertOnlyFinding(Finding.Kind.FILTER_COLUMNS_DETACHED, "audit log columns detached from the entries: "
                + detachedResultColumnMessage() + " ('gfctl audit log' may list and select other values than the"
                + " signed entries hold)");
    }

    @Test
    void nonCanonicalEntryBytes_areEntryModified() throws SQLException {
        sql("UPDATE audit_entries SET entry = " + spacePrefixedEntry() + " WHERE seq = 2");
        VerificationReport r = verify();
        assertThat(r.findings()).extracting(Finding::message).containsExactly("entry 2 modified: its stored bytes are not a"
                + " canonical audit entry (audit entry is not in canonical form (RFC 8785): its fields encode"
                + " differently); its bytes no longer hash to its stored leaf hash");
    }

    /** SQL for the entry bytes with a space in front: still JSON, no longer canonical. */
    abstract String spacePrefixedEntry();

    @Test
    void entryBytesAndLeafHashRewrittenTogether_areLocalizedByTheCheckpoint() throws SQLException {
        AuditEntry forged = AuditEntry.create(4, Instant.now(), AuditEvent.of(Role.HOST, "attest", "h4", "ok", 0, null));
        try (PreparedStatement ps = store.connection().prepareStatement("UPDATE audit_entries SET entry = ?,"
                + " leaf_hash = ? WHERE seq = 4")) {
            ps.setBytes(1, forged.encode());
            ps.setBytes(2, forged.leafHash());
            ps.executeUpdate();
        }
        assertOnlyFinding(Finding.Kind.ENTRY_MODIFIED, "entry 4 modified: checkpoint 4 (size 5) signed another root"
                + " (the entry bytes and leaf hash were rewritten together)");
    }

    /** Entry 3's refusal ("denied", exit 3) rewritten as a success, a canonical entry, its stored leaf hash left alone. */
    @Test
    void entryBytesChanged_withoutItsLeafHash_isEntryModified() throws SQLException {
        AuditEntry forged = AuditEntry.create(3, Instant.now(), AuditEvent.of(Role.GUARDIAN, "key.release", "h3", "ok", 0,
                "3".repeat(64)));
        try (PreparedStatement ps = store.connection().prepareStatement("UPDATE audit_entries SET entry = ? WHERE seq = 3")) {
            ps.setBytes(1, forged.encode());
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
        VerificationReport r = verify();
        assertThat(r.findings()).extracting(Finding::message)
                .containsExactly("entry 3 modified: its bytes no longer hash to its stored leaf hash");
        assertThat(r.intact()).isFalse();
    }

    @Test
    void aCheckpointWithAShortRoot_isMalformed_andTheOthersStillVouchForTheLog() throws SQLException {
        try (PreparedStatement ps = store.connection().prepareStatement("UPDATE audit_checkpoints SET root = ? WHERE number = 4")) {
            ps.setBytes(1, new byte[31]);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
        assertOnlyFinding(Finding.Kind.CHECKPOINT_MALFORMED, "checkpoint 4 malformed: its root or fields are not a"
                + " checkpoint's");
    }

    @Test
    void leafHashChanged_withoutTheEntryBytes_isEntryModified() throws SQLException {
        sql("UPDATE audit_entries SET leaf_hash = (SELECT leaf_hash FROM audit_entries WHERE seq = 6) WHERE seq = 5");
        VerificationReport r = verify();
        assertThat(r.findings()).extracting(Finding::message)
                .containsExactly("entry 5 modified: its bytes no longer hash to its stored leaf hash");
    }

    @Test
    void deletedEntry_isMissing() throws SQLException {
        sql("DELETE FROM audit_entries WHERE seq = 5");
        assertOnlyFinding(Finding.Kind.ENTRIES_MISSING, "entry 5 missing");
        sql("DELETE FROM audit_entries WHERE seq IN (6, 7)");
        assertOnlyFinding(Finding.Kind.ENTRIES_MISSING, "entries 5..7 missing");
    }

    @Test
    void theFirstEntryDeleted_andTheRestRenumbered_isOneShift() throws SQLException {
        sql("DELETE FROM audit_entries WHERE seq = 0");
        for (long seq = 1; seq < SIZE; seq++) {
            sql("UPDATE audit_entries SET seq = " + (seq - 1) + " WHERE seq = " + seq);
        }
        VerificationReport r = verify();
        assertThat(r.findings()).extracting(Finding::message).contains("entries renumbered: positions 0..8 hold entries"
                + " 1..9 (shifted by -1)")
                .noneMatch(m -> m.startsWith("entries reordered: position"));
    }

    @Test
    void anEntryOverwrittenWithACopyOfAnother_isACopy_notAReorder() throws SQLException {
        sql("UPDATE audit_entries SET entry = (SELECT entry FROM audit_entries WHERE seq = 3),"
                + " leaf_hash = (SELECT leaf_hash FROM audit_entries WHERE seq = 3) WHERE seq = 5");
        assertThat(verify().findings()).extracting(Finding::message)
                .contains("entry 5 replaced by a copy of entry 3 (which is still at its own position)");
    }

    @Test
    void aRunAndASwapSharingAPosition_nameEveryTamperedPosition() throws SQLException {
        // positions 1, 2 get (copies of) entries 4, 5; position 5 gets entry 2
        sql("INSERT INTO audit_entries (seq, entry, leaf_hash) SELECT -5, entry, leaf_hash FROM audit_entries WHERE seq = 5",
                "UPDATE audit_entries SET entry = (SELECT entry FROM audit_entries WHERE seq = 2), leaf_hash ="
                        + " (SELECT leaf_hash FROM audit_entries WHERE seq = 2) WHERE seq = 5",
                "UPDATE audit_entries SET entry = (SELECT entry FROM audit_entries WHERE seq = -5), leaf_hash ="
                        + " (SELECT leaf_hash FROM audit_entries WHERE seq = -5) WHERE seq = 2",
                "UPDATE audit_entries SET entry = (SELECT entry FROM audit_entries WHERE seq = 4), leaf_hash ="
                        + " (SELECT leaf_hash FROM audit_entries WHERE seq = 4) WHERE seq = 1",
                "DELETE FROM audit_entries WHERE seq = -5");
        List<String> messages = verify().findings().stream().map(Finding::message).toList();
        assertThat(messages).as(messages.toString()).anyMatch(m -> m.contains("positions 1..2 hold entries 4..5"))
                .anyMatch(m -> m.contains("position 5 holds entry 2"));
    }

    @Test
    void theLastEntryMovedFarAhead_isAMove() throws SQLException {
        sql("UPDATE audit_entries SET seq = 100 WHERE seq = 9");
        assertThat(verify().findings()).extracting(Finding::message).contains("entry 9 moved to position 100");
    }

    @Test
    void swappedEntries_areReordered() throws SQLException {
        sql("UPDATE audit_entries SET seq = -1 WHERE seq = 2", "UPDATE audit_entries SET seq = 2 WHERE seq = 7",
                "UPDATE audit_entries SET seq = 7 WHERE seq = -1");
        assertOnlyFinding(Finding.Kind.ENTRIES_REORDERED,
                "entries reordered (2, 7): each one's position holds the other's entry");
    }

    @Test
    void truncatedLog_isRefusedByAppend_andReappendedEntriesAreDetected() throws SQLException {
        sql("DELETE FROM audit_entries WHERE seq >= 6");
        assertOnlyFinding(Finding.Kind.LOG_TRUNCATED, "log truncated below checkpoint 9 (size 10): it has 6 entries,"
                + " entries 6..9 are gone");
        assertThatThrownBy(() -> log.append(AuditEvent.of(Role.ADMIN, "fabric.init", "", "ok", 0, null)))
                .isInstanceOf(IntegrityException.class).hasMessageContaining("it has 6 entries but checkpoint 9 signed 10");
        for (long seq = 6; seq < 8; seq++) {
            AuditEntry e = AuditEntry.create(seq, Instant.now(), AuditEvent.of(Role.ADMIN, "noop", "", "ok", 0, null));
            try (PreparedStatement ps = store.connection().prepareStatement("INSERT INTO audit_entries ("
                    + AuditTables.STORED_COLUMNS + ") VALUES (?, ?, ?)")) {
                AuditTables.bind(ps, e, e.encode(), e.leafHash());
                ps.executeUpdate();
            }
        }
        assertOnlyFinding(Finding.Kind.LOG_TRUNCATED, "log truncated below checkpoint 9 (size 10) and rewritten from"
                + " entry 6 (entries 6..7 differ from what checkpoint 6 signed): it has 8 entries, entries 8..9 are gone");
    }

    private long count(String table) throws SQLException {
        try (Statement s = store.connection().createStatement(); var rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void assertAppendRefused(String why) throws SQLException {
        long entries = count("audit_entries");
        long checkpoints = count("audit_checkpoints");
        assertThatThrownBy(() -> log.append(AuditEvent.of(Role.ADMIN, "host.remove", "h1", "success", 0, null)))
                .isInstanceOf(IntegrityException.class).hasMessageContaining(why)
                .hasMessageContaining("refusing to sign");
        assertThat(count("audit_entries")).isEqualTo(entries);
        assertThat(count("audit_checkpoints")).isEqualTo(checkpoints);
    }

    /** An entry made with plain SQL: well-formed, correctly hashed, signed by nobody. */
    private void injectEntry(long seq, String result) throws SQLException {
        AuditEntry e = AuditEntry.create(seq, Instant.now(), AuditEvent.of(Role.GUARDIAN, "key.release", "forged",
                result, 0, null));
        try (PreparedStatement ps = store.connection().prepareStatement("INSERT INTO audit_entries ("
                + AuditTables.STORED_COLUMNS + ") VALUES (?, ?, ?)")) {
            AuditTables.bind(ps, e, e.encode(), e.leafHash());
            ps.executeUpdate();
        }
    }

    @Test
    void aLogWithEveryEntryAndCheckpointDeleted_isNotIntact() throws SQLException {
        sql("DELETE FROM audit_checkpoints", "DELETE FROM audit_entries");
        assertOnlyFinding(Finding.Kind.LOG_TRUNCATED, "log empty: no entry and no checkpoint, but 'gfctl fabric init'"
                + " records entry 0 and signs checkpoint 0, so all of them were deleted");
    }

    @Test
    void aRollbackOfTheNewestEntriesAndCheckpoints_isCaughtByTheHeadKeptOutsideTheStore(
            @org.junit.jupiter.api.io.TempDir Path dir) throws SQLException {
        Path head = dir.resolve("audit-head");
        AuditLog guarded = AuditLog.open(store, TestKeys.AUDIT).withSignedHead(head, "fabric-1");
        guarded.append(AuditEvent.of(Role.ADMIN, "host.remove", "h1", "success", 0, null)); // entry and checkpoint 10
        assertThat(SignedHead.read(head, "fabric-1").orElseThrow().number()).isEqualTo(10);
        sql("DELETE FROM audit_checkpoints WHERE number >= 7", "DELETE FROM audit_entries WHERE seq >= 7");
        assertThat(verify().intact()).as("without the head, a clean cut is invisible").isTrue();
        VerificationReport r = AuditVerifier.of(store, TestKeys.AUDIT.certificate()).withSignedHead(SignedHead.read(head, "fabric-1"))
                .verify();
        assertThat(r.findings()).extracting(Finding::message).containsExactly("log rolled back: the store's newest"
                + " checkpoint is 6 (size 7), but the guardian signed checkpoint 10 (size 11): the newest entries and"
                + " checkpoints were deleted");
        assertThatThrownBy(() -> guarded.append(AuditEvent.of(Role.ADMIN, "noop", "", "ok", 0, null)))
                .isInstanceOf(IntegrityException.class).hasMessageContaining("the guardian signed checkpoint 10");
        sql("DELETE FROM audit_checkpoints", "DELETE FROM audit_entries");
        assertThatThrownBy(() -> guarded.append(AuditEvent.of(Role.ADMIN, "noop", "", "ok", 0, null)))
                .isInstanceOf(IntegrityException.class).hasMessageContaining("the store holds no checkpoint");
        assertThat(SignedHead.read(head, "fabric-1").orElseThrow().number()).isEqualTo(10);
        // another fabric in the same home (init --force) starts its own head; it never inherits this one
        assertThat(SignedHead.read(head, "fabric-2")).isEmpty();
        AuditLog next = AuditLog.open(store, TestKeys.AUDIT).withSignedHead(head, "fabric-2");
        next.append(AuditEvent.of(Role.GUARDIAN, "fabric.init", "", "success", 0, null));
        assertThat(SignedHead.read(head, "fabric-2").orElseThrow().number()).isZero();
        assertThat(SignedHead.read(head, "fabric-1")).isEmpty();
    }

    @Test
    void anEntryInjectedAfterTheLatestCheckpoint_isNeverSignedOver() throws SQLException {
        injectEntry(SIZE, "success");
        assertAppendRefused("entries 10..10 follow its latest checkpoint, 9, but no checkpoint signs them");
        assertThat(verify().intact()).isFalse();
    }

    @Test
    void theNewestEntryRewritten_withItsCheckpointDropped_isNeverSignedOver() throws SQLException {
        sql("DELETE FROM audit_checkpoints WHERE number = 9", "DELETE FROM audit_entries WHERE seq = 9");
        injectEntry(9, "success");
        assertAppendRefused("entries 9..9 follow its latest checkpoint, 8");
    }

    @Test
    void entriesWithEveryCheckpointDropped_areNeverSignedOver() throws SQLException {
        sql("DELETE FROM audit_checkpoints");
        assertAppendRefused("it has 10 entries but no signed checkpoint");
    }

    @Test
    void aLatestCheckpointWithoutTheAuditSignature_isNeverSignedOver() throws SQLException {
        resignWithAnotherKey(9);
        assertAppendRefused("its latest checkpoint, 9, does not carry this fabric's audit signature");
    }

    @Test
    void checkpointSignedByAnotherKey_isInvalid() throws SQLException {
        Checkpoint forged = resignWithAnotherKey(5);
        VerificationReport r = verify();
        assertThat(r.findings()).extracting(Finding::kind).containsExactly(Finding.Kind.CHECKPOINT_SIGNATURE_INVALID);
        assertThat(r.findings().get(0).message()).startsWith("checkpoint 5 (size 6) signature invalid: signed by key "
                + forged.signer() + ", not the audit key ");
    }

    @Test
    void manyCheckpoints_areCheckedInParallel_andTheFindingsStayInOrder() throws SQLException {
        int size = AuditVerifier.PARALLEL_CHECKPOINTS + 36;
        for (int i = SIZE; i < size; i++) {
            log.append(AuditEvent.of(Role.HOST, "attest", "h" + i, "ok", 0, null));
        }
        assertThat(verify().findings()).isEmpty();
        Checkpoint other = resignWithAnotherKey(70);
        sql("UPDATE audit_checkpoints SET root = (SELECT root FROM audit_checkpoints WHERE number = 2) WHERE number = 33");
        VerificationReport r = verify();
        assertThat(r.findings()).extracting(Finding::kind).containsExactly(Finding.Kind.CHECKPOINT_SIGNATURE_INVALID,
                Finding.Kind.CHECKPOINT_SIGNATURE_INVALID);
        assertThat(r.findings().get(0).message()).isEqualTo("checkpoint 33 (size 34) signature invalid: it does not"
                + " verify with the audit certificate (forged or altered)");
        assertThat(r.findings().get(1).message()).startsWith("checkpoint 70 (size 71) signature invalid: signed by key "
                + other.signer());
    }

    /** Replaces checkpoint {@code number}'s signature by one of the same content with {@link TestKeys#OTHER}. */
    private Checkpoint resignWithAnotherKey(long number) throws SQLException {
        Checkpoint real = checkpoint(number);
        Checkpoint forged = Checkpoint.sign(number, real.treeSize(), real.root(), Instant.now(), TestKeys.OTHER);
        try (PreparedStatement ps = store.connection().prepareStatement(
                "UPDATE audit_checkpoints SET signature = ?, signer = ? WHERE number = ?")) {
            ps.setBytes(1, forged.signature());
            ps.setString(2, forged.signer());
            ps.setLong(3, number);
            ps.executeUpdate();
        }
        return forged;
    }

    /** Every checkpoint of a log that gfctl wrote signs its predecessor's digest: one signature check vouches for all. */
    @Test
    void aChainedLog_needsOneSignatureCheck_theNewest() throws SQLException {
        for (long n = 1; n < SIZE; n++) {
            assertThat(checkpoint(n).prev()).as("checkpoint %d", n).isEqualTo(checkpoint(n - 1).chainDigest());
        }
        assertThat(checkpoint(0).prev()).isNull();
        VerificationReport r = verify();
        assertThat(r.intact()).as(r.findings().toString()).isTrue();
        assertThat(r.validCheckpoints()).isEqualTo(SIZE);
        assertThat(r.signaturesChecked()).isEqualTo(1);
    }

    /**
     * A checkpoint whose stored form changed breaks the link to it: it is checked (and fails), and
     * so, since an invalid checkpoint vouches for nothing, is the one before it, which vouches for
     * the rest again. Nothing else changes in what verify reports.
     */
    @Test
    void aChangedCheckpoint_isCheckedByItself_andItsPredecessorToo() throws SQLException {
        sql("UPDATE audit_checkpoints SET time = '2001-01-01T00:00:00.000Z' WHERE number = 6");
        VerificationReport r = verify();
        assertThat(r.findings()).extracting(Finding::message).containsExactly("checkpoint 6 (size 7) signature invalid:"
                + " it does not verify with the audit certificate (forged or altered)");
        assertThat(r.signaturesChecked()).isEqualTo(3); // 9 (the newest), 6, 5
        assertThat(r.validCheckpoints()).isEqualTo(SIZE - 1);
    }

    /**
     * Checkpoints 5..9 replaced by a chain whose links are right but whose signatures are not the
     * audit key's (the audit key's fingerprint written as signer): each is found forged, however the
     * chain hides them from one another, and the checkpoints before it still vouch for the log.
     */
    @Test
    void aForgedChainOfCheckpoints_isFoundCheckpointByCheckpoint() throws SQLException {
        String audit = checkpoint(0).signer();
        byte[] prev = checkpoint(4).chainDigest();
        for (long n = 5; n < SIZE; n++) {
            Checkpoint real = checkpoint(n);
            Checkpoint byOther = Checkpoint.sign(n, real.treeSize(), real.root(), Instant.now(), TestKeys.OTHER, prev);
            Checkpoint forged = Checkpoint.of(n, real.treeSize(), real.root(), byOther.time(), byOther.signature(), audit,
                    prev);
            try (PreparedStatement ps = store.connection().prepareStatement(
                    "UPDATE audit_checkpoints SET time = ?, signature = ?, prev = ? WHERE number = ?")) {
                ps.setString(1, forged.time());
                ps.setBytes(2, forged.signature());
                ps.setBytes(3, prev);
                ps.setLong(4, n);
                ps.executeUpdate();
            }
            prev = forged.chainDigest();
        }
        VerificationReport r = verify();
        assertThat(r.findings()).filteredOn(f -> f.kind() == Finding.Kind.CHECKPOINT_SIGNATURE_INVALID)
                .extracting(Finding::first).containsExactly(5L, 6L, 7L, 8L, 9L);
        assertThat(r.validCheckpoints()).isEqualTo(5);
        assertThat(r.latest()).hasValueSatisfying(k -> assertThat(k.number()).isEqualTo(4));
    }

    /** A link to a checkpoint signed by another key (a guardian that linked without checking) vouches for nothing. */
    @Test
    void aLinkToACheckpointOfAnotherSigner_doesNotVouchForIt() throws SQLException {
        Checkpoint real4 = checkpoint(4);
        Checkpoint other4 = Checkpoint.sign(4, real4.treeSize(), real4.root(), Instant.now(), TestKeys.OTHER,
                checkpoint(3).chainDigest());
        Checkpoint real5 = checkpoint(5);
        Checkpoint linked5 = Checkpoint.sign(5, real5.treeSize(), real5.root(), Instant.now(), TestKeys.AUDIT,
                other4.chainDigest());
        for (Checkpoint k : List.of(other4, linked5)) {
            try (PreparedStatement ps = store.connection().prepareStatement(
                    "UPDATE audit_checkpoints SET time = ?, signature = ?, signer = ?, prev = ? WHERE number = ?")) {
                ps.setString(1, k.time());
                ps.setBytes(2, k.signature());
                ps.setString(3, k.signer());
                ps.setBytes(4, k.prev());
                ps.setLong(5, k.number());
                ps.executeUpdate();
            }
        }
        VerificationReport r = verify();
        assertThat(r.findings()).extracting(Finding::message).singleElement().asString()
                .startsWith("checkpoint 4 (size 5) signature invalid: signed by key " + other4.signer());
    }

    @Test
    void aPredecessorDigestOnCheckpoint0_orOfTheWrongLength_isAMalformedCheckpoint() throws SQLException {
        try (PreparedStatement ps = store.connection().prepareStatement("UPDATE audit_checkpoints SET prev = ? WHERE number = ?")) {
            ps.setBytes(1, new byte[32]);
            ps.setLong(2, 0);
            ps.executeUpdate();
            ps.setBytes(1, new byte[31]);
            ps.setLong(2, 6);
            ps.executeUpdate();
        }
        assertThat(verify().findings()).filteredOn(f -> f.kind() == Finding.Kind.CHECKPOINT_MALFORMED)
                .extracting(Finding::first).containsExactly(0L, 6L);
    }

    /**
     * A log whose older checkpoints predate the chain (v1: no predecessor digest), continued by
     * chained ones: the v1 checkpoints are each checked, the chained ones vouched for by the newest.
     */
    @Test
    void unchainedCheckpoints_fromBeforeTheChain_areCheckedOneByOne() throws SQLException {
        for (long n = 0; n < 5; n++) {
            Checkpoint real = checkpoint(n);
            Checkpoint v1 = Checkpoint.sign(n, real.treeSize(), real.root(), Instant.now(), TestKeys.AUDIT);
            assertThat(new String(v1.note(), java.nio.charset.StandardCharsets.UTF_8)).startsWith(Checkpoint.ORIGIN + "\n");
            try (PreparedStatement ps = store.connection().prepareStatement(
                    "UPDATE audit_checkpoints SET time = ?, signature = ?, prev = NULL WHERE number = ?")) {
                ps.setString(1, v1.time());
                ps.setBytes(2, v1.signature());
                ps.setLong(3, n);
                ps.executeUpdate();
            }
        }
        VerificationReport r = verify();
        assertThat(r.intact()).as(r.findings().toString()).isTrue();
        assertThat(r.validCheckpoints()).isEqualTo(SIZE);
        assertThat(r.signaturesChecked()).isEqualTo(6); // 0..4, whose successors' links no longer match, and 9
    }

    @Test
    void checkpointWithAlteredRoot_isForged() throws SQLException {
        sql("UPDATE audit_checkpoints SET root = (SELECT root FROM audit_checkpoints WHERE number = 2) WHERE number = 7");
        assertOnlyFinding(Finding.Kind.CHECKPOINT_SIGNATURE_INVALID, "checkpoint 7 (size 8) signature invalid: it does"
                + " not verify with the audit certificate (forged or altered)");
    }

    @Test
    void droppedCheckpoints_areMissing_orLeaveEntriesUnsigned() throws SQLException {
        sql("DELETE FROM audit_checkpoints WHERE number = 4");
        assertOnlyFinding(Finding.Kind.CHECKPOINT_MISSING, "checkpoint 4 missing");
        sql("DELETE FROM audit_checkpoints WHERE number = 9");
        VerificationReport r = verify();
        assertThat(r.findings()).extracting(Finding::message).containsExactly("checkpoint 4 missing",
                "entry 9 is not covered by any validly signed checkpoint (its checkpoint was deleted or forged, or it was"
                        + " written outside gfctl)");
    }

    @Test
    void signerRollingBackToASmallerTree_isInconsistent() throws SQLException {
        Checkpoint three = checkpoint(2);
        Checkpoint rollback = Checkpoint.sign(10, three.treeSize(), three.root(), Instant.now(), TestKeys.AUDIT);
        try (PreparedStatement ps = store.connection().prepareStatement("INSERT INTO audit_checkpoints (number,"
                + " tree_size, root, time, signature, signer, frontier) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, 10);
            ps.setLong(2, rollback.treeSize());
            ps.setBytes(3, rollback.root());
            ps.setString(4, rollback.time());
            ps.setBytes(5, rollback.signature());
            ps.setString(6, rollback.signer());
            ps.setBytes(7, new byte[0]);
            ps.executeUpdate();
        }
        assertOnlyFinding(Finding.Kind.CHECKPOINTS_INCONSISTENT, "checkpoints 9 (size 10) and 10 (size 3) are"
                + " inconsistent: the signer rolled the log back to a smaller tree");
    }

    @Test
    void inclusionProof_checksOffline_andRejectsMutations() throws Exception {
        EntryProof p = AuditProofs.of(store).inclusion(3);
        ProofChecker checker = ProofChecker.trusting(TestKeys.AUDIT.certificate());
        assertThat(checker.check(p).event().result()).isEqualTo("denied");
        String json = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(p.toMap());
        assertThat(checker.check(EntryProof.parse(json.getBytes())).seq()).isEqualTo(3);
        String bytes = (String) p.toMap().get("entryBytes");
        List<String> mutations = List.of(json.replace("\"leafIndex\":3", "\"leafIndex\":2"),
                json.replace("\"treeSize\":10,\"auditPath\"", "\"treeSize\":11,\"auditPath\""),
                json.replace("\"result\":\"denied\"", "\"result\":\"ok\""),
                json.replace(bytes, java.util.Base64.getEncoder().encodeToString(
                        new String(java.util.Base64.getDecoder().decode(bytes)).replace("denied", "ok").getBytes())),
                json.replaceFirst("\"auditPath\":\\[\"[0-9a-f]{64}\",", "\"auditPath\":["),
                json.replace("\"auditPath\":[", "\"auditPath\":[\"" + "00".repeat(32) + "\","),
                json.replace("\"format\":\"gfctl", "\"format\":\"x"), "{}");
        for (String m : mutations) {
            assertThat(m).isNotEqualTo(json);
            assertThatThrownBy(() -> checker.check(EntryProof.parse(m.getBytes()))).as(m)
                    .isInstanceOf(IntegrityException.class);
        }
        assertThatThrownBy(() -> ProofChecker.trusting(TestKeys.OTHER.certificate()).check(p))
                .isInstanceOf(IntegrityException.class).hasMessageContaining("not this audit certificate");
    }

    @Test
    void twoProcessesAppendingAtOnce_neverForkTheLog(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        String url = newStoreUrl();
        GuardianKeys keys = GuardianKeys.generate("concurrency");
        try (Secret pw = Secret.newUnlockSecret()) {
            Files.write(dir.resolve("pw"), pw.bytes());
            keys.store(dir.resolve("guardian.p12"), pw, AtomicFiles.Existing.REPLACE);
        }
        try (FabricStore fresh = FabricStore.open(url, credentials())) {
            List<Process> ps = new ArrayList<>();
            for (String who : List.of("a", "b")) {
                ps.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                        System.getProperty("java.class.path"), AppenderMain.class.getName(), url, credentialsArgument(),
                        dir.resolve("guardian.p12").toString(), dir.resolve("pw").toString(), "200", who,
                        dir.resolve(who + ".ready").toString(), dir.resolve("go").toString())
                        .redirectErrorStream(true).redirectOutput(dir.resolve(who + ".log").toFile()).start());
            }
            // both JVMs started, their store and key open: let them append at the same moment
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (!(Files.exists(dir.resolve("a.ready")) && Files.exists(dir.resolve("b.ready")))
                    && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            Files.writeString(dir.resolve("go"), "go");
            for (Process p : ps) {
                assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
                assertThat(p.exitValue()).as(Files.readString(dir.resolve("a.log")) + Files.readString(dir.resolve("b.log")))
                        .isZero();
            }
            List<AuditEntry> all = AuditEntries.of(fresh).list(AuditFilter.ALL);
            assertThat(all).extracting(AuditEntry::seq).containsExactlyElementsOf(
                    java.util.stream.LongStream.range(0, 400).boxed().toList());
            assertThat(all.stream().filter(e -> e.event().object().startsWith("a-"))).hasSize(200);
            long turns = java.util.stream.IntStream.range(1, all.size()).filter(i -> all.get(i).event().object()
                    .charAt(0) != all.get(i - 1).event().object().charAt(0)).count();
            assertThat(turns).as("the two processes' appends interleave (they ran at the same time)")
                    .isGreaterThanOrEqualTo(2);
            VerificationReport r = AuditVerifier.of(fresh, keys.audit().certificate()).verify();
            assertThat(r.findings()).isEmpty();
            assertThat(r.checkpoints()).isEqualTo(400);
        }
    }

    Checkpoint checkpoint(long number) {
        Checkpoint[] found = new Checkpoint[1];
        new AuditTables(store).reading(() -> {
            new AuditTables(store).checkpoints(k -> {
                if (k.number() == number) {
                    found[0] = k;
                }
            }, n -> { });
            return null;
        });
        return found[0];
    }
}
