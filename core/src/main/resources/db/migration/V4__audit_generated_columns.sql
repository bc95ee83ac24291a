-- gfctl fabric store, schema 4: audit_entries keeps only what is hashed (docs/audit.md "Storage").
-- The filter columns of 'gfctl audit log' (time, actor, ..., evidence_digest) become generated
-- columns computed from the entry bytes, so they cannot disagree with what the tree signs and
-- 'gfctl audit verify' reads only seq, entry and leaf_hash. ${entry_json} is the entry as JSON
-- (NULL when it is not JSON), ${generated} the engine's kind of generated column (SQLite: VIRTUAL,
-- computed when read; PostgreSQL: STORED, computed when written).
-- Rows are copied with their bytes and leaf hashes; the old filter columns are dropped with the
-- old table (run 'gfctl audit verify' before upgrading to keep a report of any edited column).

${entry_json_function}

CREATE TABLE audit_entries_v4 (
    seq             ${seq_pk},
    entry           ${blob} NOT NULL,
    leaf_hash       ${blob} NOT NULL,
    time            VARCHAR(24) GENERATED ALWAYS AS (${entry_json} ->> 'time') ${generated},
    actor           VARCHAR(64) GENERATED ALWAYS AS (${entry_json} ->> 'actor') ${generated},
    actor_key       VARCHAR(64) GENERATED ALWAYS AS (${entry_json} ->> 'actorKey') ${generated},
    role            VARCHAR(16) GENERATED ALWAYS AS (${entry_json} ->> 'role') ${generated},
    action          VARCHAR(64) GENERATED ALWAYS AS (${entry_json} ->> 'action') ${generated},
    object          VARCHAR(256) GENERATED ALWAYS AS (${entry_json} ->> 'object') ${generated},
    result          VARCHAR(32) GENERATED ALWAYS AS (${entry_json} ->> 'result') ${generated},
    exit_code       INTEGER GENERATED ALWAYS AS (CAST(${entry_json} ->> 'exitCode' AS INTEGER)) ${generated},
    evidence_digest VARCHAR(64) GENERATED ALWAYS AS (${entry_json} ->> 'evidence') ${generated}
);

INSERT INTO audit_entries_v4 (seq, entry, leaf_hash) SELECT seq, entry, leaf_hash FROM audit_entries;

DROP TABLE audit_entries;

ALTER TABLE audit_entries_v4 RENAME TO audit_entries;

CREATE INDEX audit_entries_time ON audit_entries (time);
