-- One schema for H2 2.x and PostgreSQL 15+: portable types only, instants as epoch milliseconds.
-- Every table carries the tenant scope (org_id, sandbox_name) in its key; every query filters on it.

CREATE TABLE audiences (
    org_id             VARCHAR(256)  NOT NULL,
    sandbox_name       VARCHAR(256)  NOT NULL,
    audience_id        VARCHAR(128)  NOT NULL,
    name               VARCHAR(256)  NOT NULL,
    custom_audience_id VARCHAR(256),
    ttl_days           INTEGER       NOT NULL,
    created_at_ms      BIGINT        NOT NULL,
    version            BIGINT        NOT NULL,
    body               VARCHAR       NOT NULL,
    CONSTRAINT audiences_pk PRIMARY KEY (org_id, sandbox_name, audience_id),
    -- uniqueness is the database's job, so that two nodes racing on one name cannot both win
    CONSTRAINT audiences_name_unique UNIQUE (org_id, sandbox_name, name),
    -- NULLs are distinct: audiences without a custom id never collide
    CONSTRAINT audiences_custom_id_unique UNIQUE (org_id, sandbox_name, custom_audience_id)
);

CREATE INDEX audiences_by_age ON audiences (org_id, sandbox_name, created_at_ms, audience_id);

CREATE TABLE audience_operations (
    org_id        VARCHAR(256) NOT NULL,
    sandbox_name  VARCHAR(256) NOT NULL,
    operation_id  VARCHAR(128) NOT NULL,
    status        VARCHAR(16)  NOT NULL,
    created_at_ms BIGINT       NOT NULL,
    body          VARCHAR      NOT NULL,
    CONSTRAINT audience_operations_pk PRIMARY KEY (org_id, sandbox_name, operation_id)
);

CREATE INDEX audience_operations_by_status ON audience_operations (status, created_at_ms);

CREATE TABLE ingestion_runs (
    org_id        VARCHAR(256) NOT NULL,
    sandbox_name  VARCHAR(256) NOT NULL,
    run_id        VARCHAR(128) NOT NULL,
    audience_id   VARCHAR(128) NOT NULL,
    audience_name VARCHAR(256) NOT NULL,
    status        VARCHAR(16)  NOT NULL,
    created_at_ms BIGINT       NOT NULL,
    -- the audience id while the run is in progress, NULL once it has ended: with the unique constraint below, the
    -- database itself admits at most one run in progress per audience (a portable partial unique index)
    running_audience_id VARCHAR(128),
    body          VARCHAR      NOT NULL,
    CONSTRAINT ingestion_runs_pk PRIMARY KEY (org_id, sandbox_name, run_id),
    CONSTRAINT ingestion_runs_one_in_progress UNIQUE (org_id, sandbox_name, running_audience_id),
    CONSTRAINT ingestion_runs_audience_fk FOREIGN KEY (org_id, sandbox_name, audience_id)
        REFERENCES audiences (org_id, sandbox_name, audience_id) ON DELETE CASCADE
);

CREATE INDEX ingestion_runs_by_audience ON ingestion_runs (org_id, sandbox_name, audience_id, created_at_ms);
CREATE INDEX ingestion_runs_by_sandbox_day ON ingestion_runs (org_id, sandbox_name, created_at_ms);

CREATE TABLE members (
    org_id              VARCHAR(256)  NOT NULL,
    sandbox_name        VARCHAR(256)  NOT NULL,
    audience_id         VARCHAR(128)  NOT NULL,
    identity_ns         VARCHAR(128)  NOT NULL,
    identity_value      VARCHAR(1024) NOT NULL,
    attributes          VARCHAR       NOT NULL,
    last_ingested_at_ms BIGINT        NOT NULL,
    -- "is this identity a member" and "page through members" both walk this key
    CONSTRAINT members_pk PRIMARY KEY (org_id, sandbox_name, audience_id, identity_ns, identity_value),
    CONSTRAINT members_audience_fk FOREIGN KEY (org_id, sandbox_name, audience_id)
        REFERENCES audiences (org_id, sandbox_name, audience_id) ON DELETE CASCADE
);

-- "delete expired members in batches" walks this one
CREATE INDEX members_by_expiry ON members (org_id, sandbox_name, audience_id, last_ingested_at_ms);
-- "which audiences is this identity in"
CREATE INDEX members_by_identity ON members (org_id, sandbox_name, identity_ns, identity_value);

CREATE TABLE staged_members (
    org_id         VARCHAR(256)  NOT NULL,
    sandbox_name   VARCHAR(256)  NOT NULL,
    audience_id    VARCHAR(128)  NOT NULL,
    run_id         VARCHAR(128)  NOT NULL,
    identity_ns    VARCHAR(128)  NOT NULL,
    identity_value VARCHAR(1024) NOT NULL,
    attributes     VARCHAR       NOT NULL,
    CONSTRAINT staged_members_pk PRIMARY KEY (org_id, sandbox_name, audience_id, run_id, identity_ns, identity_value),
    CONSTRAINT staged_members_audience_fk FOREIGN KEY (org_id, sandbox_name, audience_id)
        REFERENCES audiences (org_id, sandbox_name, audience_id) ON DELETE CASCADE
);
