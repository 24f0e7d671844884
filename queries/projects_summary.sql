-- projects_summary: headline figures of a region's project library under the page filters — number of projects,
-- investment, social capital and its share, high-risk projects, projects with a key milestone over 90 days late
-- (as of the end of the period), mean third-party performance score and this year's PPP payments.
-- Parameters:
--   $region     GB/T 2260 code of the region in scope
--   $end_month  last month of the period (DATE, first of month): delays are measured at its last day
--   $programs, $models, $statuses, $risks  lists (VARCHAR[]) of values to include
--   $key_milestone_delay_days_target, $performance_score_target  governance/core/thresholds.py TARGETS (supplied
--               by the query runner): a key milestone later than this many days; a score below the pass mark
--   $risk_levels  risk levels, most serious first (governance/core/vocabulary.py, supplied by the query runner)
WITH period_end AS (SELECT CAST(CAST($end_month AS DATE) + INTERVAL 1 MONTH - INTERVAL 1 DAY AS DATE) AS d),
late AS (
    SELECT DISTINCT m.project_id
    FROM project_milestones m, period_end a
    WHERE m.is_key AND m.planned_date <= a.d
      AND CASE WHEN m.actual_date <= a.d THEN date_diff('day', m.planned_date, m.actual_date)
               ELSE date_diff('day', m.planned_date, a.d) END > $key_milestone_delay_days_target
), p AS (
    SELECT p.* FROM projects p
    JOIN region_membership m ON m.county_code = p.county_code AND m.region_code = $region
    WHERE list_contains($programs, p.program) AND list_contains($models, p.model)
      AND list_contains($statuses, p.status) AND list_contains($risks, p.risk_level)
)
SELECT count(*) AS projects, coalesce(sum(total_investment), 0) AS total_investment,
       coalesce(sum(social_capital), 0) AS social_capital,
       social_capital_pct(sum(social_capital), sum(total_investment)) AS social_capital_pct,
       count(*) FILTER (risk_level = $risk_levels[1]) AS high_risk,
       pct(count(*) FILTER (risk_level = $risk_levels[1]), count(*)) AS high_risk_pct,
       count(*) FILTER (project_id IN (SELECT project_id FROM late)) AS key_delayed_projects,
       avg(performance_score) AS mean_performance_score,
       count(*) FILTER (performance_score < $performance_score_target) AS low_score,
       coalesce((SELECT sum(pp.payment) FROM project_payments pp  -- the 21号 stream's payment of that year
                 WHERE pp.year = year($end_month) AND pp.project_id IN (SELECT project_id FROM p)), 0)
           AS gov_payments_this_year
FROM p;
