-- Users and their API tokens. Tokens are stored as SHA-256 hex digests: they are random,
-- high-entropy secrets, so a fast hash is enough and keeps per-request verification cheap.
CREATE TABLE users (
    id         bigserial PRIMARY KEY,
    name       text        NOT NULL UNIQUE,
    role       text        NOT NULL CHECK (role IN ('viewer', 'operator', 'admin')),
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE api_tokens (
    token_hash text PRIMARY KEY,
    user_id    bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE models (
    id              uuid PRIMARY KEY,
    name            text             NOT NULL,
    framework       text             NOT NULL,
    size_mb         double precision NOT NULL CHECK (size_mb > 0),
    parameter_count bigint           NOT NULL CHECK (parameter_count > 0),
    target_device   text             NOT NULL,
    created_at      timestamptz      NOT NULL DEFAULT now()
);
CREATE INDEX models_created_idx ON models (created_at, id);

CREATE TABLE sessions (
    id                     uuid PRIMARY KEY,
    model_id               uuid        NOT NULL REFERENCES models (id),
    status                 text        NOT NULL
        CHECK (status IN ('queued', 'running', 'completed', 'failed', 'cancelled')),
    techniques             text[]      NOT NULL,
    target_device          text        NOT NULL,
    criteria_overrides     jsonb,
    progress_percent       smallint    NOT NULL DEFAULT 0 CHECK (progress_percent BETWEEN 0 AND 100),
    size_reduction_percent double precision,
    speedup_factor         double precision,
    accuracy_delta_percent double precision,
    created_by             bigint,
    created_at             timestamptz NOT NULL,
    started_at             timestamptz,
    finished_at            timestamptz,
    updated_at             timestamptz NOT NULL
);
-- The list's main access path: one status, newest first, keyset on (created_at, id).
CREATE INDEX sessions_status_created_idx ON sessions (status, created_at, id);
-- Unfiltered lists, created_after/before ranges and the dashboard's last-24h count.
CREATE INDEX sessions_created_idx ON sessions (created_at, id);
-- model_id filter (and the foreign key's delete check).
CREATE INDEX sessions_model_created_idx ON sessions (model_id, created_at, id);

-- Per-status counters and result sums, kept exact by statement-level triggers, so the dashboard
-- and a list's `total` for status-only filters never count millions of rows.
CREATE TABLE session_stats (
    status                 text PRIMARY KEY,
    session_count          bigint           NOT NULL DEFAULT 0,
    results_count          bigint           NOT NULL DEFAULT 0,
    sum_size_reduction     double precision NOT NULL DEFAULT 0,
    sum_speedup            double precision NOT NULL DEFAULT 0,
    sum_accuracy_delta     double precision NOT NULL DEFAULT 0
);
INSERT INTO session_stats (status)
VALUES ('queued'), ('running'), ('completed'), ('failed'), ('cancelled');

CREATE FUNCTION session_stats_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- Rows are updated in status order so concurrent writers never deadlock on the counters.
    IF TG_OP = 'INSERT' THEN
        UPDATE session_stats st
           SET session_count = st.session_count + d.n, results_count = st.results_count + d.r,
               sum_size_reduction = st.sum_size_reduction + d.s, sum_speedup = st.sum_speedup + d.p,
               sum_accuracy_delta = st.sum_accuracy_delta + d.a
          FROM (SELECT status, count(*) n, count(size_reduction_percent) r,
                       coalesce(sum(size_reduction_percent), 0) s, coalesce(sum(speedup_factor), 0) p,
                       coalesce(sum(accuracy_delta_percent), 0) a
                  FROM new_rows GROUP BY status ORDER BY status) d
         WHERE st.status = d.status;
    ELSIF TG_OP = 'DELETE' THEN
        UPDATE session_stats st
           SET session_count = st.session_count - d.n, results_count = st.results_count - d.r,
               sum_size_reduction = st.sum_size_reduction - d.s, sum_speedup = st.sum_speedup - d.p,
               sum_accuracy_delta = st.sum_accuracy_delta - d.a
          FROM (SELECT status, count(*) n, count(size_reduction_percent) r,
                       coalesce(sum(size_reduction_percent), 0) s, coalesce(sum(speedup_factor), 0) p,
                       coalesce(sum(accuracy_delta_percent), 0) a
                  FROM old_rows GROUP BY status ORDER BY status) d
         WHERE st.status = d.status;
    ELSE
        UPDATE session_stats st
           SET session_count = st.session_count + d.n, results_count = st.results_count + d.r,
               sum_size_reduction = st.sum_size_reduction + d.s, sum_speedup = st.sum_speedup + d.p,
               sum_accuracy_delta = st.sum_accuracy_delta + d.a
          FROM (SELECT status, sum(n) n, sum(r) r, sum(s) s, sum(p) p, sum(a) a FROM (
                    SELECT status, count(*) n, count(size_reduction_percent) r,
                           coalesce(sum(size_reduction_percent), 0) s, coalesce(sum(speedup_factor), 0) p,
                           coalesce(sum(accuracy_delta_percent), 0) a
                      FROM new_rows GROUP BY status
                    UNION ALL
                    SELECT status, -count(*), -count(size_reduction_percent),
                           -coalesce(sum(size_reduction_percent), 0), -coalesce(sum(speedup_factor), 0),
                           -coalesce(sum(accuracy_delta_percent), 0)
                      FROM old_rows GROUP BY status) x
                 GROUP BY status
                HAVING sum(n) <> 0 OR sum(r) <> 0 OR sum(s) <> 0 OR sum(p) <> 0 OR sum(a) <> 0
                 ORDER BY status) d
         WHERE st.status = d.status;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER sessions_stats_ins AFTER INSERT ON sessions
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION session_stats_apply();
CREATE TRIGGER sessions_stats_upd AFTER UPDATE ON sessions
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION session_stats_apply();
CREATE TRIGGER sessions_stats_del AFTER DELETE ON sessions
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION session_stats_apply();

-- One row: the optimization criteria document, versioned for ETag/If-Match.
CREATE TABLE optimization_criteria (
    id                         smallint PRIMARY KEY CHECK (id = 1),
    max_accuracy_loss_percent  double precision NOT NULL,
    min_size_reduction_percent double precision NOT NULL,
    max_latency_ms             double precision NOT NULL,
    allowed_techniques         text[]           NOT NULL,
    target_devices             text[]           NOT NULL,
    version                    bigint           NOT NULL,
    updated_at                 timestamptz      NOT NULL
);
INSERT INTO optimization_criteria
VALUES (1, 2.0, 30.0, 50.0, ARRAY ['quantization', 'pruning', 'distillation'],
        ARRAY ['jetson-orin', 'jetson-nano', 'raspberry-pi-5', 'coral-tpu', 'x86-cpu'], 1, now());
