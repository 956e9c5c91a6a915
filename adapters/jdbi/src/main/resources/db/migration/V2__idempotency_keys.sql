-- Idempotency keys (an extension): a client's key for a request it may send again, claimed before the work is done.
-- The primary key decides a claim, whichever node it comes to: of two inserts of one key the database refuses the
-- second, which then reads the first's record (its reply, or that it is still in flight). reply_status is NULL while
-- the first request is in flight; claim_token tells whose claim a completion or release is, once an abandoned claim
-- was taken over. Keys expire at expires_at_ms and are removed in the background.
CREATE TABLE idempotency_keys (
    org_id        VARCHAR(256) NOT NULL,
    sandbox_name  VARCHAR(256) NOT NULL,
    idem_key      VARCHAR(255) NOT NULL,
    fingerprint   VARCHAR(128) NOT NULL,
    claim_token   VARCHAR(128) NOT NULL,
    claimed_at_ms BIGINT       NOT NULL,
    expires_at_ms BIGINT       NOT NULL,
    reply_status  INTEGER,
    reply_body    VARCHAR,
    CONSTRAINT idempotency_keys_pk PRIMARY KEY (org_id, sandbox_name, idem_key)
);

CREATE INDEX idempotency_keys_by_expiry ON idempotency_keys (expires_at_ms);
