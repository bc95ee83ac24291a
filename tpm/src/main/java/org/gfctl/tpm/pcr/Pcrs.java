package org.gfctl.tpm.pcr;

import java.util.ArrayList;
import java.util.List;
import org.gfctl.tpm.TpmException;
import org.gfctl.tpm.internal.TpmCalls;
import tss.Tpm;
import tss.tpm.PCR_ReadResponse;
import tss.tpm.TPMS_PCR_SELECTION;
import tss.tpm.TPMT_HA;
import tss.tpm.TPM_ALG_ID;
import tss.tpm.TPM_HANDLE;

/**
 * Reads and extends PCRs of the SHA-256 bank.
 *
 * <p>TPM2_PCR_Read returns at most eight digests per call (TPM 2.0 Part 3 §22.4), so reads loop;
 * the update counter must not move between the calls or the set would mix two states.
 */
public final class Pcrs {
    private static final int MAX_ATTEMPTS = 3;

    private Pcrs() {}

    /** The current values of {@code selection}, one consistent snapshot. */
    public static PcrValues read(Tpm tpm, PcrSelection selection) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            List<byte[]> values = new ArrayList<>();
            Integer counter = null;
            boolean consistent = true;
            List<Integer> indices = selection.indices();
            while (values.size() < indices.size() && consistent) {
                int[] rest = indices.subList(values.size(), indices.size()).stream().mapToInt(Integer::intValue).toArray();
                PCR_ReadResponse r = TpmCalls.call(tpm, "TPM2_PCR_Read", "is the SHA-256 PCR bank active?",
                        () -> tpm.PCR_Read(new TPMS_PCR_SELECTION[] {new TPMS_PCR_SELECTION(TPM_ALG_ID.SHA256, rest)}));
                if (r.pcrValues.length == 0) {
                    throw new TpmException("TPM2_PCR_Read returned no values for " + selection
                            + ": the SHA-256 PCR bank is not active on this TPM (enable it with tpm2_pcrallocate)");
                }
                consistent = counter == null || counter == r.pcrUpdateCounter;
                counter = r.pcrUpdateCounter;
                for (var digest : r.pcrValues) {
                    values.add(digest.buffer);
                }
            }
            if (consistent) {
                return PcrValues.create(selection, values.subList(0, indices.size()));
            }
        }
        throw new TpmException("PCRs " + selection + " kept changing while being read; retry when the host is idle");
    }

    /** Extends PCR {@code pcr} with the SHA-256 digest {@code digest} (the PCR's empty auth; PCRs 0-16 and 23 are extendable at locality 0). */
    public static void extend(Tpm tpm, int pcr, byte[] digest) {
        TpmCalls.run(tpm, "TPM2_PCR_Extend", "PCR " + pcr + " must be extendable at locality 0",
                () -> tpm.PCR_Extend(TPM_HANDLE.pcr(pcr), new TPMT_HA[] {new TPMT_HA(TPM_ALG_ID.SHA256, digest.clone())}));
    }
}
