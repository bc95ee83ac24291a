-- gfctl fabric store, schema 1. Portable between SQLite and PostgreSQL: timestamps are ISO-8601
-- UTC text, binary columns use the ${blob} placeholder, generated keys ${serial_pk}.

CREATE TABLE fabric_meta (
    name  VARCHAR(64) PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE trusted_tpm_cas (
    fingerprint VARCHAR(64) PRIMARY KEY,
    subject     TEXT NOT NULL,
    der         ${blob} NOT NULL,
    added_at    VARCHAR(40) NOT NULL
);

CREATE TABLE policies (
    name       VARCHAR(200) PRIMARY KEY,
    kind       VARCHAR(40) NOT NULL,
    digest     VARCHAR(64) NOT NULL,
    document   TEXT NOT NULL,
    updated_at VARCHAR(40) NOT NULL
);

CREATE TABLE hosts (
    name          VARCHAR(200) PRIMARY KEY,
    host_group    VARCHAR(200) NOT NULL,
    ek_pub_digest VARCHAR(64) NOT NULL,
    ek_cert       ${blob},
    ak_public     ${blob} NOT NULL,
    ak_name       VARCHAR(200) NOT NULL,
    policy_name   VARCHAR(200),
    enrolled_at   VARCHAR(40) NOT NULL,
    removed_at    VARCHAR(40)
);

CREATE TABLE attestations (
    id            ${serial_pk},
    host_name     VARCHAR(200) NOT NULL,
    nonce         VARCHAR(128) NOT NULL UNIQUE,
    verdict       VARCHAR(20) NOT NULL,
    policy_name   VARCHAR(200),
    policy_digest VARCHAR(64),
    evidence      ${blob},
    explanation   TEXT,
    created_at    VARCHAR(40) NOT NULL
);

CREATE TABLE health_certificates (
    serial         VARCHAR(64) PRIMARY KEY,
    host_name      VARCHAR(200) NOT NULL,
    attestation_id BIGINT NOT NULL,
    not_before     VARCHAR(40) NOT NULL,
    not_after      VARCHAR(40) NOT NULL,
    der            ${blob} NOT NULL,
    revoked_at     VARCHAR(40)
);

CREATE TABLE volumes (
    uuid              VARCHAR(40) PRIMARY KEY,
    name              VARCHAR(200) NOT NULL,
    image_path        TEXT,
    cipher            VARCHAR(40) NOT NULL,
    key_bits          INTEGER NOT NULL,
    image_size        BIGINT NOT NULL,
    merkle_root       VARCHAR(64) NOT NULL,
    signer            TEXT NOT NULL,
    recipients        TEXT NOT NULL,
    release_policy    VARCHAR(200),
    created_at        VARCHAR(40) NOT NULL,
    rotated_at        VARCHAR(40),
    verified_at       VARCHAR(40)
);

CREATE TABLE key_releases (
    id            ${serial_pk},
    volume_uuid   VARCHAR(40) NOT NULL,
    host_name     VARCHAR(200) NOT NULL,
    health_serial VARCHAR(64),
    result        VARCHAR(20) NOT NULL,
    reason        TEXT,
    created_at    VARCHAR(40) NOT NULL
);
