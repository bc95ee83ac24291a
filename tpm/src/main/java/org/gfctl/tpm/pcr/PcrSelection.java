package org.gfctl.tpm.pcr;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import tss.tpm.TPMS_PCR_SELECTION;
import tss.tpm.TPM_ALG_ID;

/**
 * A set of PCRs in the SHA-256 bank, kept in ascending index order.
 *
 * <p>Ascending order is the order in which TPM2_Quote and TPM2_PolicyPCR concatenate PCR values
 * (TPM 2.0 Part 1 §17.5.1: lowest bank first, then lowest PCR index). Only the SHA-256 bank is
 * supported: it is the one every current TPM and swtpm here has active.
 */
public final class PcrSelection {
    /** The PCR count of a PC Client TPM: PCRs 0 to 23. */
    public static final int PCR_COUNT = 24;
    static final int ALG_SHA256 = 0x000B;
    private static final int SIZE_OF_SELECT = 3;
    private final int[] indices;

    private PcrSelection(int[] indices) {
        this.indices = indices;
    }

    /** Selects the given PCRs of the SHA-256 bank; duplicates are an error, order does not matter. */
    public static PcrSelection of(int... pcrs) {
        if (pcrs.length == 0) {
            throw new IllegalArgumentException("PCR selection: select at least one PCR");
        }
        int[] sorted = pcrs.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) {
            if (sorted[i] < 0 || sorted[i] >= PCR_COUNT) {
                throw new IllegalArgumentException("PCR selection: PCR " + sorted[i] + " is outside 0..23");
            }
            if (i > 0 && sorted[i] == sorted[i - 1]) {
                throw new IllegalArgumentException("PCR selection: PCR " + sorted[i] + " is selected twice");
            }
        }
        return new PcrSelection(sorted);
    }

    /** The selected PCR indices in ascending order. */
    public List<Integer> indices() {
        return IntStream.of(indices).boxed().toList();
    }

    public int size() {
        return indices.length;
    }

    /** The selection for TSS.Java commands. */
    public TPMS_PCR_SELECTION[] tss() {
        return new TPMS_PCR_SELECTION[] {new TPMS_PCR_SELECTION(TPM_ALG_ID.SHA256, indices.clone())};
    }

    /** The 3-byte PCR bitmap of Part 2 §10.6.1 (bit {@code n % 8} of byte {@code n / 8}). */
    public byte[] bitmap() {
        byte[] select = new byte[SIZE_OF_SELECT];
        for (int i : indices) {
            select[i / 8] |= (byte) (1 << (i % 8));
        }
        return select;
    }

    /** The marshalled {@code TPML_PCR_SELECTION} with this one SHA-256 entry. */
    public byte[] marshal() {
        byte[] bitmap = bitmap();
        byte[] out = new byte[4 + 2 + 1 + bitmap.length];
        out[3] = 1;
        out[4] = (byte) (ALG_SHA256 >>> 8);
        out[5] = (byte) ALG_SHA256;
        out[6] = (byte) bitmap.length;
        System.arraycopy(bitmap, 0, out, 7, bitmap.length);
        return out;
    }

    /** The tpm2-tools form, such as {@code sha256:0,7,16}. */
    @Override
    public String toString() {
        return "sha256:" + IntStream.of(indices).mapToObj(Integer::toString).collect(Collectors.joining(","));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PcrSelection s && Arrays.equals(s.indices, indices);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(indices);
    }
}
