-- alert_milestone_delays: candidates of the milestone-delay alert — key milestones due by the end of the period that
-- are still open at its end or were reached during it, with their delay in days at the period end
-- (reached: actual − planned; open: period end − planned).
-- Parameters: $region, $start_month, $end_month (DATE, first of month; the period ends on the last day of $end_month).
WITH period_end AS (SELECT CAST(CAST($end_month AS DATE) + INTERVAL 1 MONTH - INTERVAL 1 DAY AS DATE) AS d)
SELECT p.county_code, g.county_name, g.city_name, p.project_id, p.name AS project_name, p.name AS subject,
       ms.milestone, ms.planned_date,
       CASE WHEN ms.actual_date <= a.d THEN ms.actual_date END AS actual_date,
       ms.actual_date IS NOT NULL AND ms.actual_date <= a.d AS reached,
       CASE WHEN ms.actual_date <= a.d THEN date_diff('day', ms.planned_date, ms.actual_date)
            ELSE date_diff('day', ms.planned_date, a.d) END AS delay_days
FROM project_milestones ms
JOIN projects p ON p.project_id = ms.project_id
JOIN region_membership m ON m.county_code = p.county_code AND m.region_code = $region
JOIN region_groups g ON g.county_code = p.county_code, period_end a
WHERE ms.is_key AND ms.planned_date <= a.d
  AND (ms.actual_date IS NULL OR ms.actual_date > a.d OR ms.actual_date >= CAST($start_month AS DATE))
ORDER BY p.county_code, p.project_id, ms.seq;
