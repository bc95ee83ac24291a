package org.gfctl.tpm.device;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.gfctl.tpm.TpmException;
import tss.TpmDevice;

/**
 * A kernel TPM character device ({@code /dev/tpmrm0}, the resource-managed one, or
 * {@code /dev/tpm0}): one write per command, one read returns the whole response.
 *
 * <p>TSS.Java's own {@code TpmDeviceLinux} hard-codes its paths; this takes the one the user named.
 */
final class CharacterDevice extends TpmDevice {
    private static final int MAX_RESPONSE = 4096 * 4;
    private final Path path;
    private RandomAccessFile file;

    CharacterDevice(Path path) {
        this.path = path;
    }

    @Override
    public boolean connect() {
        if (!Files.exists(path)) {
            throw new TpmException("no TPM at " + path + ": pass --tpm swtpm:HOST:PORT, or install swtpm and run gfctl quickstart");
        }
        try {
            file = new RandomAccessFile(path.toFile(), "rw");
            return true;
        } catch (IOException e) {
            throw new TpmException("cannot open TPM device " + path + ": " + e.getMessage()
                    + " (run as root or as a member of the 'tss' group)", e);
        }
    }

    @Override
    public void dispatchCommand(byte[] command) {
        try {
            file.write(command);
        } catch (IOException e) {
            throw new TpmException("TPM device " + path + ": sending a command failed: " + e.getMessage(), e);
        }
    }

    @Override
    public byte[] getResponse() {
        try {
            byte[] buf = new byte[MAX_RESPONSE];
            int n = file.read(buf);
            if (n < 10) {
                throw new TpmException("TPM device " + path + " returned a truncated response (" + n + " bytes)");
            }
            return Arrays.copyOf(buf, n);
        } catch (IOException e) {
            throw new TpmException("TPM device " + path + ": reading a response failed: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean responseReady() {
        return true;
    }

    @Override
    public void close() {
        try {
            if (file != null) {
                file.close();
            }
        } catch (IOException ignored) {
            // Closing a device we are done with: nothing to recover.
        }
    }
}
