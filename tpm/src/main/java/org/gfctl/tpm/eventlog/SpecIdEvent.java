package org.gfctl.tpm.eventlog;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.gfctl.tpm.eventlog.internal.LittleEndianReader;

/**
 * The "Spec ID Event03" that opens a crypto-agile log: platform class, spec version, and the
 * banks (algorithm and digest size) every later event carries.
 *
 * <p>TCG PC Client PFP §10.4.5.1, TCG_EfiSpecIDEvent. The digest sizes are what let a parser
 * step over digests of algorithms it does not know. Vendor info is kept as hex. Firmware is not
 * exact about the event size around it: slack after the vendor info is ignored, and vendor info
 * that runs past the event size is taken from the following bytes ({@link #vendorInfoSpill}), the
 * way tpm2-tools reads it (its {@code specid-vendordata.bin} test log has this shape).
 */
public record SpecIdEvent(long platformClass, int specVersionMinor, int specVersionMajor, int specErrata,
        int uintnSize, List<Bank> banks, String vendorInfoHex) {

    /** "Spec ID Event03" with its NUL terminator, the signature of a crypto-agile log. */
    static final byte[] SIGNATURE = "Spec ID Event03\0".getBytes(StandardCharsets.US_ASCII);

    /** One bank of the log: a TPM_ALG_ID and its digest size in bytes (TCG_EfiSpecIdEventAlgorithmSize). */
    public record Bank(int algorithmId, int digestSize) {
        /** The algorithm's display name, e.g. {@code sha256}. */
        public String name() {
            return DigestAlgorithm.nameOf(algorithmId);
        }

        /** The algorithm, if gfctl can compute it. */
        public Optional<DigestAlgorithm> algorithm() {
            return DigestAlgorithm.byId(algorithmId);
        }
    }

    public SpecIdEvent {
        banks = List.copyOf(banks);
    }

    /** The digest size of {@code algorithmId} in this log, or -1 when the log does not declare it. */
    public int digestSize(int algorithmId) {
        for (Bank b : banks) {
            if (b.algorithmId() == algorithmId) {
                return b.digestSize();
            }
        }
        return -1;
    }

    /**
     * How many bytes the vendor info declared in {@code data} runs past its end: 0 when it fits
     * or when {@code data} is too short to tell (then {@link #parse} reports the problem).
     */
    static int vendorInfoSpill(byte[] data) {
        int countAt = SIGNATURE.length + 8;
        if (data.length < countAt + 4) {
            return 0;
        }
        long count = (data[countAt] & 0xffL) | (data[countAt + 1] & 0xffL) << 8 | (data[countAt + 2] & 0xffL) << 16
                | (data[countAt + 3] & 0xffL) << 24;
        long sizeAt = countAt + 4 + 4 * count;
        if (sizeAt >= data.length) {
            return 0;
        }
        long end = sizeAt + 1 + (data[(int) sizeAt] & 0xff);
        return (int) Math.max(0, end - data.length);
    }

    /** Parses the event data of a Spec ID event found at absolute offset {@code base}. */
    static SpecIdEvent parse(byte[] data, long base) {
        LittleEndianReader r = LittleEndianReader.of(data, base);
        r.bytes(SIGNATURE.length, "Spec ID signature");
        long platformClass = r.u32("Spec ID platformClass");
        int minor = r.u8("Spec ID specVersionMinor");
        int major = r.u8("Spec ID specVersionMajor");
        int errata = r.u8("Spec ID specErrata");
        int uintnSize = r.u8("Spec ID uintnSize");
        long countOffset = r.offset();
        long count = r.u32("Spec ID numberOfAlgorithms");
        if (count == 0 || count > r.remaining() / 4) {
            throw r.fail(countOffset, "Spec ID numberOfAlgorithms " + count + " must be 1 to "
                    + r.remaining() / 4 + " (4 bytes each in the " + r.remaining() + " bytes left)");
        }
        List<Bank> banks = new ArrayList<>();
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < count; i++) {
            long at = r.offset();
            int alg = r.u16("Spec ID algorithmId");
            int size = r.u16("Spec ID digestSize");
            Optional<DigestAlgorithm> known = DigestAlgorithm.byId(alg);
            if (size == 0 || known.isPresent() && known.get().size() != size) {
                throw r.fail(at, "Spec ID declares " + DigestAlgorithm.nameOf(alg) + " with digest size " + size
                        + known.map(k -> ", expected " + k.size()).orElse(", expected at least 1"));
            }
            if (!seen.add(alg)) {
                throw r.fail(at, "Spec ID declares " + DigestAlgorithm.nameOf(alg) + " twice");
            }
            banks.add(new Bank(alg, size));
        }
        int vendorSize = r.u8("Spec ID vendorInfoSize");
        String vendor = HexFormat.of().formatHex(r.bytes(vendorSize, "Spec ID vendorInfo"));
        return new SpecIdEvent(platformClass, minor, major, errata, uintnSize, banks, vendor);
    }
}
