-- waste_smart_switchers: before/after smart sorting equipment in a region — the communities that got it during the
-- period (at least one month without it before the first month with it), each counted once: its mean accuracy and
-- participation in the months before the first month with smart_equipment and from that month on, then over those
-- communities (one row; communities = 0 when none switched): mean before and after, mean and median change
-- (after − before, percentage points), share of communities whose accuracy rose.
-- Parameters: $region (GB/T code), $start_month, $end_month (DATE, inclusive).
WITH w AS (
    SELECT w.community_id, w.month, w.accuracy_pct, w.participation_pct, w.smart_equipment
    FROM waste_sorting_monthly w
    JOIN region_membership m ON m.county_code = w.county_code AND m.region_code = $region
    WHERE w.month BETWEEN $start_month AND $end_month
), firsts AS (
    SELECT community_id, min(month) AS first_month, min(month) FILTER (smart_equipment) AS first_smart_month
    FROM w GROUP BY community_id HAVING bool_or(smart_equipment)
), per_community AS (
    SELECT w.community_id,
           count(*) FILTER (w.month < f.first_smart_month) AS months_before,
           count(*) FILTER (w.month >= f.first_smart_month) AS months_after,
           avg(w.accuracy_pct) FILTER (w.month < f.first_smart_month) AS accuracy_before,
           avg(w.accuracy_pct) FILTER (w.month >= f.first_smart_month) AS accuracy_after,
           avg(w.participation_pct) FILTER (w.month < f.first_smart_month) AS participation_before,
           avg(w.participation_pct) FILTER (w.month >= f.first_smart_month) AS participation_after
    FROM w JOIN firsts f USING (community_id)
    WHERE f.first_month < f.first_smart_month
    GROUP BY w.community_id
)
SELECT count(*) AS communities,
       avg(accuracy_before) AS accuracy_before, avg(accuracy_after) AS accuracy_after,
       avg(accuracy_after - accuracy_before) AS accuracy_change_mean,
       median(accuracy_after - accuracy_before) AS accuracy_change_median,
       pct(count(*) FILTER (accuracy_after > accuracy_before), count(*)) AS share_improved_pct,
       avg(participation_before) AS participation_before, avg(participation_after) AS participation_after,
       avg(participation_after - participation_before) AS participation_change_mean
FROM per_community
WHERE months_before > 0 AND months_after > 0 AND accuracy_before IS NOT NULL AND accuracy_after IS NOT NULL;
