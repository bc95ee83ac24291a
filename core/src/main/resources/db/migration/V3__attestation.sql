-- Attestation support: single-use guardian nonces and pending enrollment challenges.
-- The challenge stores only a SHA-256 of the credential secret, so reading the store does not
-- let anyone complete an enrollment (TPM 2.0 Part 1 §24: only the EK's TPM can recover it).

CREATE TABLE attestation_nonces (
    nonce     VARCHAR(128) PRIMARY KEY,
    host_name VARCHAR(200) NOT NULL,
    issued_at VARCHAR(40) NOT NULL,
    used_at   VARCHAR(40)
);

CREATE TABLE enrollment_challenges (
    id            VARCHAR(40) PRIMARY KEY,
    host_name     VARCHAR(200) NOT NULL,
    host_group    VARCHAR(200) NOT NULL,
    secret_sha256 VARCHAR(64) NOT NULL,
    ek_pub_digest VARCHAR(64) NOT NULL,
    ek_cert       ${blob},
    ak_public     ${blob} NOT NULL,
    issued_at     VARCHAR(40) NOT NULL,
    used_at       VARCHAR(40)
);
