-- Session counts by creation time, and counters that concurrent writers do not queue on.
--
-- Before: every write's trigger updated its status's row of session_stats, so concurrent creates
-- (all 'queued') waited for each other's commit on one row, and the total of a date-range list was
-- a count(*) over the range (683,007 rows for two months of a million sessions).
--
-- Now: triggers only append to session_count_deltas (an INSERT never waits for another one), and
-- SessionCounts.fold() moves the pending deltas into session_stats, session_hour_stats and
-- session_day_stats in one statement about every 200 ms. A reader adds the pending deltas to the
-- folded counts in the same statement (same snapshot), so every count is exact at all times:
--   status totals:      session_stats_live (folded + pending, per status);
--   date-range totals:  whole UTC days from session_day_stats, whole hours at the range's ends from
--                       session_hour_stats, the minutes before the first and after the last whole
--                       hour counted on the sessions indexes, pending deltas of the range's hours.
-- Hours and days are UTC and keyed by the session's created_at (which never changes).

CREATE TABLE session_count_deltas (
    hour               timestamptz      NOT NULL,
    status             text             NOT NULL,
    session_count      bigint           NOT NULL,
    results_count      bigint           NOT NULL,
    sum_size_reduction double precision NOT NULL,
    sum_speedup        double precision NOT NULL,
    sum_accuracy_delta double precision NOT NULL
);
-- Rows live for a fold period; vacuum the churn early so readers scan few dead rows.
ALTER TABLE session_count_deltas SET (autovacuum_vacuum_scale_factor = 0,
    autovacuum_vacuum_threshold = 5000, autovacuum_vacuum_insert_scale_factor = 0,
    autovacuum_vacuum_insert_threshold = 5000);

CREATE TABLE session_hour_stats (
    hour          timestamptz NOT NULL,
    status        text        NOT NULL,
    session_count bigint      NOT NULL,
    PRIMARY KEY (hour, status)
);

CREATE TABLE session_day_stats (
    day           timestamptz NOT NULL,
    status        text        NOT NULL,
    session_count bigint      NOT NULL,
    PRIMARY KEY (day, status)
);

INSERT INTO session_hour_stats
SELECT date_trunc('hour', created_at, 'UTC'), status, count(*) FROM sessions GROUP BY 1, 2;
INSERT INTO session_day_stats
SELECT date_trunc('day', hour, 'UTC'), status, sum(session_count) FROM session_hour_stats GROUP BY 1, 2;

-- Per-status counts including the deltas not yet folded.
CREATE VIEW session_stats_live AS
SELECT st.status,
       st.session_count + coalesce(d.session_count, 0)           AS session_count,
       st.results_count + coalesce(d.results_count, 0)           AS results_count,
       st.sum_size_reduction + coalesce(d.sum_size_reduction, 0) AS sum_size_reduction,
       st.sum_speedup + coalesce(d.sum_speedup, 0)               AS sum_speedup,
       st.sum_accuracy_delta + coalesce(d.sum_accuracy_delta, 0) AS sum_accuracy_delta
  FROM session_stats st
  LEFT JOIN (SELECT status, sum(session_count) AS session_count, sum(results_count) AS results_count,
                    sum(sum_size_reduction) AS sum_size_reduction, sum(sum_speedup) AS sum_speedup,
                    sum(sum_accuracy_delta) AS sum_accuracy_delta
               FROM session_count_deltas GROUP BY status) d ON d.status = st.status;

-- The triggers stay statement-level (a bulk insert writes one delta row per hour and status).
CREATE OR REPLACE FUNCTION session_stats_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO session_count_deltas
        SELECT date_trunc('hour', created_at, 'UTC'), status, count(*), count(size_reduction_percent),
               coalesce(sum(size_reduction_percent), 0), coalesce(sum(speedup_factor), 0),
               coalesce(sum(accuracy_delta_percent), 0)
          FROM new_rows GROUP BY 1, 2;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO session_count_deltas
        SELECT date_trunc('hour', created_at, 'UTC'), status, -count(*), -count(size_reduction_percent),
               -coalesce(sum(size_reduction_percent), 0), -coalesce(sum(speedup_factor), 0),
               -coalesce(sum(accuracy_delta_percent), 0)
          FROM old_rows GROUP BY 1, 2;
    ELSE
        -- Only what changed: progress updates of the engine (same status, no results) add nothing.
        INSERT INTO session_count_deltas
        SELECT hour, status, sum(n), sum(r), sum(s), sum(p), sum(a) FROM (
                SELECT date_trunc('hour', created_at, 'UTC') AS hour, status, count(*) AS n,
                       count(size_reduction_percent) AS r, coalesce(sum(size_reduction_percent), 0) AS s,
                       coalesce(sum(speedup_factor), 0) AS p, coalesce(sum(accuracy_delta_percent), 0) AS a
                  FROM new_rows GROUP BY 1, 2
                UNION ALL
                SELECT date_trunc('hour', created_at, 'UTC'), status, -count(*), -count(size_reduction_percent),
                       -coalesce(sum(size_reduction_percent), 0), -coalesce(sum(speedup_factor), 0),
                       -coalesce(sum(accuracy_delta_percent), 0)
                  FROM old_rows GROUP BY 1, 2) x
         GROUP BY hour, status
        HAVING sum(n) <> 0 OR sum(r) <> 0 OR sum(s) <> 0 OR sum(p) <> 0 OR sum(a) <> 0;
    END IF;
    RETURN NULL;
END $$;
