-- councils_monthly: resident councils (居民自治委员会 / 社区协商议事会) in a region — for the whole period (grain
-- 'period'), per month (grain 'month') and per month and council type (grain 'month_type'): councils reporting,
-- meetings, attendances, proposals tabled and adopted, adoption_pct = adopted ÷ proposals. month is NULL on the
-- period row, council_type on the period and month rows. months = months with council data;
-- meetings_per_month = meetings ÷ months; participants_per_meeting = attendances ÷ meetings.
-- Parameters: $region (GB/T code), $start_month, $end_month (DATE, inclusive).
SELECT CASE WHEN grouping(x.month) = 1 THEN 'period' WHEN grouping(x.council_type) = 1 THEN 'month'
            ELSE 'month_type' END AS grain,
       x.month, x.council_type, count(DISTINCT x.month) AS months, sum(x.councils) AS councils,
       sum(x.meetings) AS meetings, sum(x.participants) AS participants, sum(x.proposals) AS proposals,
       sum(x.adopted) AS adopted,
       adoption_pct(sum(x.adopted), sum(x.proposals)) AS adoption_pct,
       per_month(sum(x.meetings), count(DISTINCT x.month)) AS meetings_per_month,
       sum(x.participants) / nullif(sum(x.meetings), 0) AS participants_per_meeting
FROM mart_councils_county_month x
JOIN region_membership m ON m.county_code = x.county_code AND m.region_code = $region
WHERE x.month BETWEEN $start_month AND $end_month
GROUP BY GROUPING SETS ((), (x.month), (x.month, x.council_type))
HAVING count(*) > 0  -- no period row for a region without data
ORDER BY x.month NULLS FIRST, x.council_type NULLS FIRST;
