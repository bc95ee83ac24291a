package org.gfctl.core.audit;

import java.nio.file.Path;
import org.gfctl.core.guardian.GuardianKeys;
import org.gfctl.core.secret.Secret;
import org.gfctl.core.store.FabricStore;
import org.gfctl.core.store.StoreCredentials;

/**
 * A separate appender process for the concurrency test:
 * {@code AppenderMain URL CREDENTIALS|- KEYSTORE.p12 PASSWORD-FILE COUNT OBJECT [READY-FILE GO-FILE]}:
 * with the last two, it writes READY-FILE once its store and key are open and starts appending only
 * when GO-FILE exists, so that both processes append at the same time.
 */
public final class AppenderMain {
    private AppenderMain() {}

    public static void main(String[] args) throws Exception {
        StoreCredentials creds = "-".equals(args[1]) ? StoreCredentials.none() : StoreCredentials.fromFile(Path.of(args[1]));
        GuardianKeys keys;
        try (Secret pw = Secret.adopt(java.nio.file.Files.readAllBytes(Path.of(args[3])))) {
            keys = GuardianKeys.load(Path.of(args[2]), pw);
        }
        int count = Integer.parseInt(args[4]);
        try (FabricStore store = FabricStore.open(args[0], creds)) {
            AuditLog log = AuditLog.open(store, keys.audit());
            if (args.length > 7) {
                java.nio.file.Files.writeString(Path.of(args[6]), "ready");
                long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(2);
                while (!java.nio.file.Files.exists(Path.of(args[7])) && System.nanoTime() < deadline) {
                    Thread.sleep(1);
                }
            }
            for (int i = 0; i < count; i++) {
                log.append(AuditEvent.of(Role.HOST, "attest", args[5] + "-" + i, "ok", 0, null));
                // as separate commands would: SQLite's lock is not fair, and a process appending in a
                // tight loop takes it back before the other's busy handler wakes up
                Thread.sleep(2);
            }
        }
    }
}
