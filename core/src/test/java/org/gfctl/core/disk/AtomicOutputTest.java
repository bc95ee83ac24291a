package org.gfctl.core.disk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicOutputTest {
    @TempDir
    Path dir;

    private static void write(AtomicOutput out, String text) throws Exception {
        out.channel().write(ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)), 0);
    }

    private long entries() throws Exception {
        try (var files = Files.list(dir)) {
            return files.count();
        }
    }

    @Test
    void commit_givesTheFileItsName_andLeavesNoTempFile() throws Exception {
        Path target = dir.resolve("image");
        try (AtomicOutput out = AtomicOutput.create(target, false)) {
            write(out, "complete");
            out.commit();
        }
        assertThat(Files.readString(target)).isEqualTo("complete");
        assertThat(entries()).isEqualTo(1);
    }

    @Test
    void aFileMadeUnderTheNameWhileWriting_isNeverReplaced() throws Exception {
        Path target = dir.resolve("image");
        try (AtomicOutput out = AtomicOutput.create(target, false)) {
            write(out, "ours");
            Files.writeString(target, "precious");
            assertThatThrownBy(out::commit).isInstanceOf(FileAlreadyExistsException.class)
                    .hasMessageContaining("appeared while gfctl was writing it");
        }
        assertThat(Files.readString(target)).isEqualTo("precious");
        assertThat(entries()).isEqualTo(1); // the temp file is gone
    }

    @Test
    void whenALaterNameIsTaken_theEarlierOutputsLoseTheirNamesAgain() throws Exception {
        Path kp = dir.resolve("vm.luks.kp");
        Path image = dir.resolve("vm.luks");
        try (AtomicOutput first = AtomicOutput.create(kp, false); AtomicOutput second = AtomicOutput.create(image, false)) {
            write(first, "key protector");
            write(second, "image");
            Files.writeString(image, "precious");
            assertThatThrownBy(() -> AtomicOutput.commitAll(first, second)).isInstanceOf(FileAlreadyExistsException.class);
        }
        assertThat(kp).doesNotExist();
        assertThat(Files.readString(image)).isEqualTo("precious");
        assertThat(entries()).isEqualTo(1);
    }

    @Test
    void anAbandonedTempFile_isRemovedByTheNextOutput_butNothingElse() throws Exception {
        Path target = dir.resolve("image");
        java.nio.file.attribute.FileTime old = java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis()
                - java.util.concurrent.TimeUnit.MINUTES.toMillis(AtomicOutput.STALE_AFTER_MINUTES + 1));
        Path abandoned = Files.writeString(dir.resolve(".image" + AtomicOutput.TEMP_MARK + "deadbeef"), "plaintext");
        Path fresh = Files.writeString(dir.resolve(".image" + AtomicOutput.TEMP_MARK + "0badf00d"), "just created");
        Path other = Files.writeString(dir.resolve(".other" + AtomicOutput.TEMP_MARK + "deadbeef"), "not this target's");
        Path unlike = Files.writeString(dir.resolve(".image" + AtomicOutput.TEMP_MARK + "notours!"), "another name");
        Path precious = Files.writeString(dir.resolve("precious"), "keep");
        Path link = Files.createSymbolicLink(dir.resolve(".image" + AtomicOutput.TEMP_MARK + "cafebabe"), precious);
        for (Path p : new Path[] {abandoned, other, unlike}) {
            Files.setLastModifiedTime(p, old);
        }
        try (AtomicOutput first = AtomicOutput.create(target, true)) {
            assertThat(abandoned).doesNotExist();
            assertThat(fresh).exists(); // might be another process's, between creating and locking it
            assertThat(other).exists();
            assertThat(unlike).exists();
            assertThat(link).exists();
            assertThat(precious).hasContent("keep");
            write(first, "first");
            first.commit();
        }
        assertThat(Files.readString(target)).isEqualTo("first");
    }

    @Test
    void aSecondOutputOfTheSameName_leavesTheFirstOnesTempFileAndLockAlone() throws Exception {
        Path target = dir.resolve("image");
        try (AtomicOutput first = AtomicOutput.create(target, true)) {
            write(first, "first");
            try (AtomicOutput second = AtomicOutput.create(target, true)) {
                write(second, "second");
                assertThat(entries()).isEqualTo(2); // both temp files being written
            }
            first.commit();
        }
        assertThat(Files.readString(target)).isEqualTo("first");
    }
}
