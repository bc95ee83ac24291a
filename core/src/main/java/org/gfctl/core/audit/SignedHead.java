package org.gfctl.core.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import org.gfctl.core.ExitCode;
import org.gfctl.core.GfctlException;

/**
 * The newest checkpoint the guardian has signed, kept in the fabric home beside its keys
 * ({@code HOME/audit-head}, mode 0600), outside the store: whoever can write the store but not the
 * fabric home cannot roll the log back (delete its newest entries and checkpoints, or all of them)
 * without append and verify noticing. It only moves forward; concurrent appenders serialize on a
 * lock of the file.
 *
 * <p>Format: one line {@code NUMBER TREE_SIZE ROOT_HEX}.
 */
public record SignedHead(long number, long treeSize, byte[] root) {

    /** The head recorded at {@code file}, or empty if none was recorded yet. */
    public static Optional<SignedHead> read(Path file) {
        if (file == null || !java.nio.file.Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return parse(java.nio.file.Files.readString(file, StandardCharsets.US_ASCII), file);
        } catch (IOException e) {
            throw new GfctlException(ExitCode.INTEGRITY_VIOLATION, "the audit head " + file + " is unreadable ("
                    + e.getMessage() + "): it records the newest checkpoint the guardian signed; restore it from a"
                    + " backup, or run 'gfctl audit verify'", e);
        }
    }

    /** The head in {@code text}; empty text (a file being created) is no head. */
    private static Optional<SignedHead> parse(String text, Path file) {
        if (text.isBlank()) {
            return Optional.empty();
        }
        try {
            String[] f = text.strip().split(" ");
            if (f.length != 3) {
                throw new NumberFormatException("3 fields expected");
            }
            return Optional.of(new SignedHead(Long.parseLong(f[0]), Long.parseLong(f[1]), HexFormat.of().parseHex(f[2])));
        } catch (IllegalArgumentException e) {
            throw new GfctlException(ExitCode.INTEGRITY_VIOLATION, "the audit head " + file + " is unreadable ("
                    + e.getMessage() + "): it records the newest checkpoint the guardian signed; restore it from a"
                    + " backup, or run 'gfctl audit verify'", e);
        }
    }

    /** Records {@code k} at {@code file} unless a newer checkpoint is recorded there already. */
    static void advance(Path file, Checkpoint k) {
        if (file == null) {
            return;
        }
        try (FileChannel ch = FileChannel.open(file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                var lock = ch.lock()) {
            ByteBuffer current = ByteBuffer.allocate((int) Math.min(ch.size(), 4096));
            while (current.hasRemaining() && ch.read(current, current.position()) > 0) {
                // read what is recorded
            }
            Optional<SignedHead> now = parse(new String(current.array(), 0, current.position(), StandardCharsets.US_ASCII),
                    file);
            if (now.isPresent() && now.get().number() >= k.number()) {
                return;
            }
            byte[] line = (k.number() + " " + k.treeSize() + " " + HexFormat.of().formatHex(k.root()) + "\n")
                    .getBytes(StandardCharsets.US_ASCII);
            ch.truncate(0);
            ch.write(ByteBuffer.wrap(line), 0);
            ch.force(true);
        } catch (IOException e) {
            throw new GfctlException(ExitCode.FAILURE, "cannot record the audit head in " + file + ": " + e.getMessage(), e);
        }
    }

    /** Why a store whose newest checkpoint is {@code latest} (null: none) is behind this head, or null if it is not. */
    String behind(Checkpoint latest) {
        if (latest == null) {
            return "the store holds no checkpoint, but the guardian signed checkpoint " + number + " (size " + treeSize
                    + "): its entries and checkpoints were deleted";
        }
        if (latest.number() < number) {
            return "the store's newest checkpoint is " + latest.number() + " (size " + latest.treeSize()
                    + "), but the guardian signed checkpoint " + number + " (size " + treeSize + "): the newest entries"
                    + " and checkpoints were deleted";
        }
        if (latest.number() == number && !java.security.MessageDigest.isEqual(latest.root(), root)) {
            return "checkpoint " + number + " in the store is not the one the guardian signed (another root)";
        }
        return null;
    }
}
