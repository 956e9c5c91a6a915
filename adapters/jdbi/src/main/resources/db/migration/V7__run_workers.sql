-- Each node's run workers record when they were last alive, so that any node can tell whether runs are being
-- executed at all (a health check says "no worker seen for N seconds" when every node runs without workers).
CREATE TABLE run_workers (
    worker_id    VARCHAR(128) NOT NULL,
    last_seen_ms BIGINT       NOT NULL,
    CONSTRAINT run_workers_pk PRIMARY KEY (worker_id)
);

CREATE INDEX run_workers_by_sighting ON run_workers (last_seen_ms);
