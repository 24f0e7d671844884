-- waste_smart_switchers: before/after smart sorting equipment, per community of a region that got it during the
-- period (at least one month without it before the first month with it): mean accuracy and participation in the
-- months before the first month with smart_equipment and from that month on (governance/app/elderly.py
-- smart_before_after aggregates them).
-- Parameters: $region (GB/T code), $start_month, $end_month (DATE, inclusive).
WITH w AS (
    SELECT w.community_id, w.county_code, w.month, w.accuracy_pct, w.participation_pct, w.smart_equipment
    FROM waste_sorting_monthly w
    JOIN region_membership m ON m.county_code = w.county_code AND m.region_code = $region
    WHERE w.month BETWEEN $start_month AND $end_month
), firsts AS (
    SELECT community_id, min(month) AS first_month, min(month) FILTER (smart_equipment) AS first_smart_month
    FROM w GROUP BY community_id HAVING bool_or(smart_equipment)
)
SELECT w.community_id, any_value(w.county_code) AS county_code, f.first_smart_month,
       count(*) FILTER (w.month < f.first_smart_month) AS months_before,
       count(*) FILTER (w.month >= f.first_smart_month) AS months_after,
       avg(w.accuracy_pct) FILTER (w.month < f.first_smart_month) AS accuracy_before,
       avg(w.accuracy_pct) FILTER (w.month >= f.first_smart_month) AS accuracy_after,
       avg(w.participation_pct) FILTER (w.month < f.first_smart_month) AS participation_before,
       avg(w.participation_pct) FILTER (w.month >= f.first_smart_month) AS participation_after
FROM w JOIN firsts f USING (community_id)
WHERE f.first_month < f.first_smart_month
GROUP BY w.community_id, f.first_smart_month ORDER BY w.community_id;
