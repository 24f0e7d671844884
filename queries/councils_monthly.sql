-- councils_monthly: resident councils (居民自治委员会 / 社区协商议事会) per month and council type in a region:
-- councils reporting, meetings, attendances, proposals tabled and adopted.
-- Parameters: $region (GB/T code), $start_month, $end_month (DATE, inclusive).
SELECT x.month, x.council_type, sum(x.councils) AS councils, sum(x.meetings) AS meetings,
       sum(x.participants) AS participants, sum(x.proposals) AS proposals, sum(x.adopted) AS adopted
FROM mart_councils_county_month x
JOIN region_membership m ON m.county_code = x.county_code AND m.region_code = $region
WHERE x.month BETWEEN $start_month AND $end_month
GROUP BY x.month, x.council_type ORDER BY x.month, x.council_type;
