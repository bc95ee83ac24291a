package org.gfctl.tpm.eventlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.gfctl.tpm.eventlog.DigestAlgorithm.SHA1;
import static org.gfctl.tpm.eventlog.DigestAlgorithm.SHA256;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.gfctl.tpm.TpmException;
import org.junit.jupiter.api.Test;

/** Malformed logs fail with one {@link EventLogParseException} naming the offset, and nothing else. */
class MalformedEventLogTest {

    /** Spec ID event: 32-byte TCG_PCR_EVENT header, then the Spec ID data. */
    private static final int SPEC_ID_DATA = 32;

    private static final EventLogWriter VALID = EventLogWriterTest.bootLike(EventLogWriter.cryptoAgile(SHA1, SHA256));

    private static ByteBuffer valid() {
        return ByteBuffer.wrap(VALID.toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static int firstEvent() {
        return (int) VALID.events().get(0).offset();
    }

    private static EventLogParseException parseFails(byte[] log) {
        Throwable t = catchThrowable(() -> EventLogParser.parse(log));
        assertThat(t).isInstanceOf(EventLogParseException.class).isInstanceOf(TpmException.class);
        return (EventLogParseException) t;
    }

    @Test
    void emptyLog_failsAtOffset0() {
        assertThat(parseFails(new byte[0]).offset()).isZero();
    }

    @Test
    void truncatedInsideAnEventHeader_namesTheOffset() {
        byte[] log = Arrays.copyOf(VALID.toByteArray(), firstEvent() + 6);
        EventLogParseException e = parseFails(log);
        assertThat(e.offset()).isEqualTo(firstEvent() + 4);
        assertThat(e.getMessage()).contains("truncated").contains("event type").contains("offset " + (firstEvent() + 4));
    }

    @Test
    void hugeEventDataSize_isRefusedBeforeAllocating() {
        Event ev = VALID.events().get(0);
        ByteBuffer b = valid().putInt((int) ev.dataOffset() - 4, 0xFFFFFFF0);
        EventLogParseException e = parseFails(b.array());
        assertThat(e.offset()).isEqualTo(ev.dataOffset());
        assertThat(e.getMessage()).contains("event data of 4294967280 bytes exceeds");
    }

    @Test
    void hugeDigestCount_namesTheCountField() {
        ByteBuffer b = valid().putInt(firstEvent() + 8, 0x7FFFFFFF);
        EventLogParseException e = parseFails(b.array());
        assertThat(e.offset()).isEqualTo(firstEvent() + 8);
        assertThat(e.getMessage()).contains("digest count 2147483647");
    }

    @Test
    void digestOfUndeclaredAlgorithm_sizeUnknown() {
        ByteBuffer b = valid().putShort(firstEvent() + 12, (short) 0x0012);
        EventLogParseException e = parseFails(b.array());
        assertThat(e.offset()).isEqualTo(firstEvent() + 12);
        assertThat(e.getMessage()).contains("sm3_256 is not declared in the Spec ID event");
    }

    @Test
    void pcrIndexOutOfRange() {
        ByteBuffer b = valid().putInt(firstEvent(), 0x80000000);
        assertThat(parseFails(b.array()).getMessage()).contains("PCR index 2147483648 is out of range 0-31");
    }

    @Test
    void specIdWithoutAlgorithms_orWithHugeCount_orWrongSize() {
        int count = SPEC_ID_DATA + 24;
        assertThat(parseFails(valid().putInt(count, 0).array()).offset()).isEqualTo(count);
        assertThat(parseFails(valid().putInt(count, -1).array()).getMessage())
                .contains("numberOfAlgorithms 4294967295 must be 1 to");
        EventLogParseException e = parseFails(valid().putShort(count + 10, (short) 20).array());
        assertThat(e.getMessage()).contains("sha256 with digest size 20, expected 32");
        assertThat(e.offset()).isEqualTo(count + 8);
    }

    @Test
    void specIdDeclaringABankTwice() {
        ByteBuffer b = valid().putShort(SPEC_ID_DATA + 28 + 4, (short) SHA1.id()).putShort(SPEC_ID_DATA + 28 + 6, (short) 20);
        assertThat(parseFails(b.array()).getMessage()).contains("declares sha1 twice");
    }

    @Test
    void malformedUefiVariable_failsTyped_andDisplaysAsUndecodable() {
        byte[] data = UefiVariable.create(UefiVariable.EFI_GLOBAL_VARIABLE, "SecureBoot", new byte[] {1}).encode();
        ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).putLong(16, Long.MAX_VALUE);
        EventLog log = EventLogParser.parse(EventLogWriter.cryptoAgile(SHA256)
                .measure(7, EventType.EV_EFI_VARIABLE_DRIVER_CONFIG, data).toByteArray());
        Event ev = log.events().get(1);
        assertThatThrownBy(() -> UefiVariable.parse(ev.data(), ev.dataOffset()))
                .isInstanceOf(EventLogParseException.class).hasMessageContaining("UnicodeNameLength")
                .hasMessageContaining("offset " + (ev.dataOffset() + 16));
        assertThat(EventDescriptions.describe(ev)).isEqualTo("undecodable EV_EFI_VARIABLE_DRIVER_CONFIG data (53 bytes)");
        assertThat(log.secureBoot()).isEmpty();
    }

    @Test
    void randomMutations_onlyEverParseOrFailTyped() {
        List<byte[]> seeds = List.of(VALID.toByteArray(), EventLogWriterTest.bootLike(EventLogWriter.sha1()).toByteArray(),
                Fixtures.load(Fixtures.MOK_SECURE_BOOT), Fixtures.load(Fixtures.SHA1_FORMAT),
                Fixtures.load(Fixtures.SPEC_ID_VENDOR_DATA));
        Random random = new Random(0x6766_6374_6cL);
        int parsed = 0;
        int rejected = 0;
        for (int i = 0; i < 4000; i++) {
            byte[] log = Mutations.mutate(seeds.get(random.nextInt(seeds.size())), random);
            try {
                EventLog result = EventLogParser.parse(log);
                result.replay();
                result.secureBoot();
                result.events().forEach(EventDescriptions::describe);
                parsed++;
            } catch (EventLogParseException expected) {
                assertThat(expected.getMessage()).contains("at byte offset");
                rejected++;
            } catch (RuntimeException | Error other) {
                throw new AssertionError("iteration " + i + ": " + other + " for log "
                        + HexFormat.of().formatHex(log), other);
            }
        }
        assertThat(parsed).as("parsed").isGreaterThan(100);
        assertThat(rejected).as("rejected").isGreaterThan(100);
    }
}
