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

-- the runs already started count, so that an upgraded node keeps today's limits
INSERT INTO run_days_by_sandbox (org_id, sandbox_name, day_start_ms, runs)
SELECT org_id, sandbox_name, day_start_ms, COUNT(*)
FROM (SELECT org_id, sandbox_name, created_at_ms - MOD(created_at_ms, 86400000) AS day_start_ms
      FROM ingestion_runs) started
GROUP BY org_id, sandbox_name, day_start_ms;

INSERT INTO run_days_by_audience (org_id, sandbox_name, audience_id, day_start_ms, runs)
SELECT org_id, sandbox_name, audience_id, day_start_ms, COUNT(*)
FROM (SELECT org_id, sandbox_name, audience_id, created_at_ms - MOD(created_at_ms, 86400000) AS day_start_ms
      FROM ingestion_runs) started
GROUP BY org_id, sandbox_name, audience_id, day_start_ms;
