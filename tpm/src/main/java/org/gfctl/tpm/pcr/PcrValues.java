package org.gfctl.tpm.pcr;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * The SHA-256 values of a {@link PcrSelection}'s PCRs, in the selection's (ascending) order.
 *
 * <p>{@link #digest()} is the PCR composite digest TPM2_Quote signs and TPM2_PolicyPCR checks:
 * SHA-256 over the values concatenated in selection order (TPM 2.0 Part 3 §18.4.1, §23.7.1).
 */
public final class PcrValues {
    private static final int SHA256_BYTES = 32;
    private final PcrSelection selection;
    private final List<byte[]> values;

    private PcrValues(PcrSelection selection, List<byte[]> values) {
        this.selection = selection;
        this.values = values;
    }

    /** One 32-byte value per selected PCR, in ascending PCR order. */
    public static PcrValues create(PcrSelection selection, List<byte[]> values) {
        Objects.requireNonNull(selection, "selection");
        if (values.size() != selection.size()) {
            throw new IllegalArgumentException("PCR values: " + values.size() + " values for the " + selection.size()
                    + " PCRs of " + selection);
        }
        List<byte[]> copy = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            byte[] v = values.get(i);
            if (v.length != SHA256_BYTES) {
                throw new IllegalArgumentException("PCR values: PCR " + selection.indices().get(i) + " has "
                        + v.length + " bytes, a SHA-256 PCR has 32");
            }
            copy.add(v.clone());
        }
        return new PcrValues(selection, List.copyOf(copy));
    }

    /** Splits tpm2-tools' "values" PCR format (the digests back to back) along {@code selection}. */
    public static PcrValues fromConcatenated(PcrSelection selection, byte[] concatenated) {
        if (concatenated.length != selection.size() * SHA256_BYTES) {
            throw new IllegalArgumentException("PCR values: " + concatenated.length + " bytes for " + selection
                    + ", expected " + selection.size() * SHA256_BYTES);
        }
        List<byte[]> values = new ArrayList<>();
        for (int i = 0; i < selection.size(); i++) {
            values.add(java.util.Arrays.copyOfRange(concatenated, i * SHA256_BYTES, (i + 1) * SHA256_BYTES));
        }
        return create(selection, values);
    }

    public PcrSelection selection() {
        return selection;
    }

    /** The value of PCR {@code pcr}, which must be selected. */
    public byte[] value(int pcr) {
        int at = selection.indices().indexOf(pcr);
        if (at < 0) {
            throw new IllegalArgumentException("PCR " + pcr + " is not in " + selection);
        }
        return values.get(at).clone();
    }

    /** The values back to back in selection order: tpm2-tools' "values" PCR file format. */
    public byte[] concatenated() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(values.size() * SHA256_BYTES);
        values.forEach(out::writeBytes);
        return out.toByteArray();
    }

    /** SHA-256 of {@link #concatenated()}: the digest a quote or a PCR policy commits to. */
    public byte[] digest() {
        return sha256(concatenated());
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java 17 runtime has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("PcrValues[");
        for (int i = 0; i < values.size(); i++) {
            b.append(i == 0 ? "" : ", ").append(selection.indices().get(i)).append('=')
                    .append(HexFormat.of().formatHex(values.get(i)));
        }
        return b.append(']').toString();
    }
}
