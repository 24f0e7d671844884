-- project_milestones: one project's milestones, planned against actual, with the delay in days as of the end of the
-- period (reached: actual − planned; not reached and already due: period end − planned; not yet due: none).
-- Parameters: $project_id (VARCHAR), $end_month (DATE, first of the last month of the period);
--   $key_milestone_delay_days_target  days (governance/core/thresholds.py, supplied by the query runner).
-- state: 'done' (reached), 'open' (due, not reached), 'planned' (not yet due); late_90: key and later than that
-- (90 days).
WITH period_end AS (SELECT CAST(CAST($end_month AS DATE) + INTERVAL 1 MONTH - INTERVAL 1 DAY AS DATE) AS d)
SELECT m.project_id, m.seq, m.milestone, m.is_key, m.planned_date,
       CASE WHEN m.actual_date <= a.d THEN m.actual_date END AS actual_date,
       CASE WHEN m.actual_date <= a.d THEN 'done' WHEN m.planned_date <= a.d THEN 'open' ELSE 'planned' END AS state,
       CASE WHEN m.actual_date <= a.d THEN date_diff('day', m.planned_date, m.actual_date)
            WHEN m.planned_date <= a.d THEN date_diff('day', m.planned_date, a.d) END AS delay_days,
       a.d AS as_of_date,
       m.is_key AND coalesce(CASE WHEN m.actual_date <= a.d THEN date_diff('day', m.planned_date, m.actual_date)
                                  WHEN m.planned_date <= a.d THEN date_diff('day', m.planned_date, a.d) END, 0)
           > $key_milestone_delay_days_target
           AS late_90
FROM project_milestones m, period_end a
WHERE m.project_id = $project_id
ORDER BY m.seq;
