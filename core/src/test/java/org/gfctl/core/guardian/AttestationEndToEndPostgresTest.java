package org.gfctl.core.guardian;

import java.nio.file.Files;
import java.nio.file.Path;
import org.gfctl.core.store.StoreCredentials;
import org.gfctl.testing.PostgresExtension;
import org.gfctl.testing.PostgresServer;
import org.gfctl.testing.Swtpm;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@link AttestationEndToEndContract} on a real PostgreSQL server (loopback, temp cluster). */
@ExtendWith(PostgresExtension.class)
class AttestationEndToEndPostgresTest extends AttestationEndToEndContract {
    @BeforeAll
    void postgres(Swtpm swtpm, PostgresServer pg, @TempDir Path secrets) throws Exception {
        Path credentials = Files.writeString(secrets.resolve("store.credentials"), pg.user() + "\n" + pg.password() + "\n");
        enrollWithBaseline(swtpm, pg.createDatabase(), StoreCredentials.fromFile(credentials));
    }
}
