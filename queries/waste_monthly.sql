-- waste_monthly: waste sorting in a region — for the whole period (grain 'period'), per month (grain 'month') and per
-- month split by whether the community had smart equipment that month (grain 'month_equipment', equipment
-- 'smart' | 'none'; the other grains say 'all'). month is NULL on the period row.
-- Parameters: $region (GB/T code), $start_month, $end_month (DATE, inclusive).
-- participation_pct / accuracy_pct: weighted by households (domain.md §7); tonnes = the four streams;
-- recyclable_share_pct = recyclables ÷ tonnes; smart_share_pct = communities with smart equipment ÷ communities
-- (community-months over the period).
SELECT CASE WHEN grouping(x.month) = 1 THEN 'period' WHEN grouping(x.smart_equipment) = 1 THEN 'month'
            ELSE 'month_equipment' END AS grain,
       x.month,
       CASE WHEN grouping(x.smart_equipment) = 1 THEN 'all' WHEN x.smart_equipment THEN 'smart' ELSE 'none' END
           AS equipment,
       sum(x.communities) AS communities, sum(x.households) AS households,
       weighted_mean(sum(x.participation_x_households), sum(x.households)) AS participation_pct,
       weighted_mean(sum(x.accuracy_x_households), sum(x.households)) AS accuracy_pct,
       sum(x.kitchen_t) AS kitchen_t, sum(x.recyclable_t) AS recyclable_t, sum(x.hazardous_t) AS hazardous_t,
       sum(x.other_t) AS other_t, sum(x.tonnes) AS tonnes,
       recyclable_share_pct(sum(x.recyclable_t), sum(x.tonnes)) AS recyclable_share_pct,
       pct(coalesce(sum(x.communities) FILTER (x.smart_equipment), 0), sum(x.communities)) AS smart_share_pct
FROM mart_waste_county_month x
JOIN region_membership m ON m.county_code = x.county_code AND m.region_code = $region
WHERE x.month BETWEEN $start_month AND $end_month
GROUP BY GROUPING SETS ((), (x.month), (x.month, x.smart_equipment))
HAVING count(*) > 0  -- no period row for a region without data
ORDER BY x.month NULLS FIRST, equipment;
