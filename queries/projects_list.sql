-- projects_list: the project library of a region with its monitoring status — financing model, investment, social
-- capital, status, third-party performance score, risk level, PPP payments and key-milestone delays as of the end of
-- the period.
-- Parameters:
--   $region     GB/T 2260 code of the region in scope
--   $end_month  last month of the period (DATE, first of month): delays are measured at its last day
--   $programs, $models, $statuses, $risks  lists (VARCHAR[]) of values to include
--   $key_milestone_delay_days_target  days (governance/core/thresholds.py, supplied by the query runner)
--   $risk_levels  risk levels, most serious first (governance/core/vocabulary.py, supplied by the query runner):
--               risk_rank 3 = high, 2 = medium, 1 = low
-- key_delayed: key milestones more than that many days late (90: reached late, or not reached 90 days after the
-- plan).
WITH period_end AS (SELECT CAST(CAST($end_month AS DATE) + INTERVAL 1 MONTH - INTERVAL 1 DAY AS DATE) AS d),
md AS (
    SELECT m.project_id, m.is_key, m.actual_date <= a.d AS reached,
           CASE WHEN m.actual_date <= a.d THEN date_diff('day', m.planned_date, m.actual_date)
                WHEN m.planned_date <= a.d THEN date_diff('day', m.planned_date, a.d) END AS delay_days
    FROM project_milestones m, period_end a
), ms AS (
    SELECT project_id, count(*) AS milestones, count(*) FILTER (reached) AS reached,
           max(delay_days) FILTER (is_key) AS max_key_delay_days,
           count(*) FILTER (is_key AND delay_days > $key_milestone_delay_days_target) AS key_delayed
    FROM md GROUP BY project_id
)
SELECT p.project_id, p.name, p.county_code, g.county_name, g.city_name, p.program, p.model, p.total_investment,
       p.social_capital, social_capital_pct(p.social_capital, p.total_investment) AS social_capital_pct,
       p.start_date, p.term_years, p.status, p.performance_score, p.risk_level,
       1 + len($risk_levels) - list_position($risk_levels, p.risk_level) AS risk_rank,
       p.annual_gov_payment, p.payment_start_year, p.payment_end_year,
       coalesce(ms.milestones, 0) AS milestones, coalesce(ms.reached, 0) AS milestones_reached,
       ms.max_key_delay_days, coalesce(ms.key_delayed, 0) AS key_delayed
FROM projects p
JOIN region_membership m ON m.county_code = p.county_code AND m.region_code = $region
JOIN region_groups g ON g.county_code = p.county_code
LEFT JOIN ms ON ms.project_id = p.project_id
WHERE list_contains($programs, p.program) AND list_contains($models, p.model)
  AND list_contains($statuses, p.status) AND list_contains($risks, p.risk_level)
ORDER BY risk_rank DESC, coalesce(ms.key_delayed, 0) DESC, p.performance_score NULLS LAST, p.project_id;
