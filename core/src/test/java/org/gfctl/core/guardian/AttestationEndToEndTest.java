package org.gfctl.core.guardian;

import org.gfctl.core.store.StoreCredentials;
import org.gfctl.testing.Swtpm;
import org.junit.jupiter.api.BeforeAll;

/** {@link AttestationEndToEndContract} on the default store: SQLite in the fabric home. */
class AttestationEndToEndTest extends AttestationEndToEndContract {
    @BeforeAll
    void sqlite(Swtpm swtpm) throws Exception {
        enrollWithBaseline(swtpm, null, StoreCredentials.none());
    }
}
