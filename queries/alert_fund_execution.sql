-- alert_fund_execution: candidates of the fund-execution alert — execution rate (executed ÷ budget) per county and
-- fiscal year touched by the period, with the month the figures run to (the rule fires from Q3: as_of_month ≥ 9).
-- Parameters: $region, $start_month, $end_month (DATE).
SELECT x.county_code, g.county_name, g.city_name, x.year, CAST(x.year AS VARCHAR) AS subject,
       max(x.as_of_month) AS as_of_month, sum(x.budget) AS budget, sum(x.executed) AS executed,
       execution_pct(sum(x.executed), sum(x.budget)) AS execution_pct
FROM mart_funds_county_year x
JOIN region_membership m ON m.county_code = x.county_code AND m.region_code = $region
JOIN region_groups g ON g.county_code = x.county_code
WHERE x.year BETWEEN year($start_month) AND year($end_month)
GROUP BY ALL
ORDER BY x.county_code, x.year;
