package org.gfctl.tpm.device;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import org.gfctl.tpm.TpmException;
import tss.TpmDevice;

/**
 * swtpm's TCP server mode: raw TPM 2.0 command bytes in, raw response bytes out.
 *
 * <p>A response starts with the 10-byte header of TPM 2.0 Part 1 §18.3 (tag, UINT32 total size,
 * response code), so the reader takes the header, then exactly {@code size - 10} more bytes. swtpm
 * must run with {@code --flags not-need-init,startup-clear}, since this transport has no power or
 * startup signalling of its own.
 */
final class SwtpmSocketDevice extends TpmDevice {
    private static final int HEADER = 10;
    private static final int MAX_RESPONSE = 1 << 20;
    private final String host;
    private final int port;
    private Socket socket;
    private DataInputStream in;
    private OutputStream out;

    SwtpmSocketDevice(String host, int port) {
        this.host = host;
        this.port = port;
    }

    @Override
    public boolean connect() {
        try {
            socket = new Socket();
            socket.connect(new InetSocketAddress(host, port), 5_000);
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(120_000);
            in = new DataInputStream(socket.getInputStream());
            out = socket.getOutputStream();
            return true;
        } catch (IOException e) {
            throw new TpmException("cannot connect to swtpm at " + host + ":" + port + ": " + e.getMessage()
                    + " (is 'swtpm socket --tpm2 --server type=tcp,port=" + port + "' running?)", e);
        }
    }

    @Override
    public void dispatchCommand(byte[] command) {
        try {
            out.write(command);
            out.flush();
        } catch (IOException e) {
            throw new TpmException("swtpm at " + host + ":" + port + ": sending a command failed: " + e.getMessage(), e);
        }
    }

    @Override
    public byte[] getResponse() {
        try {
            byte[] header = new byte[HEADER];
            in.readFully(header);
            int size = ByteBuffer.wrap(header, 2, 4).getInt();
            if (size < HEADER || size > MAX_RESPONSE) {
                throw new TpmException("swtpm at " + host + ":" + port + " sent a response of impossible size " + size);
            }
            byte[] response = new byte[size];
            System.arraycopy(header, 0, response, 0, HEADER);
            in.readFully(response, HEADER, size - HEADER);
            return response;
        } catch (IOException e) {
            throw new TpmException("swtpm at " + host + ":" + port + ": reading a response failed: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean responseReady() {
        return true;
    }

    @Override
    public void close() {
        try {
            if (socket != null) {
                socket.close();
            }
        } catch (IOException ignored) {
            // Closing a socket we are done with: nothing to recover.
        }
    }
}
