package org.gfctl.tpm.nv;

import java.io.ByteArrayOutputStream;
import org.gfctl.tpm.TpmException;
import tss.Tpm;
import tss.tpm.NV_ReadPublicResponse;
import tss.tpm.TPM_HANDLE;
import tss.tpm.TPM_RC;

/**
 * Reads TPM NV indices, such as the EK certificates a TPM vendor provisions.
 *
 * <p>Handles from the TCG EK Credential Profile 2.0 §2.2.1.4: RSA-2048 EK certificate at
 * {@code 0x01c00002}, ECC P-256 at {@code 0x01c0000a}, and the high-range ECC P-384 at
 * {@code 0x01c00016}. Reads go in chunks because a TPM caps NV_Read at its NV buffer size.
 */
public final class NvIndex {
    public static final int EK_CERT_RSA2048 = 0x01c00002;
    public static final int EK_CERT_ECC_P256 = 0x01c0000a;
    public static final int EK_CERT_ECC_P384 = 0x01c00016;
    private static final int CHUNK = 512;

    private NvIndex() {}

    /** Whether the index is defined on this TPM. */
    public static boolean exists(Tpm tpm, int index) {
        tpm._allowErrors().NV_ReadPublic(TPM_HANDLE.from(index));
        return tpm._getLastResponseCode() == TPM_RC.SUCCESS;
    }

    /** The whole content of NV index {@code index}, authorized by the index itself (empty auth). */
    public static byte[] read(Tpm tpm, int index) {
        TPM_HANDLE handle = TPM_HANDLE.from(index);
        NV_ReadPublicResponse pub = tpm._allowErrors().NV_ReadPublic(handle);
        TPM_RC rc = tpm._getLastResponseCode();
        if (rc != TPM_RC.SUCCESS) {
            throw new TpmException(String.format("NV index 0x%08x is not defined on this TPM (%s)", index, rc));
        }
        int size = pub.nvPublic.dataSize;
        ByteArrayOutputStream out = new ByteArrayOutputStream(size);
        for (int offset = 0; offset < size; offset += CHUNK) {
            int n = Math.min(CHUNK, size - offset);
            byte[] part = tpm._allowErrors().NV_Read(handle, handle, n, offset);
            rc = tpm._getLastResponseCode();
            if (rc != TPM_RC.SUCCESS) {
                throw new TpmException(String.format("reading NV index 0x%08x at offset %d failed: %s", index, offset, rc));
            }
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
