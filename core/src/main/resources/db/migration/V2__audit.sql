-- gfctl fabric store, schema 2: the tamper-evident audit log (docs/audit.md).
-- audit_entries.entry holds the canonical bytes that are hashed (RFC 6962 leaf = SHA-256(0x00 || entry));
-- the other columns repeat its fields for filtering and are checked against it by 'gfctl audit verify'.
-- ${seq_pk} is the engine's 64-bit primary key with explicit values (SQLite: the rowid itself).

CREATE TABLE audit_entries (
    seq             ${seq_pk},
    time            VARCHAR(24) NOT NULL,
    actor           VARCHAR(64) NOT NULL,
    actor_key       VARCHAR(64),
    role            VARCHAR(16) NOT NULL,
    action          VARCHAR(64) NOT NULL,
    object          VARCHAR(256) NOT NULL,
    result          VARCHAR(32) NOT NULL,
    exit_code       INTEGER NOT NULL,
    evidence_digest VARCHAR(64),
    entry           ${blob} NOT NULL,
    leaf_hash       ${blob} NOT NULL
);

CREATE INDEX audit_entries_time ON audit_entries (time);

-- One signed tree head per append. number is signed too, so a deleted checkpoint leaves a gap;
-- frontier (the RFC 6962 compact range of the tree at tree_size) is not signed: it lets the next
-- append compute its root in O(log n), and a wrong one only produces roots verify rejects.
CREATE TABLE audit_checkpoints (
    number      ${seq_pk},
    tree_size   BIGINT NOT NULL,
    root        ${blob} NOT NULL,
    time        VARCHAR(24) NOT NULL,
    signature   ${blob} NOT NULL,
    signer      VARCHAR(64) NOT NULL,
    frontier    ${blob} NOT NULL
);
