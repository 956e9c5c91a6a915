-- One schema for H2 2.x and PostgreSQL 15+: portable types only, instants as epoch milliseconds.
-- Every table carries the tenant scope (org_id, sandbox_name) in its key; every query filters on it.
-- No table references another: deleting an audience has one owner, the domain's delete use case, which removes the
-- audience, then its runs, then its members (and anything staged for them), each through its own store.

CREATE TABLE audiences (
    org_id             VARCHAR(256)  NOT NULL,
    sandbox_name       VARCHAR(256)  NOT NULL,
    audience_id        VARCHAR(128)  NOT NULL,
    name               VARCHAR(256)  NOT NULL,
    custom_audience_id VARCHAR(256),
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

-- No foreign key to audiences: a run can still not be added for an audience that is gone, since the runs store
-- checks the audience, under its row lock, as it adds the run.
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
    -- A worker claims a run by writing its id and a lease expiry with a conditional update; a run whose lease lapsed
    -- belongs to a node that stopped, and is failed by the next worker that looks.
    lease_owner    VARCHAR(128),
    lease_until_ms BIGINT,
    CONSTRAINT ingestion_runs_pk PRIMARY KEY (org_id, sandbox_name, run_id),
    CONSTRAINT ingestion_runs_one_in_progress UNIQUE (org_id, sandbox_name, running_audience_id)
);

CREATE INDEX ingestion_runs_by_audience ON ingestion_runs (org_id, sandbox_name, audience_id, created_at_ms);
CREATE INDEX ingestion_runs_by_sandbox_day ON ingestion_runs (org_id, sandbox_name, created_at_ms);
CREATE INDEX ingestion_runs_claimable ON ingestion_runs (status, lease_owner, created_at_ms);
CREATE INDEX ingestion_runs_leases ON ingestion_runs (status, lease_until_ms);

-- Members are kept in generations. A full run writes the membership it read as a new generation of the audience's
-- members and makes it current in one step (member_generations). Its rows go into key space no earlier row used, so
-- the insert costs what a first ingest costs (rewriting a million existing rows, or re-inserting them past a million
-- dead index entries, costs three times as much); the rows of the generation it replaced are invisible at once and
-- removed afterwards, in batches. Readers see the current generation only. No foreign key to audiences (a per-row
-- check on every insert of a merge): deleting an audience deletes its members explicitly.
CREATE TABLE members (
    org_id              VARCHAR(256)  NOT NULL,
    sandbox_name        VARCHAR(256)  NOT NULL,
    audience_id         VARCHAR(128)  NOT NULL,
    identity_ns         VARCHAR(128)  NOT NULL,
    identity_value      VARCHAR(1024) NOT NULL,
    attributes          VARCHAR       NOT NULL,
    last_ingested_at_ms BIGINT        NOT NULL,
    generation          BIGINT        DEFAULT 0 NOT NULL,
    -- "is this identity a member" and "page through members" both walk this key
    CONSTRAINT members_pk PRIMARY KEY (org_id, sandbox_name, audience_id, generation, identity_ns, identity_value)
);

-- "delete expired members in batches" walks this one
CREATE INDEX members_by_expiry ON members (org_id, sandbox_name, audience_id, generation, last_ingested_at_ms);
-- "which audiences is this identity in"
CREATE INDEX members_by_identity ON members (org_id, sandbox_name, identity_ns, identity_value);

-- The current generation of an audience's members; an audience with no row here is at generation 0.
CREATE TABLE member_generations (
    org_id       VARCHAR(256) NOT NULL,
    sandbox_name VARCHAR(256) NOT NULL,
    audience_id  VARCHAR(128) NOT NULL,
    generation   BIGINT       NOT NULL,
    CONSTRAINT member_generations_pk PRIMARY KEY (org_id, sandbox_name, audience_id)
);

-- Each run stages into a table of its own, created at its first batch and dropped at its merge (or when it is
-- discarded): no index to maintain but the row order, nothing to delete row by row afterwards. Appends are in order
-- (COPY on PostgreSQL, batched inserts on H2); duplicates are resolved once, at the merge, where the row staged last
-- wins. These tables are not created here but at run time, by StagingTables.ensure, named staging_<24 hex digits of
-- a hash of the run's scope and id> (never from user text), UNLOGGED on PostgreSQL, in this shape:
--
--     CREATE [UNLOGGED] TABLE staging_<hash> (
--         seq            BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
--         identity_ns    VARCHAR(128)  NOT NULL,
--         identity_value VARCHAR(1024) NOT NULL,
--         attributes     VARCHAR       NOT NULL
--     );
--
-- This registry remembers which staging tables exist, so that deleting an audience drops the staging tables of its
-- runs too.
CREATE TABLE staging_tables (
    table_name   VARCHAR(64)  NOT NULL,
    org_id       VARCHAR(256) NOT NULL,
    sandbox_name VARCHAR(256) NOT NULL,
    audience_id  VARCHAR(128) NOT NULL,
    run_id       VARCHAR(128) NOT NULL,
    CONSTRAINT staging_tables_pk PRIMARY KEY (table_name)
);

CREATE INDEX staging_tables_by_audience ON staging_tables (org_id, sandbox_name, audience_id);

-- The daily guardrails are decided by the database, as "one run in progress" is: a start increments the counter of its
-- audience's day and of its sandbox's day with a conditional update (runs < limit) in the transaction that inserts the
-- run. Concurrent starts queue on the counter's row lock, and each sees the count the one before it committed, so
-- that no more are accepted than the limit, whichever node they come to. Days are UTC days, as epoch milliseconds of
-- their start. Counters only grow: deleting an audience does not give its runs back to the sandbox.
CREATE TABLE run_days_by_sandbox (
    org_id       VARCHAR(256) NOT NULL,
    sandbox_name VARCHAR(256) NOT NULL,
    day_start_ms BIGINT       NOT NULL,
    runs         BIGINT       NOT NULL,
    CONSTRAINT run_days_by_sandbox_pk PRIMARY KEY (org_id, sandbox_name, day_start_ms)
);

CREATE TABLE run_days_by_audience (
    org_id       VARCHAR(256) NOT NULL,
    sandbox_name VARCHAR(256) NOT NULL,
    audience_id  VARCHAR(128) NOT NULL,
    day_start_ms BIGINT       NOT NULL,
    runs         BIGINT       NOT NULL,
    CONSTRAINT run_days_by_audience_pk PRIMARY KEY (org_id, sandbox_name, audience_id, day_start_ms)
);

-- Each node's run workers record when they were last alive, so that any node can tell whether runs are being
-- executed at all (a health check says "no worker seen for N seconds" when every node runs without workers).
CREATE TABLE run_workers (
    worker_id    VARCHAR(128) NOT NULL,
    last_seen_ms BIGINT       NOT NULL,
    CONSTRAINT run_workers_pk PRIMARY KEY (worker_id)
);

CREATE INDEX run_workers_by_sighting ON run_workers (last_seen_ms);
